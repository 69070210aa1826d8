package server

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/api"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

func TestIngestSameBatchTwice(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		evs := events(venueA, "dev-1", 1, 5, wire.Entry)
		first := e.send(tokA, "dev-1", evs...)
		if !slices.Equal(first.Accepted, ids(evs)) || len(first.Duplicates) != 0 || len(first.Rejected) != 0 {
			t.Fatalf("first send: %+v", first)
		}
		second := e.send(tokA, "dev-1", evs...)
		if len(second.Accepted) != 0 || !slices.Equal(second.Duplicates, ids(evs)) {
			t.Fatalf("second send: %+v", second)
		}
		if !slices.Equal(second.Acked(), ids(evs)) {
			t.Errorf("second send acks %v, want every id", second.Acked())
		}
		n, err := e.srv.EventCount(venueA)
		if err != nil || n != 5 {
			t.Errorf("EventCount = %d, %v; want 5", n, err)
		}
		occ, _ := e.srv.Occupancy(venueA)
		if occ.Entries != 5 || occ.Inside != 5 {
			t.Errorf("occupancy counted duplicates: %+v", occ)
		}
		rep, _ := e.srv.Device(venueA, "dev-1")
		if rep.Received != 5 {
			t.Errorf("device received %d, want 5", rep.Received)
		}
	})
}

func TestIngestDuplicateInsideBatch(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		a, b := event(venueA, "dev-1", 1, wire.Entry), event(venueA, "dev-1", 2, wire.Entry)
		res := e.send(tokA, "dev-1", a, b, a, a)
		if !slices.Equal(res.Accepted, []string{a.ID, b.ID}) || !slices.Equal(res.Duplicates, []string{a.ID, a.ID}) {
			t.Fatalf("result %+v", res)
		}
		if n, _ := e.srv.EventCount(venueA); n != 2 {
			t.Errorf("EventCount = %d, want 2", n)
		}
	})
}

func TestIngestMixedValidInvalid(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		good := event(venueA, "dev-1", 1, wire.Entry)
		badCheck := event(venueA, "dev-1", 2, wire.Entry)
		badCheck.IIN = "900101300018"
		otherVenue := event(venueB, "dev-1", 3, wire.Entry)
		noSeq := event(venueA, "dev-1", 0, wire.Exit)
		badKind := event(venueA, "dev-1", 4, "party")
		otherDevice := event(venueA, "dev-2", 5, wire.Entry)
		good2 := event(venueA, "dev-1", 6, wire.Refusal)
		res := e.send(tokA, "dev-1", good, badCheck, otherVenue, noSeq, badKind, otherDevice, good2)

		if !slices.Equal(res.Accepted, []string{good.ID, good2.ID}) {
			t.Errorf("accepted %v", res.Accepted)
		}
		want := map[string]string{
			badCheck.ID:    "check digit",
			otherVenue.ID:  "venue",
			noSeq.ID:       "seq",
			badKind.ID:     "kind",
			otherDevice.ID: "device",
		}
		if len(res.Rejected) != len(want) {
			t.Fatalf("rejected %+v, want %d", res.Rejected, len(want))
		}
		for _, r := range res.Rejected {
			if !strings.Contains(r.Error, want[r.ID]) {
				t.Errorf("rejection of %s says %q, want it to mention %q", r.ID, r.Error, want[r.ID])
			}
			if strings.Contains(r.Error, "90010130001") {
				t.Errorf("rejection %q shows the IIN", r.Error)
			}
		}
		if ok, _ := e.srv.HasEvent(venueA, badCheck.ID); ok {
			t.Error("rejected event was stored")
		}
		if ok, _ := e.srv.HasEvent(venueA, good2.ID); !ok {
			t.Error("valid event after invalid ones was not stored")
		}
	})
}

func TestIngestEmptyBatch(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		code, data := e.call("POST", "/v1/events", tokA, wire.EventBatch{Device: "dev-1"})
		if code != 200 || !strings.Contains(string(data), `"accepted":[]`) {
			t.Errorf("empty batch: %d %s (lists must be [] not null)", code, data)
		}
	})
}

