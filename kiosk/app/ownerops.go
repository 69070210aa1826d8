package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ashyq/kiosk/kiosk/sound"
	"github.com/ashyq/kiosk/kiosk/tui"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// SetAsideFile keeps the dead letters the owner set aside for good, one
// JSON event a line, in storage.data_dir: out of the queue, never lost.
const SetAsideFile = "set-aside.jsonl"

// ownerTimeout bounds an owner control's call to the upstream: the owner is
// waiting at the screen.
const ownerTimeout = 5 * time.Second

// ownerOps carries out the owner menu's controls (tui.OwnerOps) over the
// outbox, the syncer, the upstream and the engine.
type ownerOps struct {
	a      *App
	player *sound.Player // nil when sound is off
}

var _ tui.OwnerOps = (*ownerOps)(nil)

// SetLimits keeps the limits in the overrides file, then sends them
// upstream, so that every door of the venue enforces the same.
func (o *ownerOps) SetLimits(capacity int, closing string) (upstreamErr, err error) {
	a := o.a
	if err := a.updateOverrides(func(ov *Overrides) { ov.Capacity, ov.ClosingTime = &capacity, &closing }); err != nil {
		return nil, err
	}
	a.Engine.SetCapacity(capacity)
	a.Cfg.Venue.Capacity, a.Cfg.Venue.ClosingTime = capacity, closing
	if a.Client == nil {
		return errors.New("no upstream configured"), nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), ownerTimeout)
	defer cancel()
	l := wire.VenueLimits{Capacity: capacity, ClosingTime: closing, TimeZone: a.Cfg.Venue.TimeZone,
		MaxStayMinutes: int(a.Cfg.Venue.MaxStay.Duration / time.Minute)}
	if err := a.Client.SetLimits(ctx, a.Cfg.Device.Venue, l); err != nil {
		return err, nil
	}
	return nil, nil
}

// SyncNow wakes the sender.
func (o *ownerOps) SyncNow() { o.a.Syncer.Kick() }

// Queue lists the waiting records and the dead letters (IINs masked).
func (o *ownerOps) Queue() (tui.QueueView, error) {
	st, err := o.a.Outbox.Stats()
	if err != nil {
		return tui.QueueView{}, err
	}
	dead, err := o.a.Outbox.DeadLetters(200)
	if err != nil {
		return tui.QueueView{}, err
	}
	q := tui.QueueView{Waiting: st.Pending, Oldest: st.OldestPending}
	for _, d := range dead {
		q.Dead = append(q.Dead, tui.DeadItem{ID: d.Event.ID, MaskedIIN: iin.Mask(d.Event.IIN), Kind: d.Event.Kind,
			ScannedAt: d.Event.ScannedAt, Reason: d.Error})
	}
	return q, nil
}

// Retry queues a dead letter again and wakes the sender.
func (o *ownerOps) Retry(id string) error {
	n, err := o.a.Outbox.Retry([]string{id})
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("record %s is no longer a dead letter", id)
	}
	o.a.Log.Info("dead letter queued again by the owner", "id", id)
	o.a.Syncer.Kick()
	return nil
}

// SetAside appends the dead letter to SetAsideFile (synced to disk), then
// removes it from the outbox: a crash in between leaves it in both, never
// in neither.
func (o *ownerOps) SetAside(id string) (string, error) {
	a := o.a
	dead, err := a.Outbox.DeadLetters(0)
	if err != nil {
		return "", err
	}
	var rec []byte
	for _, d := range dead {
		if d.Event.ID == id {
			rec, _ = json.Marshal(struct {
				Event  wire.Event `json:"event"`
				Reason string     `json:"reason"`
				At     time.Time  `json:"rejected_at"`
				SetBy  string     `json:"set_aside"`
			}{d.Event, d.Error, d.At, time.Now().UTC().Format(time.RFC3339)})
		}
	}
	if rec == nil {
		return "", fmt.Errorf("record %s is not a dead letter", id)
	}
	path := filepath.Join(a.Cfg.Storage.DataDir, SetAsideFile)
	if err := appendSynced(path, append(rec, '\n')); err != nil {
		return "", fmt.Errorf("set aside: %w", err)
	}
	if _, err := a.Outbox.Forget([]string{id}); err != nil {
		return "", err
	}
	a.Log.Info("dead letter set aside by the owner", "id", id, "file", path)
	return path, nil
}

func appendSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// CheckoutAll asks the upstream to close every open visit of the venue.
func (o *ownerOps) CheckoutAll() (int, error) {
	a := o.a
	if a.Client == nil {
		return 0, errors.New("no upstream configured")
	}
	ctx, cancel := context.WithTimeout(context.Background(), ownerTimeout)
	defer cancel()
	n, err := a.Client.Checkout(ctx, a.Cfg.Device.Venue)
	if err != nil {
		return 0, err
	}
	a.Engine.ForgetInside()
	a.Syncer.Kick() // the next occupancy poll brings the new figure
	a.Log.Info("everybody checked out by the owner", "closed", n)
	return n, nil
}

// Health is the outbox's size and counts, the sound and the last scan.
func (o *ownerOps) Health() (tui.HealthView, error) {
	a := o.a
	st, err := a.Outbox.Stats()
	if err != nil {
		return tui.HealthView{}, err
	}
	h := tui.HealthView{FileBytes: st.FileBytes, MaxBytes: a.Cfg.Storage.MaxMB << 20, Pending: st.Pending,
		Dead: st.DeadLetters, LastScan: a.Engine.LastScan(scanner.SourceWedge)}
	if o.player != nil {
		h.SoundALSA, h.SoundDevice = o.player.ALSA()
	}
	return h, nil
}
