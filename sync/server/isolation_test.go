package server

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// Two venues that both left a kiosk on the example config's device name each
// get their own device: neither is refused, and each report counts its own.
func TestVenuesShareDeviceNames(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		a := e.send(tokA, "cafe-door-1", events(venueA, "cafe-door-1", 1, 3, wire.Entry)...)
		b := e.send(tokB, "cafe-door-1", events(venueB, "cafe-door-1", 1, 2, wire.Exit)...)
		if len(a.Accepted) != 3 || len(b.Accepted) != 2 || len(b.Rejected) != 0 {
			t.Fatalf("A %+v, B %+v: want every event of both venues accepted", a, b)
		}
		var repA, repB wire.DeviceReport
		e.callJSON("GET", "/v1/devices/cafe-door-1", tokA, nil, 200, &repA)
		e.callJSON("GET", "/v1/devices/cafe-door-1", tokB, nil, 200, &repB)
		if repA.Venue != venueA || repA.Received != 3 || repB.Venue != venueB || repB.Received != 2 {
			t.Errorf("reports A %+v, B %+v: each must be its own venue's", repA, repB)
		}
		var occA, occB wire.Occupancy
		e.callJSON("GET", "/v1/venues/"+venueA+"/occupancy", tokA, nil, 200, &occA)
		e.callJSON("GET", "/v1/venues/"+venueB+"/occupancy", tokB, nil, 200, &occB)
		if occA.Entries != 3 || occA.Exits != 0 || occB.Exits != 2 || occB.Entries != 0 {
			t.Errorf("occupancy A %+v, B %+v", occA, occB)
		}
	})
}

// The device report tells a venue nothing about which names other venues use:
// another venue's device and a name nobody uses get the same answer.
func TestDeviceReportRevealsNoOtherVenue(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		e.send(tokA, "secret-door", event(venueA, "secret-door", 1, wire.Entry))
		codeUsed, bodyUsed := e.call("GET", "/v1/devices/secret-door", tokB, nil)
		codeNone, bodyNone := e.call("GET", "/v1/devices/nobody-has-this", tokB, nil)
		if codeUsed != http.StatusNotFound || codeUsed != codeNone || string(bodyUsed) != string(bodyNone) {
			t.Errorf("another venue's device: %d %s; an unused name: %d %s; want the same 404", codeUsed, bodyUsed, codeNone, bodyNone)
		}
	})
}

// Event ids are unique within a venue: an id another venue sent first
// neither swallows this venue's event nor tells it that the id exists.
func TestVenuesShareEventIDs(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		theirs := event(venueB, "b-door", 1, wire.Entry)
		if res := e.send(tokB, "b-door", theirs); len(res.Accepted) != 1 {
			t.Fatalf("B: %+v", res)
		}
		mine := event(venueA, "a-door", 1, wire.Entry)
		mine.ID = theirs.ID
		res := e.send(tokA, "a-door", mine)
		if !slices.Equal(res.Accepted, []string{mine.ID}) || len(res.Duplicates) != 0 || len(res.Rejected) != 0 {
			t.Fatalf("A sending an id venue B holds: %+v, want it accepted as A's own", res)
		}
		var occA, occB wire.Occupancy
		e.callJSON("GET", "/v1/venues/"+venueA+"/occupancy", tokA, nil, 200, &occA)
		e.callJSON("GET", "/v1/venues/"+venueB+"/occupancy", tokB, nil, 200, &occB)
		if occA.Entries != 1 || occB.Entries != 1 {
			t.Errorf("occupancy A %+v, B %+v: each venue's event counts once in its own venue", occA, occB)
		}
		var list wire.EventList
		e.callJSON("GET", "/v1/venues/"+venueB+"/events", tokB, nil, 200, &list)
		if len(list.Events) != 1 || list.Events[0].Device != "b-door" {
			t.Errorf("venue B's listing %+v: A's event must not replace or join B's", list.Events)
		}
	})
}

