// Package storetest is the one conformance suite every store.Store must
// pass: each implementation runs it from its own tests with a function that
// opens a fresh, empty store, so a second backend cannot drift from the
// first. It tests the store alone, below the API: idempotent ingest and
// conflicts, the listing cursor, device records, venues, credentials, the
// registry, passes and the deny list, presence, and concurrent writers.
package storetest

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// Opener opens a fresh, empty store for one test (the suite closes it), and
// returns how to open a second handle on the same data, as another replica
// would: nil where that cannot be (one bbolt file is one process).
type Opener func(t *testing.T) (st store.Store, again func() store.Store)

// Run runs the suite as subtests of t.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store, again func() store.Store)
	}{
		{"IngestIsIdempotent", testIngestIdempotent},
		{"IngestConflicts", testIngestConflicts},
		{"IngestFollowsRules", testIngestFollowsRules},
		{"ConcurrentIngestFollowsRules", testConcurrentIngestFollowsRules},
		{"UncheckedAndOverridesCountedApart", testUncheckedAndOverrides},
		{"VenuesScopeIDs", testVenuesScopeIDs},
		{"ListCursor", testListCursor},
		{"ListPageBytes", testListPageBytes},
		{"RecentEvents", testRecentEvents},
		{"Devices", testDevices},
		{"Lookups", testLookups},
		{"Venues", testVenues},
		{"Credentials", testCredentials},
		{"Registry", testRegistry},
		{"IssuerKeys", testIssuerKeys},
		{"Passes", testPasses},
		{"Presence", testPresence},
		{"Proofs", testProofs},
		{"ProofsRace", testProofsRace},
		{"ConcurrentSameIDs", testConcurrentSameIDs},
		{"FollowerSkipsNothing", testFollowerSkipsNothing},
		{"EnrolCodes", testEnrolCodes},
		{"EnrolCodeOnce", testEnrolCodeOnce},
		{"PassRevoked", testPassRevoked},
		{"Facts", testFacts},
		{"Audit", testAudit},
		{"FactsReplicas", testFactsReplicas},
		{"Sessions", testSessions},
	}
	tests = append(tests, ownerTests()...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, again := open(t)
			t.Cleanup(func() { st.Close() })
			tt.fn(t, st, again)
		})
	}
}

var base = time.Date(2021, 3, 1, 12, 0, 0, 0, time.UTC)

// person is a valid IIN that differs with n.
func person(n int) string {
	for reg := n * 7; ; reg++ {
		d := []byte(fmt.Sprintf("9001013%04d", reg%10000))
		if c, err := iin.CheckDigit(d); err == nil {
			return string(d) + strconv.Itoa(c)
		}
	}
}

// ev is an event of device with seq, of person seq, scanned seq ms after
// base.
func ev(venue, device string, seq int, kind wire.Kind) wire.Event {
	return wire.Event{ID: fmt.Sprintf("%s-%s-%d", venue, device, seq), Device: device, Seq: uint64(seq), Venue: venue,
		Door: "front", Kind: kind, IIN: person(seq), Status: wire.Green, Source: wire.SourceOnline,
		ScannedAt: base.Add(time.Duration(seq) * time.Millisecond)}
}

func evs(venue, device string, from, n int, kind wire.Kind) []wire.Event {
	out := make([]wire.Event, n)
	for i := range out {
		out[i] = ev(venue, device, from+i, kind)
	}
	return out
}

