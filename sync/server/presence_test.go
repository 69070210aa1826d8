package server

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/store/storetest"
	"github.com/ashyq/kiosk/sync/wire"
)

// TestHeadCountIsPeople: a second entry of someone inside and an exit of
// someone nobody saw enter leave the count alone; it never goes below
// zero; the status lookup says who is inside, for the asking venue only.
func TestHeadCountIsPeople(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		first := event(venueA, "in", 1, wire.Entry)
		again := event(venueA, "in", 2, wire.Entry)
		again.IIN, again.ScannedAt = first.IIN, first.ScannedAt.Add(time.Minute)
		stranger := event(venueA, "out", 1, wire.Exit)
		stranger.IIN = personIIN(40)
		e.send(tokA, "in", first, again)
		e.send(tokA, "out", stranger)
		occ, _ := e.srv.Occupancy(venueA)
		if occ.Inside != 1 || occ.Entries != 2 || occ.Exits != 1 {
			t.Errorf("occupancy %+v, want 1 inside from 2 entries and 1 exit", occ)
		}
		var st wire.StatusResponse
		e.callJSON("POST", "/v1/status", tokA, wire.StatusRequest{IIN: first.IIN}, 200, &st)
		if st.Inside == nil || !*st.Inside {
			t.Errorf("status of a person inside: %+v", st)
		}
		e.callJSON("POST", "/v1/status", tokB, wire.StatusRequest{IIN: first.IIN}, 200, &st)
		if st.Inside == nil || *st.Inside {
			t.Errorf("venue B sees venue A's visitor inside: %+v", st)
		}
		leave := event(venueA, "out", 2, wire.Exit)
		leave.IIN, leave.ScannedAt = first.IIN, first.ScannedAt.Add(time.Hour)
		e.send(tokA, "out", leave)
		again2 := event(venueA, "out", 3, wire.Exit)
		again2.IIN, again2.ScannedAt = first.IIN, first.ScannedAt.Add(2*time.Hour)
		e.send(tokA, "out", again2)
		if occ, _ := e.srv.Occupancy(venueA); occ.Inside != 0 {
			t.Errorf("inside %d after everyone left, twice", occ.Inside)
		}
	})
}

// TestLimitsFromTheVenuesDevice: a device sets its own venue's capacity,
// which every door then reads in the occupancy; another venue's device
// cannot; bad values are refused with their reason.
func TestLimitsFromTheVenuesDevice(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		var got wire.VenueLimits
		e.callJSON("PUT", "/v1/venues/"+venueA+"/limits", tokA,
			wire.VenueLimits{Capacity: 30, ClosingTime: "23:00", MaxStayMinutes: 600, TimeZone: "UTC"}, 200, &got)
		var occ wire.Occupancy
		e.callJSON("GET", "/v1/venues/"+venueA+"/occupancy", tokA, nil, 200, &occ)
		if occ.Capacity != 30 {
			t.Errorf("occupancy capacity %d, want 30", occ.Capacity)
		}
		if code, _ := e.call("PUT", "/v1/venues/"+venueA+"/limits", tokB, wire.VenueLimits{Capacity: 1}); code != 403 {
			t.Errorf("venue B set venue A's limits: %d", code)
		}
		for _, bad := range []wire.VenueLimits{{Capacity: -1}, {ClosingTime: "25:61"}, {MaxStayMinutes: -5}, {TimeZone: "Mars/Olympus"}} {
			if code, body := e.call("PUT", "/v1/venues/"+venueA+"/limits", tokA, bad); code != 400 {
				t.Errorf("%+v: %d %s", bad, code, body)
			}
		}
		v, _ := e.srv.st.Venue(context.Background(), venueA)
		if v.Capacity != 30 || v.ClosingTime != "23:00" || v.MaxStay != 10*time.Hour {
			t.Errorf("venue after refused changes: %+v", v)
		}
	})
}