// The same id with other content is a conflict: rejected (the kiosk
// dead-letters it), logged, and the first version kept. The same content,
// even with the time in another zone, stays a duplicate.
func TestIngestConflictingContent(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		logger, logs := newTestLogger()
		e := newEnv(t, Options{Logger: logger})
		first := event(venueA, "dev-1", 1, wire.Entry)
		e.send(tokA, "dev-1", first)

		changed := first
		changed.Kind = wire.Exit
		changed.Door = "back"
		sameInstant := first
		sameInstant.ScannedAt = first.ScannedAt.In(time.FixedZone("ALMT", 5*3600))
		res := e.send(tokA, "dev-1", changed, sameInstant)
		if len(res.Rejected) != 1 || res.Rejected[0].ID != first.ID || !strings.Contains(res.Rejected[0].Error, "conflict") {
			t.Errorf("other content under a stored id: %+v, want one rejection naming a conflict", res)
		}
		if !slices.Equal(res.Duplicates, []string{first.ID}) || len(res.Accepted) != 0 {
			t.Errorf("same content, time in another zone: %+v, want a duplicate", res)
		}
		var list wire.EventList
		e.callJSON("GET", "/v1/venues/"+venueA+"/events", tokA, nil, 200, &list)
		if len(list.Events) != 1 || list.Events[0].Kind != wire.Entry || list.Events[0].Door != "front" {
			t.Errorf("stored %+v, want the first version only", list.Events)
		}
		var occ wire.Occupancy
		e.callJSON("GET", "/v1/venues/"+venueA+"/occupancy", tokA, nil, 200, &occ)
		if occ.Entries != 1 || occ.Exits != 0 {
			t.Errorf("occupancy %+v after a conflict, want the first version's count", occ)
		}
		if !strings.Contains(logs.String(), "conflict") || !strings.Contains(logs.String(), first.ID) {
			t.Errorf("the conflict is not logged with its id:\n%s", logs)
		}
	})
}

// A seq out of range is refused before it can open a gap of 2^64 numbers.
func TestSeqOutOfRange(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		huge := event(venueA, "dev-1", math.MaxUint64, wire.Entry)
		res := e.send(tokA, "dev-1", huge)
		if len(res.Rejected) != 1 || !strings.Contains(res.Rejected[0].Error, "seq") {
			t.Errorf("seq 2^64-1: %+v, want a rejection naming seq", res)
		}
		e.send(tokA, "dev-1", events(venueA, "dev-1", 1, 3, wire.Entry)...)
		var rep wire.DeviceReport
		e.callJSON("GET", "/v1/devices/dev-1", tokA, nil, 200, &rep)
		if rep.MaxSeq != 3 || len(rep.Gaps) != 0 || rep.Received != 3 {
			t.Errorf("after 2^64-1 then 1,2,3: %+v, want max 3, no gaps, 3 received", rep)
		}
	})
}

// Distinct events that reuse a sequence number are all kept (nothing is
// lost), but counted as an anomaly, never as received numbers.
func TestSeqReuseIsAnAnomaly(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		evs := []wire.Event{event(venueA, "dev-1", 1, wire.Entry), event(venueA, "dev-1", 1, wire.Entry), event(venueA, "dev-1", 1, wire.Entry)}
		if res := e.send(tokA, "dev-1", evs...); len(res.Accepted) != 3 {
			t.Fatalf("three distinct events: %+v", res)
		}
		var rep struct { // not wire.DeviceReport: this test also runs on servers without seq_reused
			Received  int64  `json:"received"`
			SeqReused int64  `json:"seq_reused"`
			MaxSeq    uint64 `json:"max_seq"`
		}
		e.callJSON("GET", "/v1/devices/dev-1", tokA, nil, 200, &rep)
		if rep.Received != 1 || rep.SeqReused != 2 || rep.MaxSeq != 1 {
			t.Errorf("seq 1 three times: %+v, want received 1, seq_reused 2", rep)
		}
	})
}