func TestIngestLimits(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		tooMany := wire.EventBatch{Device: "dev-1", Events: events(venueA, "dev-1", 1, api.MaxBatchEvents+1, wire.Entry)}
		huge := []byte(`{"device":"dev-1","events":[],"pad":"` + strings.Repeat("x", api.MaxBatchBytes) + `"}`)
		tests := []struct {
			name    string
			body    any
			want    int
			errPart string
		}{
			{"too many events", tooMany, 413, fmt.Sprint(api.MaxBatchEvents)},
			{"body too large", huge, 413, "exceeds"},
			{"malformed JSON", []byte(`{"device":"dev-1","events":[`), 400, "malformed"},
			{"wrong type", []byte(`{"device":"dev-1","events":"many"}`), 400, "malformed"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				code, data := e.call("POST", "/v1/events", tokA, tt.body)
				var eb wire.ErrorBody
				_ = json.Unmarshal(data, &eb)
				if code != tt.want || !strings.Contains(eb.Error, tt.errPart) {
					t.Errorf("got %d %q, want %d mentioning %q", code, eb.Error, tt.want, tt.errPart)
				}
			})
		}
		if n, _ := e.srv.EventCount(venueA); n != 0 {
			t.Errorf("a refused batch stored %d events", n)
		}
	})
}

func TestOccupancyAcrossDevices(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		// Entrance device: 5 entries, 2 refusals. Exit device: 3 exits.
		e.send(tokA, "door-in", append(events(venueA, "door-in", 1, 5, wire.Entry), events(venueA, "door-in", 6, 2, wire.Refusal)...)...)
		e.send(tokA, "door-out", events(venueA, "door-out", 1, 3, wire.Exit)...)
		// Venue B's traffic must not leak into A.
		e.send(tokB, "b-in", events(venueB, "b-in", 1, 4, wire.Entry)...)

		var occ wire.Occupancy
		e.callJSON("GET", "/v1/venues/"+venueA+"/occupancy", tokA, nil, 200, &occ)
		if occ.Venue != venueA || occ.Entries != 5 || occ.Exits != 3 || occ.Inside != 2 || occ.AsOf.IsZero() {
			t.Errorf("occupancy %+v, want 5 entries, 3 exits, 2 inside", occ)
		}
		if n, _ := e.srv.EventCount(venueA); n != 10 {
			t.Errorf("EventCount(A) = %d, want 10 (refusals count as events)", n)
		}
		direct, err := e.srv.Occupancy(venueB)
		if err != nil || direct.Inside != 4 {
			t.Errorf("Occupancy(B) = %+v, %v", direct, err)
		}
		empty, err := e.srv.Occupancy("nobody")
		if err != nil || empty.Inside != 0 || empty.Entries != 0 {
			t.Errorf("unknown venue: %+v, %v", empty, err)
		}
	})
}

func TestDeviceGaps(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		// Sequence 1..10 with 3..5 and 8 missing, sent out of order over two batches.
		var evs []wire.Event
		for _, s := range []uint64{10, 1, 7, 2, 9, 6} {
			evs = append(evs, event(venueA, "dev-1", s, wire.Entry))
		}
		before := time.Now().Add(-time.Second)
		e.send(tokA, "dev-1", evs[:3]...)
		e.send(tokA, "dev-1", evs[3:]...)
		var rep wire.DeviceReport
		e.callJSON("GET", "/v1/devices/dev-1", tokA, nil, 200, &rep)
		want := []wire.SeqRange{{From: 3, To: 5}, {From: 8, To: 8}}
		if !slices.Equal(rep.Gaps, want) || rep.MaxSeq != 10 || rep.Received != 6 || rep.Venue != venueA || rep.Device != "dev-1" {
			t.Errorf("report %+v, want gaps %v, max 10, received 6", rep, want)
		}
		if rep.LastSeen.Before(before) {
			t.Errorf("last seen %v is older than the batch", rep.LastSeen)
		}
		// The missing ones arrive: no gaps left.
		e.send(tokA, "dev-1", event(venueA, "dev-1", 3, wire.Entry), event(venueA, "dev-1", 4, wire.Entry),
			event(venueA, "dev-1", 5, wire.Entry), event(venueA, "dev-1", 8, wire.Entry))
		e.callJSON("GET", "/v1/devices/dev-1", tokA, nil, 200, &rep)
		if len(rep.Gaps) != 0 || rep.Received != 10 {
			t.Errorf("after filling: %+v", rep)
		}
		code, data := e.call("GET", "/v1/devices/dev-1", tokA, nil)
		if code != 200 || !strings.Contains(string(data), `"gaps":[]`) {
			t.Errorf("no gaps must be [] in JSON: %s", data)
		}
	})
}

