package server

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

func TestFaultDelay(t *testing.T) {
	const d = 150 * time.Millisecond
	e := newEnv(t, Options{Faults: Faults{Delay: d}})
	start := time.Now()
	code, _ := e.call("POST", "/v1/status", tokA, wire.StatusRequest{IIN: "900101300017"})
	if code != 200 {
		t.Fatalf("status %d", code)
	}
	if el := time.Since(start); el < d {
		t.Errorf("answered after %v, want at least the injected %v", el, d)
	}
}

func TestFaultFail(t *testing.T) {
	e := newEnv(t, Options{Faults: Faults{FailRate: 1, ResetRate: 1, RetryAfter: 2500 * time.Millisecond}})
	resp, data, err := e.do("POST", "/v1/status", tokA, wire.StatusRequest{IIN: "900101300017"})
	if err != nil {
		t.Fatal(err)
	}
	var eb wire.ErrorBody
	if resp.StatusCode != 503 || json.Unmarshal(data, &eb) != nil || eb.Error == "" {
		t.Errorf("got %d %s, want 503 with an error body", resp.StatusCode, data)
	}
	if ra := resp.Header.Get("Retry-After"); ra != "3" {
		t.Errorf("Retry-After %q, want 3 (2.5 s rounded up)", ra)
	}
	// Health and authentication are never faulted.
	if code, _ := e.call("GET", "/v1/health", "", nil); code != 200 {
		t.Errorf("health under faults: %d", code)
	}
	if code, _ := e.call("POST", "/v1/status", "bad-token", wire.StatusRequest{}); code != 401 {
		t.Errorf("unknown token under faults: %d, want 401", code)
	}

	noRA := newEnv(t, Options{Faults: Faults{FailRate: 1}})
	resp, _, err = noRA.do("GET", "/v1/venues/"+venueA+"/occupancy", tokA, nil)
	if err != nil || resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "" {
		t.Errorf("without RetryAfter: %v %v %q", err, resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

// isNetworkError is what a client sees when the server drops the connection.
func isNetworkError(err error) bool {
	var ne net.Error
	return err != nil && (errors.As(err, &ne) || strings.Contains(err.Error(), "EOF") || strings.Contains(err.Error(), "reset"))
}

func TestFaultResetStatus(t *testing.T) {
	logger, logs := newTestLogger()
	e := newEnv(t, Options{Logger: logger, Faults: Faults{ResetRate: 1}})
	resp, _, err := e.do("POST", "/v1/status", tokA, wire.StatusRequest{IIN: "900101300017"})
	if err == nil {
		t.Fatalf("got an answer %d, want a dropped connection", resp.StatusCode)
	}
	if !isNetworkError(err) {
		t.Errorf("error %v is not a network error", err)
	}
	// The line is written when the handler returns, which may be just after
	// the client saw the connection drop.
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "status=reset") {
		if time.Now().After(deadline) {
			t.Fatalf("log does not record the reset:\n%s", logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestFaultResetEvents proves the nasty case: a batch stored but never
// acknowledged is recognised when the client resends it.
func TestFaultResetEvents(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{Faults: Faults{ResetRate: 1, Seed: 42}})
		const n = 20
		evs := events(venueA, "dev-1", 1, n, wire.Entry)
		for _, ev := range evs {
			_, _, err := e.do("POST", "/v1/events", tokA, wire.EventBatch{Device: "dev-1", Events: []wire.Event{ev}})
			if !isNetworkError(err) {
				t.Fatalf("batch answered (%v), want a dropped connection", err)
			}
		}
		stored := 0
		for _, ev := range evs {
			if ok, _ := e.srv.HasEvent(venueA, ev.ID); ok {
				stored++
			}
		}
		if stored == 0 || stored == n {
			t.Fatalf("%d of %d reset batches stored; want some dropped before and some after storing", stored, n)
		}
		// The network heals; the client resends everything it never heard about.
		e.reopen(Options{})
		res := e.send(tokA, "dev-1", evs...)
		if len(res.Duplicates) != stored || len(res.Accepted) != n-stored || len(res.Acked()) != n {
			t.Errorf("resend: %d accepted, %d duplicates; want %d and %d", len(res.Accepted), len(res.Duplicates), n-stored, stored)
		}
		if c, _ := e.srv.EventCount(venueA); c != n {
			t.Errorf("EventCount %d, want %d", c, n)
		}
		if occ, _ := e.srv.Occupancy(venueA); occ.Entries != n {
			t.Errorf("entries %d, want %d: a reset batch was counted twice or lost", occ.Entries, n)
		}
	})
}

func TestFaultPartial(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{Faults: Faults{PartialRate: 1, Seed: 3}})
		evs := events(venueA, "dev-1", 1, 10, wire.Entry)
		res := e.send(tokA, "dev-1", evs...)
		k := len(res.Accepted)
		if k >= len(evs) || !slices.Equal(res.Accepted, ids(evs[:k])) || len(res.Duplicates)+len(res.Rejected) != 0 {
			t.Fatalf("partial result %+v; want a proper prefix of the batch", res)
		}
		for i, ev := range evs {
			ok, _ := e.srv.HasEvent(venueA, ev.ID)
			if ok != (i < k) {
				t.Errorf("event %d stored=%v, but the prefix is %d long", i, ok, k)
			}
		}
	})
}

// TestFaultPartialConverges plays the kiosk's rule: resend whatever was not
// listed, until everything is acknowledged. Every event ends up stored once.
func TestFaultPartialConverges(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{Faults: Faults{PartialRate: 0.5, Seed: 9}})
		pending := events(venueA, "dev-1", 1, 60, wire.Entry)
		total := len(pending)
		for round := 0; len(pending) > 0; round++ {
			if round > 500 {
				t.Fatalf("%d events still unacknowledged after 500 rounds", len(pending))
			}
			batch := pending[:min(len(pending), 25)]
			res := e.send(tokA, "dev-1", batch...)
			acked := map[string]bool{}
			for _, id := range res.Acked() {
				acked[id] = true
			}
			pending = slices.DeleteFunc(pending, func(ev wire.Event) bool { return acked[ev.ID] })
		}
		if c, _ := e.srv.EventCount(venueA); c != total {
			t.Errorf("EventCount %d, want %d", c, total)
		}
		rep, _ := e.srv.Device(venueA, "dev-1")
		if len(rep.Gaps) != 0 || rep.MaxSeq != uint64(total) {
			t.Errorf("device report %+v", rep)
		}
	})
}

func TestFaultSeedRepeats(t *testing.T) {
	codes := func(seed int64) []int {
		e := newEnv(t, Options{Faults: Faults{FailRate: 0.5, Seed: seed}})
		var out []int
		for i := 0; i < 24; i++ {
			code, _ := e.call("GET", "/v1/venues/"+venueA+"/occupancy", tokA, nil)
			out = append(out, code)
		}
		return out
	}
	a, b := codes(5), codes(5)
	if !slices.Equal(a, b) {
		t.Errorf("same seed, different runs: %v vs %v", a, b)
	}
	if !slices.Contains(a, http.StatusOK) || !slices.Contains(a, http.StatusServiceUnavailable) {
		t.Errorf("fail rate 0.5 gave %v", a)
	}
}