// Status lookups are counted per venue and per named device of the venue,
// and a device name of another venue gains nothing.
func TestLookupsCounted(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{Operators: map[string]string{opSecret: "ops"}})
		e.send(tokA, "door-1", event(venueA, "door-1", 1, wire.Entry))
		e.send(tokB, "door-1", event(venueB, "door-1", 1, wire.Entry))
		for range 3 {
			e.callJSON("POST", "/v1/status", tokA, wire.StatusRequest{IIN: "900101300017", Device: "door-1"}, 200, nil)
		}
		e.callJSON("POST", "/v1/status", tokA, wire.StatusRequest{IIN: "900101300017"}, 200, nil)
		e.srv.b.FlushLookups()
		var a, b wire.DeviceReport
		e.callJSON("GET", "/v1/devices/door-1", tokA, nil, 200, &a)
		e.callJSON("GET", "/v1/devices/door-1", tokB, nil, 200, &b)
		if a.Lookups != 3 || b.Lookups != 0 {
			t.Errorf("lookups: venue A's door-1 %d, venue B's door-1 %d; want 3 and 0", a.Lookups, b.Lookups)
		}
		var venues []store.VenueSummary
		e.callJSON("GET", "/v1/admin/venues", opSecret, nil, 200, &venues)
		for _, v := range venues {
			if want := map[string]int64{venueA: 4, venueB: 0}[v.Name]; v.Lookups != want {
				t.Errorf("venue %s: %d lookups, want %d", v.Name, v.Lookups, want)
			}
		}
	})
}

// A device that has only looked people up (no event yet: the kiosk's first
// hour, or one whose batches are stuck) is visible per device, with its
// lookups, in its report and in the device list, on both stores. Before,
// its lookups counted for the venue and nowhere else. Made-up names cannot
// grow a venue's devices without end: past store.MaxDevicesFromLookups the
// lookups of a new name count for the venue only.
func TestLookupsOfADeviceWithoutEvents(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{Operators: map[string]string{opSecret: "ops"}})
		for range 3 {
			e.callJSON("POST", "/v1/status", tokA, wire.StatusRequest{IIN: "900101300017", Device: "new-door"}, 200, nil)
		}
		e.srv.b.FlushLookups()
		var rep wire.DeviceReport
		e.callJSON("GET", "/v1/devices/new-door", tokA, nil, 200, &rep)
		if rep.Lookups != 3 || rep.Received != 0 {
			t.Errorf("report of a device that only looked up: %+v", rep)
		}
		var list wire.DeviceList
		e.callJSON("GET", "/v1/venues/"+venueA+"/devices", opSecret, nil, 200, &list)
		if len(list.Devices) != 1 || list.Devices[0].Device != "new-door" || list.Devices[0].Lookups != 3 ||
			!list.Devices[0].LastEvent.IsZero() {
			t.Errorf("device list: %+v", list.Devices)
		}
		if code, _ := e.call("GET", "/v1/devices/new-door", tokB, nil); code != 404 {
			t.Errorf("venue B sees venue A's lookup-only device: %d", code)
		}
		// Its first event keeps the count.
		e.send(tokA, "new-door", event(venueA, "new-door", 1, wire.Entry))
		e.callJSON("GET", "/v1/devices/new-door", tokA, nil, 200, &rep)
		if rep.Lookups != 3 || rep.Received != 1 {
			t.Errorf("after its first event: %+v", rep)
		}
		// Made-up names: bounded.
		var counts []store.LookupCount
		for i := range store.MaxDevicesFromLookups + 50 {
			counts = append(counts, store.LookupCount{Venue: venueB, Device: fmt.Sprintf("fake-%04d", i), N: 1})
		}
		if err := e.srv.Store().AddLookups(context.Background(), counts); err != nil {
			t.Fatal(err)
		}
		e.callJSON("GET", "/v1/venues/"+venueB+"/devices", opSecret, nil, 200, &list)
		if n := len(list.Devices); n > store.MaxDevicesFromLookups {
			t.Errorf("venue B has %d devices from lookups alone", n)
		}
		var venues []store.VenueSummary
		e.callJSON("GET", "/v1/admin/venues", opSecret, nil, 200, &venues)
		for _, v := range venues {
			if v.Name == venueB && v.Lookups != int64(store.MaxDevicesFromLookups+50) {
				t.Errorf("venue B counts %d lookups", v.Lookups)
			}
		}
	})
}