func TestListPagination(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		all := events(venueA, "dev-1", 1, 25, wire.Entry)
		e.send(tokA, "dev-1", all[:10]...)
		e.send(tokB, "dev-b", event(venueB, "dev-b", 1, wire.Entry)) // interleaved other venue
		e.send(tokA, "dev-1", all[10:]...)

		var got []string
		cursor, pages := "", 0
		for {
			var page wire.EventList
			path := "/v1/venues/" + venueA + "/events?limit=7"
			if cursor != "" {
				path += "&after=" + cursor
			}
			e.callJSON("GET", path, tokA, nil, 200, &page)
			pages++
			if len(page.Events) > 7 || page.Venue != venueA {
				t.Fatalf("page %+v", page)
			}
			got = append(got, ids(page.Events)...)
			if page.Next == "" {
				break
			}
			cursor = page.Next
			if pages > 10 {
				t.Fatal("pagination does not end")
			}
		}
		if pages != 4 || !slices.Equal(got, ids(all)) {
			t.Errorf("%d pages, ids %v; want 4 pages with every id once, oldest first", pages, got)
		}

		var def wire.EventList
		e.callJSON("GET", "/v1/venues/"+venueA+"/events", tokA, nil, 200, &def)
		if len(def.Events) != 25 || def.Next != "" || !def.Events[0].ScannedAt.Equal(all[0].ScannedAt) {
			t.Errorf("default page: %d events, next %q", len(def.Events), def.Next)
		}
		if got := def.Events[0].IIN; got != "••••••••0017" {
			t.Errorf("a device token's listing shows IIN %q, want it masked", got)
		}
		for _, bad := range []string{"?limit=0", "?limit=x", "?after=abc"} {
			if code, _ := e.call("GET", "/v1/venues/"+venueA+"/events"+bad, tokA, nil); code != 400 {
				t.Errorf("%s: status %d, want 400", bad, code)
			}
		}
		var past wire.EventList
		e.callJSON("GET", "/v1/venues/"+venueA+"/events?after=18446744073709551615", tokA, nil, 200, &past)
		if len(past.Events) != 0 || past.Next != "" {
			t.Errorf("a cursor past every event (the largest uint64) gave %d events, next %q", len(past.Events), past.Next)
		}
		var big wire.EventList
		e.callJSON("GET", "/v1/venues/"+venueA+"/events?limit=100000", tokA, nil, 200, &big)
		if len(big.Events) != 25 {
			t.Errorf("limit above the maximum: %d events", len(big.Events))
		}
	})
}

func TestListLimitCapped(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		for i := 0; i < 3; i++ {
			e.send(tokA, "dev-1", events(venueA, "dev-1", uint64(i*500+1), 500, wire.Entry)...)
		}
		var page wire.EventList
		e.callJSON("GET", "/v1/venues/"+venueA+"/events?limit=5000", tokA, nil, 200, &page)
		if len(page.Events) != api.MaxListLimit || page.Next == "" {
			t.Errorf("limit=5000 gave %d events, next %q; want %d and a cursor", len(page.Events), page.Next, api.MaxListLimit)
		}
	})
}

func TestDurableAcrossReopen(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		exit := event(venueA, "dev-1", 6, wire.Exit)
		exit.IIN = personIIN(1) // the first visitor leaves
		evs := append(events(venueA, "dev-1", 1, 4, wire.Entry), exit)
		e.send(tokA, "dev-1", evs...)
		if err := e.srv.SetStatus("061211600012", wire.Yellow); err != nil {
			t.Fatal(err)
		}
		e.reopen(Options{})

		res := e.send(tokA, "dev-1", evs...)
		if len(res.Accepted) != 0 || len(res.Duplicates) != len(evs) {
			t.Errorf("after reopen the batch was not recognised: %+v", res)
		}
		occ, _ := e.srv.Occupancy(venueA)
		if occ.Entries != 4 || occ.Exits != 1 || occ.Inside != 3 {
			t.Errorf("occupancy after reopen %+v", occ)
		}
		rep, err := e.srv.Device(venueA, "dev-1")
		if err != nil || rep.MaxSeq != 6 || !slices.Equal(rep.Gaps, []wire.SeqRange{{From: 5, To: 5}}) {
			t.Errorf("device after reopen %+v, %v", rep, err)
		}
		var sr wire.StatusResponse
		e.callJSON("POST", "/v1/status", tokA, wire.StatusRequest{IIN: "061211600012"}, 200, &sr)
		if sr.Status != wire.Yellow {
			t.Errorf("registry after reopen: %s", sr.Status)
		}
		// New events continue the venue's log after the old ones.
		more := event(venueA, "dev-1", 5, wire.Entry)
		e.send(tokA, "dev-1", more)
		list, err := e.srv.Events(venueA, "", 0)
		if err != nil || len(list.Events) != 6 || list.Events[5].ID != more.ID {
			t.Errorf("log after reopen: %d events, %v", len(list.Events), err)
		}
	})
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(Options{}); err == nil {
		t.Error("Open without a data dir succeeded")
	}
	if _, err := Open(Options{DataDir: dir, Tokens: map[string]string{"t": ""}}); err == nil {
		t.Error("Open with an empty venue succeeded")
	}
	if _, err := Open(Options{DataDir: dir, Faults: Faults{FailRate: 1.5}}); err == nil || !strings.Contains(err.Error(), "fail rate") {
		t.Errorf("fail rate 1.5: %v", err)
	}
	s, err := Open(Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Open(Options{DataDir: dir}); err == nil {
		t.Error("a second server opened the same store")
	}
}

