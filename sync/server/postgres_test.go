package server

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/api"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// Two replicas on one database are one upstream: an event sent to one is a
// duplicate at the other, counters agree, a token made on one works on the
// other, and two demo replicas seed the same data without a conflict.
func TestPostgresReplicasAgree(t *testing.T) {
	url := pgURL(t)
	opts := Options{Demo: true, Operators: map[string]string{opSecret: "ops"}}
	r1, r2 := newEnvOn(t, url, opts), newEnvOn(t, url, opts)
	ev := event(DemoVenue, "door", 1, wire.Entry)
	if res := r1.send(DemoToken, "door", ev); len(res.Accepted) != 1 {
		t.Fatalf("replica 1: %+v", res)
	}
	if res := r2.send(DemoToken, "door", ev); len(res.Duplicates) != 1 {
		t.Errorf("replica 2 got the same event: %+v, want a duplicate", res)
	}
	var occ wire.Occupancy
	r2.callJSON("GET", "/v1/venues/"+DemoVenue+"/occupancy", DemoToken, nil, 200, &occ)
	if occ.Entries != 1 {
		t.Errorf("replica 2 occupancy %+v", occ)
	}
	var created api.NewTokenResponse
	r1.callJSON("POST", "/v1/admin/tokens", opSecret, api.NewTokenRequest{Venue: "v2"}, 201, &created)
	r2.callJSON("POST", "/v1/status", created.Token, wire.StatusRequest{IIN: "771203300035"}, 200, nil)
	var venues []store.VenueSummary
	r2.callJSON("GET", "/v1/admin/venues", opSecret, nil, 200, &venues)
	if len(venues) != 2 || venues[0].Name != DemoVenue || venues[0].Capacity != DemoCapacity {
		t.Errorf("venues seen by replica 2: %+v", venues)
	}
}

// Many writers on two replicas fill one venue while a reader follows the
// listing cursor. Whatever order the replicas commit in, the reader must end
// with every event exactly once: a cursor that moved past an event committed
// later would lose it for good.
func TestPostgresCursorSkipsNothing(t *testing.T) {
	url := pgURL(t)
	r1, r2 := newEnvOn(t, url, Options{}), newEnvOn(t, url, Options{})
	const writers, batches, perBatch = 8, 15, 7
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := r1
			if w%2 == 1 {
				e = r2
			}
			dev := fmt.Sprintf("dev-%d", w)
			for b := range batches {
				evs := events(venueA, dev, uint64(b*perBatch+1), perBatch, wire.Entry)
				if _, _, err := e.do("POST", "/v1/events", tokA, wire.EventBatch{Device: dev, Events: evs}); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		}()
	}
	seen := map[string]int{}
	cursor := ""
	readPage := func() int {
		list, err := r1.srv.Events(venueA, cursor, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range list.Events {
			seen[ev.ID]++
		}
		cursor = list.Cursor // on the last page too: the reader follows the venue
		return len(list.Events)
	}
	go func() { wg.Wait(); close(stop) }()
	for done := false; !done; {
		select {
		case <-stop:
			done = true
		default:
			readPage()
			time.Sleep(time.Millisecond)
		}
	}
	for readPage() > 0 {
	}
	total := writers * batches * perBatch
	if len(seen) != total {
		t.Errorf("the reader saw %d distinct events of %d", len(seen), total)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("event %s seen %d times", id, n)
		}
	}
}