// TestCloseForgottenOnce: at closing time every visit still open is closed
// by an automatic exit, recorded once however often (and on however many
// replicas at once) the closer runs; a visit longer than the maximum stay
// is closed too; the count is then zero.
func TestCloseForgottenOnce(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		day := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
		e.callJSON("PUT", "/v1/venues/"+venueA+"/limits", tokA, wire.VenueLimits{ClosingTime: "23:00", TimeZone: "UTC"}, 200, nil)
		e.callJSON("PUT", "/v1/venues/"+venueB+"/limits", tokB, wire.VenueLimits{MaxStayMinutes: 120}, 200, nil)
		var evs []wire.Event
		for i := uint64(1); i <= 3; i++ {
			ev := event(venueA, "in", i, wire.Entry)
			ev.ScannedAt = day.Add(time.Duration(17+i) * time.Hour)
			evs = append(evs, ev)
		}
		e.send(tokA, "in", evs...)
		early, late := event(venueB, "b", 1, wire.Entry), event(venueB, "b", 2, wire.Entry)
		early.ScannedAt, late.ScannedAt = day.Add(20*time.Hour), day.Add(22*time.Hour+30*time.Minute)
		e.send(tokB, "b", early, late)

		e.srv.now = func() time.Time { return day.Add(21*time.Hour + 30*time.Minute) }
		if n, err := e.srv.CloseForgotten(context.Background()); err != nil || n != 0 {
			t.Fatalf("before closing: closed %d, %v", n, err)
		}
		e.srv.now = func() time.Time { return day.Add(23*time.Hour + 5*time.Minute) }
		// As four replicas would: three at A's closing, B's early visitor past 2 h.
		if total := closeAtOnce(t, 4, e.srv); total != 4 {
			t.Errorf("closed %d visits in all, want 4", total)
		}
		if n, _ := e.srv.CloseForgotten(context.Background()); n != 0 {
			t.Errorf("a second run closed %d more", n)
		}
		occA, _ := e.srv.Occupancy(venueA)
		occB, _ := e.srv.Occupancy(venueB)
		if occA.Inside != 0 || occA.Exits != 3 || occB.Inside != 1 || occB.Exits != 1 {
			t.Errorf("after closing: A %+v, B %+v", occA, occB)
		}
		page, err := e.srv.st.ListEvents(context.Background(), venueA, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		autos := 0
		for _, ev := range page.Events {
			if ev.Kind == wire.Exit {
				autos++
				if ev.Device != backend.UpstreamDevice || ev.Reason != wire.ReasonClosingTime || !ev.ScannedAt.Equal(day.Add(23*time.Hour)) {
					t.Errorf("automatic exit %+v", ev)
				}
			}
		}
		if autos != 3 {
			t.Errorf("%d automatic exits stored, want 3", autos)
		}
	})
}

// TestCheckoutEverybody: the owner's "check everybody out" closes every
// open visit once; a second call closes none.
func TestCheckoutEverybody(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		e.send(tokA, "in", events(venueA, "in", 1, 3, wire.Entry)...)
		var res wire.CheckoutResult
		e.callJSON("POST", "/v1/venues/"+venueA+"/checkout", tokA, nil, 200, &res)
		if res.Closed != 3 {
			t.Errorf("closed %d, want 3", res.Closed)
		}
		e.callJSON("POST", "/v1/venues/"+venueA+"/checkout", tokA, nil, 200, &res)
		if occ, _ := e.srv.Occupancy(venueA); res.Closed != 0 || occ.Inside != 0 || occ.Exits != 3 {
			t.Errorf("second checkout closed %d; occupancy %+v", res.Closed, occ)
		}
		if code, _ := e.call("POST", "/v1/venues/"+venueA+"/checkout", tokB, nil); code != 403 {
			t.Errorf("venue B checked out venue A: %d", code)
		}
	})
}

// TestPresenceOrderWithinAMicrosecond: scan times are compared exactly on
// both stores (PostgreSQL keeps microseconds; the store keeps the rest):
// an exit scanned a nanosecond before the entry, sent late, changes nothing.
func TestPresenceOrderWithinAMicrosecond(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		in := event(venueA, "in", 1, wire.Entry)
		in.ScannedAt = time.Date(2021, 3, 1, 12, 0, 0, 2, time.UTC)
		e.send(tokA, "in", in)
		late := event(venueA, "out", 1, wire.Exit)
		late.ScannedAt = in.ScannedAt.Add(-time.Nanosecond)
		e.send(tokA, "out", late)
		if occ, _ := e.srv.Occupancy(venueA); occ.Inside != 1 {
			t.Errorf("inside %d after an exit scanned before the entry, want 1", occ.Inside)
		}
		visits, err := e.srv.st.OpenVisits(context.Background(), venueA)
		if err != nil || len(visits) != 1 || !visits[0].Entered.Equal(in.ScannedAt) || visits[0].EntryID != in.ID {
			t.Errorf("open visits %+v (%v), want the entry at %v", visits, err, in.ScannedAt)
		}
	})
}

