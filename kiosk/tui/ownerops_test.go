package tui

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/ashyq/kiosk/sync/wire"
)

// fakeOps records the owner controls' calls.
type fakeOps struct {
	mu       sync.Mutex
	calls    []string
	limits   [][2]any
	upErr    error
	queue    QueueView
	checkout int
}

func (f *fakeOps) note(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
}

func (f *fakeOps) SetLimits(capacity int, closing string) (error, error) {
	f.mu.Lock()
	f.limits = append(f.limits, [2]any{capacity, closing})
	f.mu.Unlock()
	f.note("limits")
	return f.upErr, nil
}
func (f *fakeOps) SyncNow()                  { f.note("sync") }
func (f *fakeOps) Queue() (QueueView, error) { f.note("queue"); return f.queue, nil }
func (f *fakeOps) Retry(id string) error     { f.note("retry " + id); return nil }
func (f *fakeOps) SetAside(id string) (string, error) {
	f.note("aside " + id)
	return "/var/lib/ashyq-kiosk/set-aside.jsonl", nil
}
func (f *fakeOps) CheckoutAll() (int, error) { f.note("checkout"); return f.checkout, nil }
func (f *fakeOps) Health() (HealthView, error) {
	f.note("health")
	return HealthView{FileBytes: 3 << 20, MaxBytes: 512 << 20, Pending: 2, SoundALSA: true, SoundDevice: "default"}, nil
}

func (f *fakeOps) waitCall(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		f.mu.Lock()
		ok := slices.Contains(f.calls, want)
		f.mu.Unlock()
		if ok {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no %q call; calls %v", want, f.calls)
}

func ownerOpsRig(t *testing.T, ops *fakeOps) *ownerRig {
	r := newOwnerRig(t, func(o *Options) { o.Owner = ops }, Sources{})
	r.unlock()
	return r
}

// TestOwnerSetsCapacityAndClosing: the owner types a capacity and a
// closing time; the engine obeys the capacity at once, the idle screen
// shows the closing time, and both are saved; a bad value is refused with
// its reason.
func TestOwnerSetsCapacityAndClosing(t *testing.T) {
	ops := &fakeOps{}
	r := ownerOpsRig(t, ops)
	r.choose("6")
	waitFor(t, r.tm, "Capacity (people inside at once")
	typeLine(r.tm, "abc")
	waitFor(t, r.tm, "Not a capacity")
	r.key(tea.KeyCtrlU)
	typeLine(r.tm, "25")
	waitFor(t, r.tm, "Saved here and on the server", "Capacity: 25")
	if c := r.reg.Count().Capacity; c != 25 {
		t.Errorf("engine capacity %d, want 25", c)
	}
	ops.upErr = errors.New("connection refused")
	r.choose("7")
	waitFor(t, r.tm, "Closing time (HH:MM")
	typeLine(r.tm, "2300")
	waitFor(t, r.tm, "Saved on this device; the server did not take it yet", "Closing time: 23:00")
	ops.mu.Lock()
	got := slices.Clone(ops.limits)
	ops.mu.Unlock()
	if len(got) != 2 || got[0] != [2]any{25, ""} || got[1] != [2]any{25, "23:00"} {
		t.Errorf("saved limits %v", got)
	}
	r.key(tea.KeyEscape)
	waitFor(t, r.tm, hint, "closes at 23:00")
}

// TestOwnerQueue: the queue page lists the dead letters with their
// reasons; r retries the chosen one, x sets it aside.
func TestOwnerQueue(t *testing.T) {
	ops := &fakeOps{queue: QueueView{Waiting: 3, Oldest: t0.Add(-5 * time.Minute), Dead: []DeadItem{
		{ID: "id-1", MaskedIIN: "••••••••0017", Kind: wire.Entry, ScannedAt: t0, Reason: "iin must have 12 digits"},
		{ID: "id-2", MaskedIIN: "••••••••0035", Kind: wire.Exit, ScannedAt: t0, Reason: "venue does not match the token"},
	}}}
	r := ownerOpsRig(t, ops)
	r.choose("9")
	waitFor(t, r.tm, "Waiting to sync: 3", "Refused by the server (dead letters): 2", "iin must have 12 digits", "venue does not match")
	r.tm.Type("r")
	ops.waitCall(t, "retry id-1")
	waitFor(t, r.tm, "Queued again")
	r.key(tea.KeyDown)
	r.tm.Type("x")
	ops.waitCall(t, "aside id-2")
	waitFor(t, r.tm, "Set aside for good")
}

// TestOwnerActions: sync now, health, check everybody out (after
// confirming), quit.
func TestOwnerActions(t *testing.T) {
	ops := &fakeOps{checkout: 7}
	r := ownerOpsRig(t, ops)
	r.choose("8")
	ops.waitCall(t, "sync")
	r.choose("a")
	waitFor(t, r.tm, "Storage: 3 MiB used of 512 MiB, 2 waiting", "Sound: ALSA (default)", "Barcode scanner")
	r.key(tea.KeyEscape)
	r.choose("b")
	waitFor(t, r.tm, "Check out all 0 people inside now?")
	ops.mu.Lock()
	early := slices.Contains(ops.calls, "checkout")
	ops.mu.Unlock()
	if early {
		t.Fatal("checked out before the owner confirmed")
	}
	r.key(tea.KeyEnter)
	ops.waitCall(t, "checkout")
	waitFor(t, r.tm, "Checked out: 7")
	r.choose("c")
	r.tm.WaitFinished(t, teatest.WithFinalTimeout(patience))
	if out := r.log.String(); !strings.Contains(out, "owner quit the kiosk") {
		t.Error("quitting is not logged")
	}
}
