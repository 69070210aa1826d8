package storetest

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// The owner's pages (store.OwnerStore): doors, device enrolment codes, hour
// counts and events by scan time.

func ownerTests() []struct {
	name string
	fn   func(t *testing.T, st store.Store, again func() store.Store)
} {
	return []struct {
		name string
		fn   func(t *testing.T, st store.Store, again func() store.Store)
	}{
		{"Doors", testDoors},
		{"DeviceEnrolments", testDeviceEnrolments},
		{"DeviceEnrolmentOnce", testDeviceEnrolmentOnce},
		{"HourCounts", testHourCounts},
		{"EventsBetween", testEventsBetween},
		{"VenueOfflinePolicy", testVenueOfflinePolicy},
	}
}

func testDoors(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	if _, err := st.Door(ctx, "v", "k1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("door of an unknown venue: %v", err)
	}
	set := store.DoorMode{Mode: store.ModeExit, SetBy: "v-owner", SetAt: base}
	if err := st.PutDoorMode(ctx, "v", "k2", set); err != nil {
		t.Fatal(err)
	}
	r1 := store.DoorReport{Venue: "v", Device: "k1", At: base.Add(time.Minute), Door: "main", Mode: "entrance", Policy: "ask",
		Pending: 3, OldestPending: base, Version: "1.2"}
	r2 := store.DoorReport{Venue: "v", Device: "k2", At: base.Add(time.Minute), Door: "back", Mode: "exit",
		OfflineSince: base.Add(30 * time.Second)}
	other := store.DoorReport{Venue: "w", Device: "k1", At: base, Door: "w-door", Mode: "entrance"}
	if err := st.PutDoorReports(ctx, []store.DoorReport{r2, other, r1}); err != nil {
		t.Fatal(err)
	}
	older := r1
	older.At, older.Pending = base, 99
	if err := st.PutDoorReports(ctx, []store.DoorReport{older}); err != nil {
		t.Fatal(err)
	}
	ds, err := st.Doors(ctx, "v", 10)
	if err != nil || len(ds) != 2 {
		t.Fatalf("doors %+v, %v; want k1 and k2", ds, err)
	}
	if ds[0].Device != "k1" || ds[0].Report == nil || ds[0].Report.Pending != 3 || !ds[0].Report.OldestPending.Equal(base) ||
		ds[0].Report.Policy != "ask" || ds[0].Set.Mode != "" {
		t.Errorf("k1 %+v (report %+v): an older report must not replace a newer one", ds[0], ds[0].Report)
	}
	if ds[1].Device != "k2" || ds[1].Set.Mode != store.ModeExit || ds[1].Set.SetBy != "v-owner" || !ds[1].Set.SetAt.Equal(base) ||
		ds[1].Report == nil || !ds[1].Report.OfflineSince.Equal(r2.OfflineSince) {
		t.Errorf("k2 %+v (report %+v): the mode set and the report are kept together", ds[1], ds[1].Report)
	}
	// A new report keeps the mode set; a new mode keeps the report.
	r1b := r1
	r1b.At, r1b.Pending = base.Add(2*time.Minute), 0
	if err := st.PutDoorReports(ctx, []store.DoorReport{r1b}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutDoorMode(ctx, "v", "k1", store.DoorMode{Mode: store.ModeEntrance, SetBy: "v-x", SetAt: base.Add(3 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	d, err := st.Door(ctx, "v", "k1")
	if err != nil || d.Set.Mode != store.ModeEntrance || d.Report == nil || d.Report.Pending != 0 || !d.Report.At.Equal(r1b.At) {
		t.Errorf("k1 after both %+v, %v", d, err)
	}
	if ds, _ := st.Doors(ctx, "v", 1); len(ds) != 1 || ds[0].Device != "k1" {
		t.Errorf("limit 1: %+v", ds)
	}
	if ds, _ := st.Doors(ctx, "w", 10); len(ds) != 1 || ds[0].Report.Door != "w-door" {
		t.Errorf("venue w: %+v (doors are scoped by venue)", ds)
	}
	if _, err := st.Door(ctx, "w", "k2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another venue's device: %v", err)
	}
}

func enrolment(venue string, n int, created time.Time) store.DeviceEnrolment {
	h := sha256.Sum256([]byte(fmt.Sprintf("code %s %d", venue, n)))
	return store.DeviceEnrolment{Hash: h, ID: fmt.Sprintf("e-%x", h[:4]), Venue: venue, Device: fmt.Sprintf("kiosk-%d", n),
		Door: "main", Mode: store.ModeExit, CreatedBy: "v-1", Created: created, Expires: created.Add(time.Hour)}
}

func deviceCred(venue string, n int) store.Credential {
	h := sha256.Sum256([]byte(fmt.Sprintf("token %s %d", venue, n)))
	return store.Credential{ID: fmt.Sprintf("d-%x", h[:6]), Kind: store.KindDevice, Hash: h, Venue: venue, Label: "enrolled", Created: base}
}

func testDeviceEnrolments(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	e1, e2, e3 := enrolment("v", 1, base), enrolment("v", 2, base.Add(time.Minute)), enrolment("v", 3, base.Add(2*time.Minute))
	for _, e := range []store.DeviceEnrolment{e1, e2, e3, enrolment("w", 1, base)} {
		if err := st.PutDeviceEnrolment(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.PutDeviceEnrolment(ctx, e1); !errors.Is(err, store.ErrExists) {
		t.Errorf("the same code twice: %v", err)
	}
	if _, err := st.RedeemDeviceEnrolment(ctx, sha256.Sum256([]byte("nobody's")), base, "c", deviceCred("v", 1)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an unknown code: %v", err)
	}
	if _, err := st.RedeemDeviceEnrolment(ctx, e1.Hash, base.Add(time.Hour), "c", deviceCred("v", 1)); !errors.Is(err, store.ErrEnrolmentExpired) {
		t.Errorf("a code at its expiry: %v", err)
	}
	cred := deviceCred("v", 2)
	got, err := st.RedeemDeviceEnrolment(ctx, e2.Hash, base.Add(2*time.Minute), "client-a", cred)
	if err != nil || got.Device != "kiosk-2" || got.Credential != cred.ID || got.UsedBy != "client-a" || !got.Used.Equal(base.Add(2*time.Minute)) {
		t.Fatalf("redeem: %+v, %v", got, err)
	}
	if c, err := st.CredentialByHash(ctx, cred.Hash); err != nil || c.ID != cred.ID || c.Venue != "v" || c.Kind != store.KindDevice {
		t.Errorf("the token it stored: %+v, %v", c, err)
	}
	if d, err := st.Door(ctx, "v", "kiosk-2"); err != nil || d.Set.Mode != store.ModeExit || d.Set.SetBy != "v-1" {
		t.Errorf("the door it set up: %+v, %v", d, err)
	}
	if _, err := st.RedeemDeviceEnrolment(ctx, e2.Hash, base.Add(3*time.Minute), "client-b", deviceCred("v", 3)); !errors.Is(err, store.ErrEnrolmentUsed) {
		t.Errorf("a used code: %v", err)
	}
	if _, err := st.CredentialByHash(ctx, deviceCred("v", 3).Hash); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused redemption stored its token: %v", err)
	}
	// The token is the code's venue's, whatever the caller said.
	if _, err := st.RedeemDeviceEnrolment(ctx, e3.Hash, base.Add(3*time.Minute), "c", deviceCred("w", 9)); err != nil {
		t.Fatal(err)
	}
	if c, err := st.CredentialByHash(ctx, deviceCred("w", 9).Hash); err != nil || c.Venue != "v" {
		t.Errorf("the token of venue v's code: %+v, %v", c, err)
	}
	list, err := st.DeviceEnrolments(ctx, "v", base.Add(-time.Second), 10)
	if err != nil || len(list) != 3 || list[0].Device != "kiosk-3" || list[2].Device != "kiosk-1" || list[1].Used.IsZero() ||
		!list[2].Used.IsZero() {
		t.Errorf("listing %+v, %v; want 3, newest first, kiosk-1 unused", list, err)
	}
	if list, _ := st.DeviceEnrolments(ctx, "v", base, 10); len(list) != 2 {
		t.Errorf("since base: %d codes, want 2", len(list))
	}
	if list, _ := st.DeviceEnrolments(ctx, "v", base.Add(-time.Second), 1); len(list) != 1 || list[0].Device != "kiosk-3" {
		t.Errorf("limit 1: %+v", list)
	}
	if list, _ := st.DeviceEnrolments(ctx, "w", base.Add(-time.Second), 10); len(list) != 1 || list[0].Venue != "w" {
		t.Errorf("venue w: %+v", list)
	}
}

// testDeviceEnrolmentOnce: many redeemers of one code at once, on two
// handles where the store has them: exactly one gets a token.
func testDeviceEnrolmentOnce(t *testing.T, st store.Store, again func() store.Store) {
	ctx := context.Background()
	stores := []store.Store{st}
	if again != nil {
		if other := again(); other != nil {
			t.Cleanup(func() { other.Close() })
			stores = append(stores, other)
		}
	}
	e := enrolment("v", 1, base)
	if err := st.PutDeviceEnrolment(ctx, e); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, used := 0, 0
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := stores[i%len(stores)].RedeemDeviceEnrolment(ctx, e.Hash, base.Add(time.Minute), "c", deviceCred("v", 100+i))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case errors.Is(err, store.ErrEnrolmentUsed):
				used++
			default:
				t.Errorf("redeemer %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if won != 1 || used != 15 {
		t.Errorf("%d redeemed, %d told used; want 1 and 15", won, used)
	}
	n := 0
	for i := range 16 {
		if _, err := st.CredentialByHash(ctx, deviceCred("v", 100+i).Hash); err == nil {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d tokens stored, want 1", n)
	}
}

// at is an event of venue v scanned at the given time.
func at(id string, kind wire.Kind, source wire.Source, scanned time.Time) wire.Event {
	e := wire.Event{ID: id, Device: "d", Seq: uint64(len(id)), Venue: "v", Door: "front", Kind: kind, IIN: person(len(id)),
		Status: wire.Green, Source: source, ScannedAt: scanned}
	switch source {
	case wire.SourceNone:
		e.Status = wire.Blue
	case wire.SourceUnchecked:
		e.Status = ""
	}
	if kind == wire.Override {
		e.Reason, e.Staff = "manager", "anna"
	}
	if kind == wire.Exit {
		e.Status, e.Source = "", wire.SourceSkipped
	}
	return e
}

func testHourCounts(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	h0 := base.Truncate(time.Hour)
	batch := []wire.Event{
		at("a", wire.Entry, wire.SourceOnline, h0.Add(5*time.Minute)),
		at("b", wire.Entry, wire.SourceNone, h0.Add(59*time.Minute)),
		at("c", wire.Refusal, wire.SourceOnline, h0.Add(60*time.Minute)),
		at("d", wire.Exit, "", h0.Add(61*time.Minute)),
		at("e", wire.Entry, wire.SourceOnline, h0.Add(3*time.Hour)),
		at("gg", wire.Refusal, wire.SourceUnchecked, h0.Add(10*time.Minute)),
		at("hh", wire.Override, wire.SourceUnchecked, h0.Add(11*time.Minute)),
	}
	ingest(t, st, "v", batch...)
	ingest(t, st, "v", batch[0], batch[4]) // duplicates count nothing
	ingest(t, st, "w", at("f", wire.Entry, wire.SourceOnline, h0))
	hs, err := st.HourCounts(ctx, "v", h0, h0.Add(24*time.Hour))
	if err != nil || len(hs) != 3 {
		t.Fatalf("hours %+v, %v; want 3", hs, err)
	}
	want := []store.HourCount{
		{Hour: h0, Entries: 2, Refusals: 1, Overrides: 1, Unchecked: 3},
		{Hour: h0.Add(time.Hour), Exits: 1, Refusals: 1},
		{Hour: h0.Add(3 * time.Hour), Entries: 1},
	}
	for i, w := range want {
		if !hs[i].Hour.Equal(w.Hour) || hs[i].Entries != w.Entries || hs[i].Exits != w.Exits || hs[i].Refusals != w.Refusals ||
			hs[i].Overrides != w.Overrides || hs[i].Unchecked != w.Unchecked {
			t.Errorf("hour %d: %+v, want %+v", i, hs[i], w)
		}
	}
	if hs, _ := st.HourCounts(ctx, "v", h0.Add(time.Hour), h0.Add(3*time.Hour)); len(hs) != 1 || !hs[0].Hour.Equal(h0.Add(time.Hour)) {
		t.Errorf("[h1, h3): %+v, want h1 only", hs)
	}
	if hs, _ := st.HourCounts(ctx, "nowhere", h0, h0.Add(time.Hour)); len(hs) != 0 {
		t.Errorf("an unknown venue: %+v", hs)
	}
}

func testEventsBetween(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	// Received out of scan order (an offline kiosk sends late), two with
	// the same scan time.
	t0 := base.Truncate(time.Hour)
	scans := map[string]time.Duration{"e1": 50, "e2": 10, "e3": 30, "e4": 30, "e5": 70, "e6": -5, "e7": 20}
	var batch []wire.Event
	for _, id := range []string{"e1", "e2", "e3", "e4", "e5", "e6", "e7"} {
		e := at(id, wire.Entry, wire.SourceOnline, t0.Add(scans[id]*time.Minute))
		e.Seq = uint64(id[1] - '0')
		batch = append(batch, e)
	}
	ingest(t, st, "v", batch[:3]...)
	ingest(t, st, "v", batch[3:]...)
	ingest(t, st, "w", at("x1", wire.Entry, wire.SourceOnline, t0.Add(15*time.Minute)))
	var got []string
	cursor, pages := "", 0
	for {
		page, err := st.EventsBetween(ctx, "v", t0, t0.Add(time.Hour), cursor, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Events {
			got = append(got, e.ID)
		}
		pages++
		if !page.More {
			break
		}
		cursor = page.Resume
		if pages > 10 {
			t.Fatal("paging does not end")
		}
	}
	want := "[e2 e7 e3 e4 e1]" // by scan time, then receive order; e5 after, e6 before the period
	if fmt.Sprint(got) != want {
		t.Errorf("events between: %v, want %s", got, want)
	}
	if _, err := st.EventsBetween(ctx, "v", t0, t0.Add(time.Hour), "not-a-cursor", 2); !errors.Is(err, store.ErrBadCursor) {
		t.Errorf("a bad cursor: %v", err)
	}
	if page, _ := st.EventsBetween(ctx, "nowhere", t0, t0.Add(time.Hour), "", 10); len(page.Events) != 0 {
		t.Errorf("an unknown venue: %+v", page)
	}
	if page, _ := st.EventsBetween(ctx, "w", t0, t0.Add(time.Hour), "", 10); len(page.Events) != 1 || page.Events[0].ID != "x1" {
		t.Errorf("venue w: %+v", page.Events)
	}
}

func testVenueOfflinePolicy(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	v := store.Venue{Name: "v", Capacity: 5, Created: base, OfflinePolicy: "refuse"}
	if err := st.PutVenue(ctx, v); err != nil {
		t.Fatal(err)
	}
	got, err := st.Venue(ctx, "v")
	if err != nil || got.OfflinePolicy != "refuse" || got.Capacity != 5 {
		t.Errorf("venue %+v, %v", got.Venue, err)
	}
	v.OfflinePolicy = ""
	if err := st.PutVenue(ctx, v); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Venue(ctx, "v"); got.OfflinePolicy != "" {
		t.Errorf("cleared policy: %q", got.OfflinePolicy)
	}
}