// closeAtOnce runs CloseForgotten runs times at once, spread over the
// servers in turn, and returns how many visits they closed in all.
func closeAtOnce(t *testing.T, runs int, servers ...*Server) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for i := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := servers[i%len(servers)].CloseForgotten(context.Background())
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

// TestUncheckedAndOverridesAccepted: both stores take the unchecked verdict
// (no status), the older source none, and a staff override, which counts
// inside like an entry and keeps its staff name and reason.
func TestUncheckedAndOverridesAccepted(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		unchecked := event(venueA, "d", 1, wire.Entry)
		unchecked.Status, unchecked.Source = "", wire.SourceUnchecked
		refused := event(venueA, "d", 2, wire.Refusal)
		refused.Status, refused.Source, refused.Reason = "", wire.SourceUnchecked, wire.ReasonOfflinePolicy
		override := event(venueA, "d", 3, wire.Override)
		override.IIN, override.Status, override.Source = refused.IIN, "", wire.SourceUnchecked
		override.Reason, override.Staff = wire.OverrideIDChecked, "aigerim"
		legacy := event(venueA, "d", 4, wire.Entry)
		legacy.Status, legacy.Source = wire.Blue, wire.SourceNone
		res := e.send(tokA, "d", unchecked, refused, override, legacy)
		if len(res.Accepted) != 4 {
			t.Fatalf("accepted %d of 4: %+v", len(res.Accepted), res)
		}
		if occ, _ := e.srv.Occupancy(venueA); occ.Inside != 3 {
			t.Errorf("inside %d, want 3 (an unchecked entry, an override, an older none entry)", occ.Inside)
		}
		var page wire.EventList
		e.callJSON("GET", "/v1/venues/"+venueA+"/events", tokA, nil, 200, &page)
		var got *wire.Event
		for i := range page.Events {
			if page.Events[i].ID == override.ID {
				got = &page.Events[i]
			}
		}
		if got == nil || got.Kind != wire.Override || got.Staff != "aigerim" || got.Reason != wire.OverrideIDChecked || got.Status != "" {
			t.Errorf("stored override %+v", got)
		}
	})
}

// TestUncheckedAndOverridesCountedApart: the console's venue list, venue
// page and events, the admin API and the metrics count people let in by
// staff and people no kiosk could check apart, on both stores.
func TestUncheckedAndOverridesCountedApart(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{MetricsOpen: true, Operators: map[string]string{opSecret: "test operator"}})
		batch := storetest.UncheckedEvents(venueA)
		for i := range batch {
			batch[i].ID = uuid.Must(uuid.NewV7()).String()
			batch[i].Device, batch[i].IIN = "d1", personIIN(batch[i].Seq)
		}
		batch[2].IIN, batch[5].IIN = batch[1].IIN, batch[4].IIN // each override follows its refusal
		if res := e.send(tokA, "d1", batch...); len(res.Accepted) != len(batch) {
			t.Fatalf("accepted %+v", res)
		}
		code, list := e.page("/ui/", opSecret)
		if code != 200 || !strings.Contains(list, `<td class="num warn">4</td><td class="num warn">2</td>`) {
			t.Errorf("venue list %d: not checked 4, overrides 2 missing:\n%s", code, list)
		}
		_, venue := e.page("/ui/venues/"+venueA, opSecret)
		for _, want := range []string{`id="overrides">2<`, `id="unchecked"><span class="warn">4<`, `id="inside">5<`,
			`<td>override</td>`, `<td>aigerim</td>`, `<td>not checked</td><td>none</td>`, `class="override"`} {
			if !strings.Contains(venue, want) {
				t.Errorf("venue page lacks %s:\n%s", want, venue)
			}
		}
		m := scrape(t, e.ts.URL, "")
		wantSample(t, m, `ashyq_server_events_stored{kind="override",venue="venue-a"}`, 2)
		wantSample(t, m, `ashyq_server_events_stored{kind="entry",venue="venue-a"}`, 3)
		wantSample(t, m, `ashyq_server_unchecked_events_stored{venue="venue-a"}`, 4)
	})
}