func ids(es []wire.Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func ingest(t *testing.T, st store.Store, venue string, es ...wire.Event) store.IngestResult {
	t.Helper()
	res, err := st.Ingest(context.Background(), venue, es, base)
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	return res
}

func counters(t *testing.T, st store.Store, venue string) store.Counters {
	t.Helper()
	c, err := st.Counters(context.Background(), venue)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// UncheckedEvents are a batch from a door that could not check people: an
// unchecked entry (admitted), an unchecked refusal and its staff override,
// an older kiosk's none, and a checked entry and override; for the
// stores' backfills too.
func UncheckedEvents(venue string) []wire.Event {
	unchecked := ev(venue, "d1", 1, wire.Entry)
	unchecked.Status, unchecked.Source = "", wire.SourceUnchecked
	refused := ev(venue, "d1", 2, wire.Refusal)
	refused.Status, refused.Source, refused.Reason = "", wire.SourceUnchecked, wire.ReasonOfflinePolicy
	override := ev(venue, "d1", 3, wire.Override)
	override.IIN, override.Status, override.Source = refused.IIN, "", wire.SourceUnchecked
	override.Reason, override.Staff = wire.OverrideIDChecked, "aigerim"
	legacy := ev(venue, "d1", 4, wire.Entry)
	legacy.Status, legacy.Source = wire.Blue, wire.SourceNone
	red := ev(venue, "d1", 5, wire.Refusal)
	red.Status, red.Reason = wire.Red, wire.ReasonStatus
	redIn := ev(venue, "d1", 6, wire.Override)
	redIn.IIN, redIn.Status, redIn.Reason, redIn.Staff = red.IIN, wire.Red, wire.OverridePaperResult, "owner"
	return []wire.Event{unchecked, refused, override, legacy, red, redIn, ev(venue, "d1", 7, wire.Entry)}
}

// WantUnchecked are the counters UncheckedEvents leave.
var WantUnchecked = store.Counters{Entries: 3, Refusals: 2, Overrides: 2, Unchecked: 4, Inside: 5}

// testUncheckedAndOverrides: overrides are counted apart from entries but
// inside like them; unchecked events (and an older kiosk's none) are
// counted apart, whatever their kind, in the venue list too and for
// another replica.
func testUncheckedAndOverrides(t *testing.T, st store.Store, again func() store.Store) {
	batch := UncheckedEvents("v")
	if res := ingest(t, st, "v", batch...); len(res.Accepted) != len(batch) {
		t.Fatalf("accepted %d of %d", len(res.Accepted), len(batch))
	}
	if got := counters(t, st, "v"); got != WantUnchecked || got.Events() != uint64(len(batch)) {
		t.Errorf("counters %+v (%d events), want %+v", got, got.Events(), WantUnchecked)
	}
	vs, err := st.Venues(context.Background())
	if err != nil || len(vs) != 1 || vs[0].Counters != WantUnchecked {
		t.Errorf("venues %+v, %v", vs, err)
	}
	if again == nil {
		return
	}
	// Another replica reads the same counts.
	if other := again(); other != nil {
		defer other.Close()
		if got := counters(t, other, "v"); got != WantUnchecked {
			t.Errorf("another replica: counters %+v, want %+v", got, WantUnchecked)
		}
	}
}

func testIngestIdempotent(t *testing.T, st store.Store, _ func() store.Store) {
	batch := append(evs("v", "d1", 1, 4, wire.Entry), ev("v", "d1", 5, wire.Refusal), ev("v", "d1", 6, wire.Exit))
	res := ingest(t, st, "v", batch...)
	if !slices.Equal(res.Accepted, ids(batch)) || len(res.Duplicates)+len(res.Conflicts)+res.Reused != 0 {
		t.Fatalf("first: %+v", res)
	}
	res = ingest(t, st, "v", batch...)
	if len(res.Accepted) != 0 || !slices.Equal(res.Duplicates, ids(batch)) {
		t.Fatalf("again: %+v", res)
	}
	// A copy later in the same batch is a duplicate of the first.
	a, b := ev("v", "d1", 7, wire.Entry), ev("v", "d1", 8, wire.Entry)
	res = ingest(t, st, "v", a, b, a)
	if !slices.Equal(res.Accepted, []string{a.ID, b.ID}) || !slices.Equal(res.Duplicates, []string{a.ID}) {
		t.Fatalf("copy inside a batch: %+v", res)
	}
	// The same instant written in another zone is the same content.
	c := ev("v", "d1", 9, wire.Entry)
	ingest(t, st, "v", c)
	c.ScannedAt = c.ScannedAt.In(time.FixedZone("ALMT", 6*3600))
	if res := ingest(t, st, "v", c); !slices.Equal(res.Duplicates, []string{c.ID}) {
		t.Errorf("same instant, other zone: %+v", res)
	}
	got := counters(t, st, "v")
	if got.Entries != 7 || got.Exits != 1 || got.Refusals != 1 || got.Events() != 9 {
		t.Errorf("counters %+v, want 7 entries, 1 exit, 1 refusal", got)
	}
	if ok, err := st.HasEvent(context.Background(), "v", b.ID); err != nil || !ok {
		t.Errorf("HasEvent(%s) = %v, %v", b.ID, ok, err)
	}
	if ok, _ := st.HasEvent(context.Background(), "v", "nope"); ok {
		t.Error("HasEvent of an id never sent")
	}
	if res := ingest(t, st, "empty"); len(res.Accepted) != 0 {
		t.Errorf("empty batch: %+v", res)
	}
	if c, _ := st.Counters(context.Background(), "nobody"); c != (store.Counters{}) {
		t.Errorf("counters of an unknown venue: %+v", c)
	}
}

func testIngestConflicts(t *testing.T, st store.Store, _ func() store.Store) {
	first := ev("v", "d1", 1, wire.Entry)
	ingest(t, st, "v", first)
	other := first
	other.Door = "back"
	res := ingest(t, st, "v", other, ev("v", "d1", 2, wire.Entry))
	if !slices.Equal(res.Conflicts, []string{first.ID}) || len(res.Accepted) != 1 || len(res.Duplicates) != 0 {
		t.Fatalf("conflict: %+v", res)
	}
	page, err := st.ListEvents(context.Background(), "v", "", 10)
	if err != nil || len(page.Events) != 2 || page.Events[0].Door != "front" {
		t.Errorf("the first version must stay: %+v, %v", page.Events, err)
	}
	if c := counters(t, st, "v"); c.Entries != 2 {
		t.Errorf("a conflict was counted: %+v", c)
	}
}

func testVenuesScopeIDs(t *testing.T, st store.Store, _ func() store.Store) {
	a := ev("a", "door", 1, wire.Entry)
	b := a
	b.Venue = "b"
	if res := ingest(t, st, "a", a); len(res.Accepted) != 1 {
		t.Fatal(res)
	}
	if res := ingest(t, st, "b", b); len(res.Accepted) != 1 {
		t.Errorf("the same id in another venue: %+v", res)
	}
	if _, err := st.Device(context.Background(), "c", "door"); !errors.Is(err, store.ErrUnknownDevice) {
		t.Errorf("device of a venue that has none: %v", err)
	}
	for _, v := range []string{"a", "b"} {
		rec, err := st.Device(context.Background(), v, "door")
		if err != nil || rec.Received != 1 || rec.Venue != v {
			t.Errorf("%s's device: %+v, %v", v, rec, err)
		}
	}
}

func testListCursor(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	all := evs("v", "d", 1, 25, wire.Entry)
	ingest(t, st, "v", all[:10]...)
	ingest(t, st, "other", ev("other", "d", 1, wire.Entry))
	ingest(t, st, "v", all[10:]...)
	var got []string
	cursor := ""
	for pages := 0; ; pages++ {
		page, err := st.ListEvents(ctx, "v", cursor, 7)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Events) > 7 || pages > 5 {
			t.Fatalf("page %d: %d events", pages, len(page.Events))
		}
		got = append(got, ids(page.Events)...)
		if len(page.Events) > 0 && page.Resume == cursor {
			t.Fatalf("the cursor did not move: %q", cursor)
		}
		cursor = page.Resume
		if !page.More {
			break
		}
	}
	if !slices.Equal(got, ids(all)) {
		t.Errorf("listed %v, want receive order %v", got, ids(all))
	}
	// At the end: an empty page that keeps the cursor, and new events after it.
	page, err := st.ListEvents(ctx, "v", cursor, 7)
	if err != nil || len(page.Events) != 0 || page.Resume != cursor || page.More {
		t.Errorf("after the end: %+v, %v", page, err)
	}
	ingest(t, st, "v", ev("v", "d", 26, wire.Exit))
	if page, _ := st.ListEvents(ctx, "v", cursor, 7); len(page.Events) != 1 || page.Events[0].Seq != 26 {
		t.Errorf("following: %+v", page)
	}
	for _, bad := range []string{"x", "-1", "1.5"} {
		if _, err := st.ListEvents(ctx, "v", bad, 7); !errors.Is(err, store.ErrBadCursor) {
			t.Errorf("cursor %q: %v, want ErrBadCursor", bad, err)
		}
	}
	for _, far := range []string{strconv.FormatUint(math.MaxUint64, 10), strconv.FormatInt(math.MaxInt64, 10)} {
		if page, err := st.ListEvents(ctx, "v", far, 7); err != nil || len(page.Events) != 0 {
			t.Errorf("cursor %s: %+v, %v", far, page, err)
		}
	}
	if page, err := st.ListEvents(ctx, "nobody", "", 7); err != nil || len(page.Events) != 0 || page.Events == nil {
		t.Errorf("unknown venue: %+v, %v (events must be [] not nil)", page, err)
	}
}

func testListPageBytes(t *testing.T, st store.Store, _ func() store.Store) {
	big := evs("v", "d", 1, 12, wire.Refusal)
	for i := range big {
		big[i].Reason = strings.Repeat("r", 200<<10)
	}
	ingest(t, st, "v", big...)
	page, err := st.ListEvents(context.Background(), "v", "", 100)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(page.Events); n == 0 || n > store.ListPageBytes/(200<<10)+1 || !page.More {
		t.Errorf("page of %d events of 200 KiB (more %v); the bound is %d bytes", n, page.More, store.ListPageBytes)
	}
	one := ev("w", "d", 1, wire.Refusal)
	one.Reason = strings.Repeat("r", 2*store.ListPageBytes)
	ingest(t, st, "w", one, ev("w", "d", 2, wire.Refusal))
	if page, _ := st.ListEvents(context.Background(), "w", "", 100); len(page.Events) != 1 || !page.More {
		t.Errorf("a page holds at least one event, however big: %d, more %v", len(page.Events), page.More)
	}
}

func testRecentEvents(t *testing.T, st store.Store, _ func() store.Store) {
	ingest(t, st, "v", evs("v", "d", 1, 3, wire.Entry)...)
	ingest(t, st, "v", evs("v", "d", 4, 3, wire.Entry)...)
	got, err := st.RecentEvents(context.Background(), "v", 4)
	if err != nil || !slices.Equal(ids(got), []string{"v-d-6", "v-d-5", "v-d-4", "v-d-3"}) {
		t.Errorf("recent %v, %v; want newest first", ids(got), err)
	}
	if got, err := st.RecentEvents(context.Background(), "nobody", 4); err != nil || got == nil || len(got) != 0 {
		t.Errorf("unknown venue: %v, %v", got, err)
	}
}

func testDevices(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	var first []wire.Event
	for _, s := range []int{10, 1, 7, 2, 9, 6} {
		first = append(first, ev("v", "d1", s, wire.Entry))
	}
	at := base.Add(time.Hour)
	if _, err := st.Ingest(ctx, "v", first, at); err != nil {
		t.Fatal(err)
	}
	reused := ev("v", "d1", 2, wire.Refusal)
	reused.ID = "reused-2"
	res, err := st.Ingest(ctx, "v", []wire.Event{reused, ev("v", "b0", 1, wire.Entry)}, at.Add(time.Minute))
	if err != nil || res.Reused != 1 {
		t.Fatalf("reused seq: %+v, %v", res, err)
	}
	rec, err := st.Device(ctx, "v", "d1")
	if err != nil {
		t.Fatal(err)
	}
	rep := rec.Report()
	want := []wire.SeqRange{{From: 3, To: 5}, {From: 8, To: 8}}
	if rep.Received != 6 || rep.SeqReused != 1 || rep.MaxSeq != 10 || !slices.Equal(rep.Gaps, want) ||
		!rec.LastSeen.Equal(at.Add(time.Minute)) || rep.Venue != "v" || rep.Device != "d1" {
		t.Errorf("report %+v (last seen %v), want gaps %v, 6 received, 1 reused", rep, rec.LastSeen, want)
	}
	devs, err := st.Devices(ctx, "v")
	if err != nil || len(devs) != 2 || devs[0].Device != "b0" || devs[1].Device != "d1" {
		t.Errorf("devices %+v, %v; want b0, d1", devs, err)
	}
	if devs, err := st.Devices(ctx, "nobody"); err != nil || devs == nil || len(devs) != 0 {
		t.Errorf("devices of an unknown venue: %v, %v", devs, err)
	}
	if _, err := st.Device(ctx, "v", "ghost"); !errors.Is(err, store.ErrUnknownDevice) {
		t.Errorf("unknown device: %v", err)
	}
	// Silence: b0 and d1 were last seen at+1m, "w/old" earlier.
	if _, err := st.Ingest(ctx, "w", []wire.Event{ev("w", "old", 1, wire.Entry)}, at.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	silent, err := st.SilentDevices(ctx, at.Add(2*time.Minute), 2)
	if err != nil || len(silent) != 2 || silent[0].Device != "old" || silent[0].Venue != "w" {
		t.Errorf("silent %+v, %v; want the longest silent first, at most 2", silent, err)
	}
	if silent, _ := st.SilentDevices(ctx, at, 10); len(silent) != 1 {
		t.Errorf("silent before %v: %+v", at, silent)
	}
	// A venue with many devices, silent longer than anyone, does not hide
	// another venue's silent device.
	for i := range store.MaxSilentPerVenue + 30 {
		if _, err := st.Ingest(ctx, "crowd", []wire.Event{ev("crowd", fmt.Sprintf("fake-%03d", i), 1, wire.Entry)},
			at.Add(-2*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	silent, err = st.SilentDevices(ctx, at.Add(2*time.Minute), store.MaxSilentPerVenue+1)
	crowd := 0
	others := 0
	for _, d := range silent {
		if d.Venue == "crowd" {
			crowd++
		} else {
			others++
		}
	}
	if err != nil || crowd != store.MaxSilentPerVenue || others != 1 {
		t.Errorf("silent with a crowded venue: %d of it, %d others, %v", crowd, others, err)
	}
	// EachDevice walks all of them, by venue then device, and stops at
	// the first error.
	var walked []string
	err = st.EachDevice(ctx, func(d store.DeviceRecord) error {
		walked = append(walked, d.Venue+"/"+d.Device)
		return nil
	})
	if err != nil || len(walked) != 3+store.MaxSilentPerVenue+30 || walked[0] != "crowd/fake-000" ||
		walked[len(walked)-3] != "v/b0" || walked[len(walked)-1] != "w/old" {
		t.Errorf("EachDevice: %d devices (%v…), %v", len(walked), walked[:min(len(walked), 3)], err)
	}
	stop := errors.New("stop")
	n := 0
	if err := st.EachDevice(ctx, func(store.DeviceRecord) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("EachDevice after fn's error: %d calls, %v", n, err)
	}
}

func testLookups(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	ingest(t, st, "v", ev("v", "d1", 1, wire.Entry))
	err := st.AddLookups(ctx, []store.LookupCount{{Venue: "v", Device: "d1", N: 3}, {Venue: "v", Device: "ghost", N: 2},
		{Venue: "v", N: 1}, {Venue: "new", Device: "x", N: 5}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddLookups(ctx, []store.LookupCount{{Venue: "v", Device: "d1", N: 4}}); err != nil {
		t.Fatal(err)
	}
	if rec, _ := st.Device(ctx, "v", "d1"); rec.Lookups != 7 {
		t.Errorf("d1 lookups %d, want 7", rec.Lookups)
	}
	// A device that only looked people up is a device, with no event.
	if rec, err := st.Device(ctx, "v", "ghost"); err != nil || rec.Lookups != 2 || rec.Received != 0 || rec.LastSeen.IsZero() {
		t.Errorf("a device with lookups only: %+v, %v", rec, err)
	}
	// Its first event keeps its lookups.
	ingest(t, st, "v", ev("v", "ghost", 1, wire.Entry))
	if rec, _ := st.Device(ctx, "v", "ghost"); rec.Lookups != 2 || rec.Received != 1 {
		t.Errorf("after its first event: %+v", rec)
	}
	// Made-up names make no more than MaxDevicesFromLookups devices.
	var many []store.LookupCount
	for i := range store.MaxDevicesFromLookups + 10 {
		many = append(many, store.LookupCount{Venue: "flood", Device: fmt.Sprintf("fake-%04d", i), N: 1})
	}
	if err := st.AddLookups(ctx, many); err != nil {
		t.Fatal(err)
	}
	if devs, err := st.Devices(ctx, "flood"); err != nil || len(devs) > store.MaxDevicesFromLookups {
		t.Errorf("made-up names made %d devices, %v", len(devs), err)
	}
	if v, err := st.Venue(ctx, "flood"); err != nil || v.Lookups != int64(store.MaxDevicesFromLookups+10) {
		t.Errorf("the flood venue's lookups: %d, %v", v.Lookups, err)
	}
	if v, err := st.Venue(ctx, "v"); err != nil || v.Lookups != 10 {
		t.Errorf("venue lookups %d, %v; want 10", v.Lookups, err)
	}
	if v, err := st.Venue(ctx, "new"); err != nil || v.Lookups != 5 {
		t.Errorf("a venue with lookups only: %+v, %v", v, err)
	}
}

func testVenues(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	if _, err := st.Venue(ctx, "cafe"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown venue: %v", err)
	}
	created := base.Add(-24 * time.Hour)
	if err := st.PutVenue(ctx, store.Venue{Name: "cafe", Capacity: 30, Created: created}); err != nil {
		t.Fatal(err)
	}
	v := store.Venue{Name: "cafe", Capacity: 40, Created: base, ClosingTime: "23:00", MaxStay: 10 * time.Hour, TimeZone: "Asia/Almaty",
		RequireVenueProof: true}
	if err := st.PutVenue(ctx, v); err != nil {
		t.Fatal(err)
	}
	ingest(t, st, "cafe", ev("cafe", "d", 1, wire.Entry), ev("cafe", "d", 2, wire.Exit))
	ingest(t, st, "bar", ev("bar", "d", 1, wire.Refusal))
	got, err := st.Venue(ctx, "cafe")
	if err != nil {
		t.Fatal(err)
	}
	v.Created = created
	if !got.Created.Equal(created) || got.Capacity != 40 || got.ClosingTime != "23:00" || got.MaxStay != v.MaxStay ||
		got.TimeZone != v.TimeZone || !got.RequireVenueProof || got.Entries != 1 || got.Exits != 1 {
		t.Errorf("venue %+v, want %+v with its first creation time and its counters", got, v)
	}
	all, err := st.Venues(ctx)
	if err != nil || len(all) != 2 || all[0].Name != "bar" || all[1].Name != "cafe" || all[0].Refusals != 1 {
		t.Errorf("venues %+v, %v; want bar, cafe", all, err)
	}
}

func testCredentials(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	mk := func(id string, kind store.CredentialKind, at time.Time) store.Credential {
		return store.Credential{ID: id, Kind: kind, Hash: sha256.Sum256([]byte("secret " + id)), Venue: "v", Label: "l " + id, Created: at}
	}
	d1, d2, op := mk("d-1", store.KindDevice, base), mk("d-2", store.KindDevice, base.Add(time.Second)), mk("o-1", store.KindOperator, base)
	op.Venue = ""
	for _, c := range []store.Credential{d2, d1, op} {
		if err := st.PutCredential(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	sameHash := mk("d-3", store.KindDevice, base)
	sameHash.Hash = d1.Hash
	for _, dup := range []store.Credential{d1, sameHash, mk("d-2", store.KindDevice, base)} {
		if err := st.PutCredential(ctx, dup); !errors.Is(err, store.ErrExists) {
			t.Errorf("%s again: %v, want ErrExists", dup.ID, err)
		}
	}
	got, err := st.CredentialByHash(ctx, d1.Hash)
	if err != nil || got.ID != "d-1" || got.Venue != "v" || got.Kind != store.KindDevice || !got.Created.Equal(base) {
		t.Errorf("by hash: %+v, %v", got, err)
	}
	if _, err := st.CredentialByHash(ctx, sha256.Sum256([]byte("nobody"))); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown hash: %v", err)
	}
	list, err := st.Credentials(ctx, store.KindDevice)
	if err != nil || len(list) != 2 || list[0].ID != "d-1" || list[1].ID != "d-2" {
		t.Errorf("device credentials %+v, %v; want d-1, d-2 by creation", list, err)
	}
	if err := st.RevokeCredential(ctx, "d-1", base.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := st.RevokeCredential(ctx, "d-1", base.Add(2*time.Hour)); err != nil {
		t.Errorf("revoking twice: %v", err)
	}
	if _, err := st.CredentialByHash(ctx, d1.Hash); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a revoked credential: %v", err)
	}
	if err := st.RevokeCredential(ctx, "d-9", base); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoking an unknown id: %v", err)
	}
	list, _ = st.Credentials(ctx, store.KindDevice)
	if len(list) != 2 || !list[0].Revoked.Equal(base.Add(time.Hour)) || !list[1].Revoked.IsZero() {
		t.Errorf("after revoking: %+v (the first revocation time stays)", list)
	}
	if ops, _ := st.Credentials(ctx, store.KindOperator); len(ops) != 1 || ops[0].ID != "o-1" {
		t.Errorf("operators %+v", ops)
	}
}

func testRegistry(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	if s, err := st.Status(ctx, person(1)); err != nil || s != wire.Blue {
		t.Errorf("unknown person: %s, %v; want blue", s, err)
	}
	if err := st.PutStatuses(ctx, map[string]wire.Status{person(1): wire.Red, person(2): wire.Green}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutStatuses(ctx, map[string]wire.Status{person(2): wire.Yellow}); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[int]wire.Status{1: wire.Red, 2: wire.Yellow, 3: wire.Blue} {
		if s, err := st.Status(ctx, person(p)); err != nil || s != want {
			t.Errorf("person %d: %s, %v; want %s", p, s, err, want)
		}
	}
}

func testIssuerKeys(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	if err := st.EnsureIssuerKey(ctx, base, true); err != nil {
		t.Fatal(err)
	}
	k, err := st.CurrentIssuerKey(ctx, base)
	if err != nil || k.KID != store.DemoKeyID || !slices.Equal(k.Seed, store.DemoKeySeed()) {
		t.Fatalf("demo key: %+v, %v", k.KID, err)
	}
	// Outside the demo the public demo key ends, and a random one takes over.
	if err := st.EnsureIssuerKey(ctx, base.Add(time.Minute), false); err != nil {
		t.Fatal(err)
	}
	k, err = st.CurrentIssuerKey(ctx, base.Add(time.Minute))
	if err != nil || k.KID == store.DemoKeyID || len(k.Seed) != 32 {
		t.Fatalf("after the demo: %+v, %v", k.KID, err)
	}
	if err := st.EnsureIssuerKey(ctx, base.Add(2*time.Minute), false); err != nil {
		t.Fatal(err)
	}
	if again, _ := st.CurrentIssuerKey(ctx, base.Add(2*time.Minute)); again.KID != k.KID {
		t.Errorf("EnsureIssuerKey replaced a current key: %s, then %s", k.KID, again.KID)
	}
	rotated := base.Add(time.Hour)
	kid, err := st.RotateIssuerKeys(ctx, rotated, 48*time.Hour)
	if err != nil || kid == k.KID {
		t.Fatalf("rotate: %s, %v", kid, err)
	}
	if cur, _ := st.CurrentIssuerKey(ctx, rotated); cur.KID != kid {
		t.Errorf("current after rotation %s, want %s", cur.KID, kid)
	}
	keys, err := st.IssuerKeys(ctx, rotated)
	if err != nil || len(keys) != 3 || keys[len(keys)-1].KID != kid {
		t.Fatalf("keys %+v, %v", keys, err)
	}
	for _, old := range keys[:2] {
		if old.NotAfter.IsZero() {
			t.Errorf("key %s has no end after a rotation", old.KID)
		}
	}
	if keys[1].KID == k.KID && !keys[1].NotAfter.Equal(rotated.Add(48*time.Hour)) {
		t.Errorf("the rotated-out key ends %v, want %v", keys[1].NotAfter, rotated.Add(48*time.Hour))
	}
	// Long after their end, keys are no longer published.
	late, _ := st.IssuerKeys(ctx, rotated.Add(48*time.Hour+store.KeyRetention+time.Hour))
	if len(late) != 1 || late[0].KID != kid {
		t.Errorf("keys long after the grace: %+v", late)
	}
}

func testPasses(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	if err := st.PutStatuses(ctx, map[string]wire.Status{person(1): wire.Green}); err != nil {
		t.Fatal(err)
	}
	rec := func(p int, s wire.Status) store.PassRecord {
		return store.PassRecord{IIN: person(p), KID: "k1", Status: s, IssuedAt: base, ValidUntil: base.Add(24 * time.Hour)}
	}
	if stale, err := st.RecordPass(ctx, "p-stale", rec(1, wire.Red)); err != nil || !stale {
		t.Errorf("a pass for a status the person no longer has: stale %v, %v", stale, err)
	}
	for _, id := range []string{"p1", "p2"} {
		if stale, err := st.RecordPass(ctx, id, rec(1, wire.Green)); err != nil || stale {
			t.Fatalf("record %s: %v, %v", id, stale, err)
		}
	}
	if stale, err := st.RecordPass(ctx, "p3", rec(2, wire.Blue)); err != nil || stale {
		t.Fatalf("record p3 (unknown person, blue): %v, %v", stale, err)
	}
	if err := st.RevokePass(ctx, "nope", wire.DenyRevoked, base); !errors.Is(err, store.ErrUnknownPass) {
		t.Errorf("revoking an unknown pass: %v", err)
	}
	if err := st.RevokePass(ctx, "p-stale", wire.DenyRevoked, base); !errors.Is(err, store.ErrUnknownPass) {
		t.Errorf("a stale pass was stored: %v", err)
	}
	if err := st.RevokePass(ctx, "p3", wire.DenyRevoked, base); err != nil {
		t.Fatal(err)
	}
	if err := st.RevokePass(ctx, "p3", wire.DenyRevoked, base.Add(time.Hour)); err != nil {
		t.Errorf("revoking twice: %v", err)
	}
	// A status change revokes every pass of the person, in its transaction.
	if err := st.PutStatuses(ctx, map[string]wire.Status{person(1): wire.Red}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutStatuses(ctx, map[string]wire.Status{person(1): wire.Red}); err != nil {
		t.Fatal(err)
	}
	list, more, err := st.DenyList(ctx, 0, 10)
	if err != nil || more || len(list) != 3 {
		t.Fatalf("deny list %+v, %v, %v; want 3 entries", list, more, err)
	}
	if list[0].PassID != "p3" || list[0].Reason != wire.DenyRevoked || list[0].Seq != 1 || !list[0].At.Equal(base) {
		t.Errorf("first entry %+v", list[0])
	}
	got := []string{list[1].PassID, list[2].PassID}
	slices.Sort(got)
	if !slices.Equal(got, []string{"p1", "p2"}) || list[1].Reason != wire.DenyStatusChanged || list[2].Seq != 3 {
		t.Errorf("entries after the status change %+v", list[1:])
	}
	if page, more, _ := st.DenyList(ctx, 1, 1); len(page) != 1 || page[0].Seq != 2 || !more {
		t.Errorf("page after 1: %+v, more %v", page, more)
	}
	if page, more, _ := st.DenyList(ctx, math.MaxUint64, 1); len(page) != 0 || more {
		t.Errorf("page after the end: %+v, %v", page, more)
	}
	recent, more, err := st.RecentDenied(ctx, 2)
	if err != nil || len(recent) != 2 || recent[0].Seq != 3 || recent[1].Seq != 2 || !more {
		t.Errorf("recent %+v, more %v, %v; want 3, 2 and more", recent, more, err)
	}
}

func testPresence(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	in := ev("v", "in", 1, wire.Entry)
	again := ev("v", "in", 2, wire.Entry)
	again.IIN, again.ScannedAt = in.IIN, in.ScannedAt.Add(time.Minute)
	stranger := ev("v", "out", 3, wire.Exit)
	ingest(t, st, "v", in, again, stranger)
	if c := counters(t, st, "v"); c.Inside != 1 || c.Entries != 2 || c.Exits != 1 {
		t.Errorf("counters %+v, want 1 inside", c)
	}
	if ok, err := st.Inside(ctx, "v", in.IIN); err != nil || !ok {
		t.Errorf("inside: %v, %v", ok, err)
	}
	if ok, _ := st.Inside(ctx, "other", in.IIN); ok {
		t.Error("inside another venue")
	}
	// An exit scanned a nanosecond before the entry, sent late, changes nothing.
	second := ev("v", "in", 4, wire.Entry)
	second.ScannedAt = base.Add(time.Hour + 2)
	late := ev("v", "out", 5, wire.Exit)
	late.IIN, late.ScannedAt = second.IIN, second.ScannedAt.Add(-time.Nanosecond)
	ingest(t, st, "v", second)
	ingest(t, st, "v", late)
	visits, err := st.OpenVisits(ctx, "v")
	if err != nil || len(visits) != 2 || visits[0].IIN != in.IIN || visits[0].EntryID != in.ID ||
		!visits[1].Entered.Equal(second.ScannedAt) || visits[1].EntryID != second.ID {
		t.Fatalf("open visits %+v, %v", visits, err)
	}
	leave := ev("v", "out", 6, wire.Exit)
	leave.IIN, leave.ScannedAt = in.IIN, in.ScannedAt.Add(time.Hour)
	// An entry scanned before that exit, sent after it, does not put the
	// person back inside.
	lateEntry := ev("v", "in", 7, wire.Entry)
	lateEntry.IIN, lateEntry.ScannedAt = in.IIN, in.ScannedAt.Add(30*time.Minute)
	ingest(t, st, "v", leave)
	ingest(t, st, "v", lateEntry)
	if c := counters(t, st, "v"); c.Inside != 1 {
		t.Errorf("inside %d, want 1", c.Inside)
	}
	if ok, _ := st.Inside(ctx, "v", in.IIN); ok {
		t.Error("a late entry put someone who left back inside")
	}
	if visits, _ := st.OpenVisits(ctx, "nobody"); len(visits) != 0 {
		t.Errorf("visits of an unknown venue: %+v", visits)
	}
}

// testConcurrentSameIDs: writers (on other replicas where the store has
// them) ingest overlapping batches of one venue at once; every id is stored
// once, counted once, and acknowledged as accepted exactly once.
func testConcurrentSameIDs(t *testing.T, st store.Store, again func() store.Store) {
	const writers, n = 4, 60
	stores := []store.Store{st}
	if again != nil {
		if other := again(); other != nil {
			t.Cleanup(func() { other.Close() })
			stores = append(stores, other)
		}
	}
	all := evs("v", "d", 1, n, wire.Entry)
	var mu sync.Mutex
	accepted := map[string]int{}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[w%len(stores)]
			// Each writer sends the events in its own order, in batches of 6.
			order := slices.Clone(all)
			if w%2 == 1 {
				slices.Reverse(order)
			}
			for i := 0; i < len(order); i += 6 {
				res, err := s.Ingest(context.Background(), "v", order[i:min(i+6, len(order))], base)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, id := range res.Accepted {
					accepted[id]++
				}
				mu.Unlock()
				if len(res.Conflicts) > 0 {
					t.Errorf("conflicts between copies of the same events: %v", res.Conflicts)
				}
			}
		}()
	}
	wg.Wait()
	for _, e := range all {
		if accepted[e.ID] != 1 {
			t.Errorf("%s accepted %d times", e.ID, accepted[e.ID])
		}
	}
	c := counters(t, st, "v")
	if c.Entries != n || c.Inside != n {
		t.Errorf("counters %+v, want %d entries and inside", c, n)
	}
	page, err := st.ListEvents(context.Background(), "v", "", 2*n)
	if err != nil || len(page.Events) != n {
		t.Errorf("listed %d events, %v; want %d", len(page.Events), err, n)
	}
	if rec, _ := st.Device(context.Background(), "v", "d"); rec.Received != n || rec.Reused != 0 || len(rec.Report().Gaps) != 0 {
		t.Errorf("device %+v", rec.Report())
	}
}

// testFollowerSkipsNothing: a reader following a venue's listing while
// writers (on other replicas where the store has them) commit sees every
// event exactly once: no commit appears below a cursor already handed out.
func testFollowerSkipsNothing(t *testing.T, st store.Store, again func() store.Store) {
	const writers, batches, size = 3, 15, 4
	stores := []store.Store{st}
	if again != nil {
		if other := again(); other != nil {
			t.Cleanup(func() { other.Close() })
			stores = append(stores, other)
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[w%len(stores)]
			dev := fmt.Sprintf("d%d", w)
			for b := range batches {
				if _, err := s.Ingest(context.Background(), "v", evs("v", dev, b*size+1, size, wire.Entry), base); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	seen := map[string]int{}
	cursor := ""
	reader := stores[len(stores)-1]
	for finished := false; ; {
		select {
		case <-done:
			finished = true
		default:
		}
		page, err := reader.ListEvents(context.Background(), "v", cursor, 5)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Events {
			seen[e.ID]++
		}
		cursor = page.Resume
		if finished && !page.More && len(page.Events) == 0 {
			break
		}
	}
	if len(seen) != writers*batches*size {
		t.Errorf("the follower saw %d events, want %d", len(seen), writers*batches*size)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s seen %d times", id, n)
		}
	}
}

// proofUse is a use of proof n by device of venue at at, remembered for a
// minute.
func proofUse(n byte, venue, device string, at time.Time) store.ProofUse {
	return store.ProofUse{ID: [store.ProofIDSize]byte{n, 0xa5}, Venue: venue, Device: device, Door: "front",
		At: at, Until: at.Add(time.Minute)}
}

func testProofs(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	use := func(u store.ProofUse, peek bool) (store.ProofUse, bool) {
		t.Helper()
		first, seen, err := st.UseProof(ctx, u, peek)
		if err != nil {
			t.Fatal(err)
		}
		return first, seen
	}
	a := proofUse(1, "cafe", "d1", base)
	if _, seen := use(a, true); seen {
		t.Error("peek at an unknown proof: seen")
	}
	if _, seen := use(a, false); seen {
		t.Error("a peek recorded the proof")
	}
	// Another device of the same venue, another venue, the same device:
	// each is told the first use, which stays the first.
	for _, u := range []store.ProofUse{proofUse(1, "cafe", "d2", base.Add(2*time.Second)),
		proofUse(1, "gym", "d1", base.Add(3*time.Second)), proofUse(1, "cafe", "d1", base.Add(4*time.Second))} {
		for _, peek := range []bool{true, false} {
			first, seen := use(u, peek)
			if !seen || !first.SameUser(a) || !first.At.Equal(a.At) || !first.Until.Equal(a.Until) || first.ID != a.ID {
				t.Errorf("%s/%s (peek %v): first %+v seen %v, want %+v", u.Venue, u.Device, peek, first, seen, a)
			}
		}
	}
	// Another proof is another matter.
	if _, seen := use(proofUse(2, "gym", "d1", base.Add(5*time.Second)), false); seen {
		t.Error("a second proof id was seen")
	}
	// Past its Until, a use is forgotten even before pruning: the next use
	// is first.
	late := proofUse(1, "gym", "d9", a.Until.Add(time.Second))
	if _, seen := use(late, false); seen {
		t.Error("an expired use still counts")
	}
	if first, seen := use(proofUse(1, "cafe", "d1", late.At.Add(time.Second)), false); !seen || !first.SameUser(late) {
		t.Errorf("after the expired use: %+v %v, want gym/d9", first, seen)
	}
	// Pruning forgets what expired and counts the rest.
	if n, err := st.PruneProofs(ctx, base.Add(2*time.Minute)); err != nil || n != 1 {
		t.Errorf("prune at +2 min: %d left, %v; want 1 (the re-used proof 1)", n, err)
	}
	if n, err := st.PruneProofs(ctx, late.Until.Add(time.Second)); err != nil || n != 0 {
		t.Errorf("prune after all: %d left, %v", n, err)
	}
	if _, seen := use(proofUse(2, "gym", "d2", base.Add(6*time.Second)), true); seen {
		t.Error("a pruned proof was seen")
	}
}

// Of many devices claiming one proof at once, through one handle and
// another (a second replica, where the store has one), exactly one is
// first and the others are told it.
func testProofsRace(t *testing.T, st store.Store, again func() store.Store) {
	ctx := context.Background()
	handles := []store.Store{st}
	if again != nil {
		other := again()
		t.Cleanup(func() { other.Close() })
		handles = append(handles, other)
	}
	for round := byte(0); round < 5; round++ {
		const n = 8
		var wg sync.WaitGroup
		firsts := make([]bool, n)
		told := make([]store.ProofUse, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				u := proofUse(100+round, "cafe", fmt.Sprintf("d%d", i), base)
				first, seen, err := handles[i%len(handles)].UseProof(ctx, u, false)
				if err != nil {
					t.Error(err)
				}
				firsts[i], told[i] = !seen, first
			}()
		}
		wg.Wait()
		winner := -1
		for i, f := range firsts {
			if f {
				if winner >= 0 {
					t.Fatalf("round %d: devices %d and %d were both first", round, winner, i)
				}
				winner = i
			}
		}
		if winner < 0 {
			t.Fatalf("round %d: nobody was first", round)
		}
		for i := range n {
			if i != winner && told[i].Device != fmt.Sprintf("d%d", winner) {
				t.Errorf("round %d: device %d was told %q, want d%d", round, i, told[i].Device, winner)
			}
		}
	}
}

func testSessions(t *testing.T, st store.Store, again func() store.Store) {
	ctx := context.Background()
	op := store.Credential{ID: "o-000000000001", Kind: store.KindOperator, Hash: sha256.Sum256([]byte("op")), Created: base}
	if err := st.PutCredential(ctx, op); err != nil {
		t.Fatal(err)
	}
	mk := func(n byte, cred string, expires time.Time) store.Session {
		return store.Session{Hash: sha256.Sum256([]byte{n}), Credential: cred, CredentialHash: op.Hash, Kind: store.KindOperator,
			Created: base.Add(time.Duration(n) * time.Minute), Expires: expires, LastSeen: base, Client: "198.51.100.7"}
	}
	s1, s2, old := mk(1, op.ID, base.Add(12*time.Hour)), mk(2, op.ID, base.Add(12*time.Hour)), mk(3, "o-other", base.Add(time.Hour))
	for _, s := range []store.Session{s1, s2, old} {
		if err := st.PutSession(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.PutSession(ctx, s1); !errors.Is(err, store.ErrExists) {
		t.Errorf("the same session twice: %v", err)
	}
	got, err := st.Session(ctx, s1.Hash)
	if err != nil || got.Credential != op.ID || got.CredentialHash != op.Hash || !got.Expires.Equal(s1.Expires) || got.Client != s1.Client {
		t.Errorf("session: %+v, %v", got, err)
	}
	if _, err := st.Session(ctx, sha256.Sum256([]byte("none"))); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown session: %v", err)
	}
	if err := st.TouchSession(ctx, s1.Hash, base.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Session(ctx, s1.Hash); !got.LastSeen.Equal(base.Add(time.Hour)) {
		t.Errorf("touched: %+v", got)
	}
	// Another replica sees the same sessions.
	if again != nil {
		other := again()
		defer other.Close()
		if got, err := other.Session(ctx, s2.Hash); err != nil || got.Credential != op.ID {
			t.Errorf("another replica: %+v, %v", got, err)
		}
	}
	if list, err := st.Sessions(ctx, op.ID, base, 10); err != nil || len(list) != 2 || list[0].Hash != s2.Hash {
		t.Errorf("the operator's sessions: %+v, %v", list, err)
	}
	if n, err := st.DeleteExpiredSessions(ctx, base.Add(2*time.Hour)); err != nil || n != 1 {
		t.Errorf("expired: %d, %v", n, err)
	}
	if err := st.DeleteSession(ctx, s2.Hash); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteSession(ctx, s2.Hash); err != nil {
		t.Errorf("ending a session twice: %v", err)
	}
	// Revoking the credential ends its sessions.
	if err := st.RevokeCredential(ctx, op.ID, base.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Session(ctx, s1.Hash); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a revoked credential's session: %v", err)
	}
	if err := st.TouchSession(ctx, s1.Hash, base); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("touching an ended session: %v", err)
	}
}