func TestRequestLogMasksAndOmitsSecrets(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		logger, buf := newTestLogger()
		e := newEnv(t, Options{Logger: logger})
		e.call("POST", "/v1/status", tokA, wire.StatusRequest{IIN: "900101300017"})
		e.call("POST", "/v1/status", tokA, wire.StatusRequest{IIN: "900101300018"})
		e.send(tokA, "dev-1", event(venueA, "dev-1", 1, wire.Entry))
		e.call("GET", "/v1/venues/"+venueA+"/occupancy", "wrong-secret", nil)
		out := buf.String()
		for _, secret := range []string{"90010130001", tokA, "wrong-secret"} {
			if strings.Contains(out, secret) {
				t.Errorf("log contains %q:\n%s", secret, out)
			}
		}
		for _, want := range []string{`pattern="POST /v1/status" status=200`, `status=400`, `pattern="POST /v1/events"`, "device=dev-1", "status=401", "duration="} {
			if !strings.Contains(out, want) {
				t.Errorf("log lacks %q:\n%s", want, out)
			}
		}
		if n := strings.Count(out, "msg=request"); n != 4 {
			t.Errorf("%d request lines for 4 requests", n)
		}
	})
}

// A reader that follows a venue keeps the cursor of the last page and gets
// exactly the events received since, on both stores.
func TestListFollow(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		first := events(venueA, "dev-1", 1, 3, wire.Entry)
		e.send(tokA, "dev-1", first...)
		var page wire.EventList
		e.callJSON("GET", "/v1/venues/"+venueA+"/events", tokA, nil, 200, &page)
		if len(page.Events) != 3 || page.Next != "" || page.Cursor == "" {
			t.Fatalf("first page: %d events, next %q, cursor %q; want 3, none, a cursor", len(page.Events), page.Next, page.Cursor)
		}
		var empty wire.EventList
		e.callJSON("GET", "/v1/venues/"+venueA+"/events?after="+page.Cursor, tokA, nil, 200, &empty)
		if len(empty.Events) != 0 || empty.Cursor != page.Cursor {
			t.Errorf("nothing new: %d events, cursor %q; want none and the same cursor %q", len(empty.Events), empty.Cursor, page.Cursor)
		}
		later := events(venueA, "dev-1", 4, 2, wire.Exit)
		e.send(tokA, "dev-1", later...)
		var next wire.EventList
		e.callJSON("GET", "/v1/venues/"+venueA+"/events?after="+empty.Cursor, tokA, nil, 200, &next)
		if !slices.Equal(ids(next.Events), ids(later)) {
			t.Errorf("following: got %v, want exactly the later events %v", ids(next.Events), ids(later))
		}
	})
}

// A listing page stops at store.ListPageBytes of events, whatever the count limit,
// and the next page carries on where it stopped.
func TestListPageBytes(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		evs := events(venueA, "dev-1", 1, 30, wire.Entry)
		for i := range evs {
			evs[i].Reason = strings.Repeat("r", 200<<10) // stored events of about 200 KiB
		}
		// Straight into the store: such events may predate the field limits.
		if _, err := e.srv.Store().Ingest(context.Background(), venueA, evs, time.Now()); err != nil {
			t.Fatal(err)
		}
		var got []string
		cursor, pages := "", 0
		for {
			list, err := e.srv.Events(venueA, cursor, 1000)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			if n := len(list.Events); n == 0 || n > store.ListPageBytes/(200<<10)+1 {
				t.Fatalf("page %d has %d events of 200 KiB; the byte bound is %d", pages, n, store.ListPageBytes)
			}
			got = append(got, ids(list.Events)...)
			if list.Next == "" {
				break
			}
			cursor = list.Next
		}
		if !slices.Equal(got, ids(evs)) || pages < 5 {
			t.Errorf("%d pages, %d events; want every event once over several pages", pages, len(got))
		}
	})
}
