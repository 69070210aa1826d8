package server

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// Two replicas on one database close the same forgotten visits at once,
// several times over, while a third closer checks everybody out: each
// visit gets exactly one automatic exit, and the head count ends at zero.
func TestPostgresReplicasCloseForgottenOnce(t *testing.T) {
	url := pgURL(t)
	r1, r2 := newEnvOn(t, url, Options{}), newEnvOn(t, url, Options{})
	day := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
	r1.callJSON("PUT", "/v1/venues/"+venueA+"/limits", tokA, wire.VenueLimits{ClosingTime: "23:00", TimeZone: "UTC"}, 200, nil)
	const people = 30
	evs := events(venueA, "in", 1, people, wire.Entry)
	for i := range evs {
		evs[i].ScannedAt = day.Add(18*time.Hour + time.Duration(i)*time.Minute)
	}
	r2.send(tokA, "in", evs...)
	closing := func() time.Time { return day.Add(23*time.Hour + 5*time.Minute) }
	r1.srv.now, r2.srv.now = closing, closing
	total := closeAtOnce(t, 6, r1.srv, r2.srv)
	if total != people {
		t.Errorf("the replicas closed %d visits in all, want %d", total, people)
	}
	var occ wire.Occupancy
	r2.callJSON("GET", "/v1/venues/"+venueA+"/occupancy", tokA, nil, 200, &occ)
	if occ.Inside != 0 || occ.Exits != people {
		t.Errorf("occupancy after closing on two replicas: %+v", occ)
	}
	var res wire.CheckoutResult
	r1.callJSON("POST", "/v1/venues/"+venueA+"/checkout", tokA, nil, 200, &res)
	if res.Closed != 0 {
		t.Errorf("checkout after closing closed %d more", res.Closed)
	}
}

// Entries and exits of a few people arrive through two replicas at once,
// in any order and with scan times out of order. The head count and each
// person's presence must be what the presence rule gives when applied to
// the stored events in their commit (receive) order: no lost update, no
// double count, whichever replica committed what.
func TestPostgresPresenceUnderConcurrentReplicas(t *testing.T) {
	url := pgURL(t)
	r1, r2 := newEnvOn(t, url, Options{}), newEnvOn(t, url, Options{})
	const writers, batches, perBatch, people = 6, 10, 5, 7
	base := time.Date(2021, 3, 1, 12, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			e := []*env{r1, r2}[w%2]
			dev := fmt.Sprintf("dev-%d", w)
			for b := range batches {
				evs := events(venueA, dev, uint64(b*perBatch+1), perBatch, wire.Entry)
				for i := range evs {
					if rng.IntN(2) == 0 {
						evs[i].Kind = wire.Exit
					}
					evs[i].IIN = personIIN(uint64(1 + rng.IntN(people)))
					evs[i].ScannedAt = base.Add(time.Duration(rng.IntN(3600)) * time.Second).Add(time.Duration(rng.IntN(1000)))
				}
				if _, _, err := e.do("POST", "/v1/events", tokA, wire.EventBatch{Device: dev, Events: evs}); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	page, err := r1.srv.st.ListEvents(context.Background(), venueA, "", writers*batches*perBatch+1)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != writers*batches*perBatch {
		t.Fatalf("%d events stored, want %d", len(page.Events), writers*batches*perBatch)
	}
	want := map[string]*store.Presence{}
	inside := 0
	for _, ev := range page.Events {
		next, delta := store.ApplyPresence(want[ev.IIN], ev)
		if next != nil {
			want[ev.IIN] = next
		}
		inside += delta
	}
	c, err := r2.srv.st.Counters(context.Background(), venueA)
	if err != nil {
		t.Fatal(err)
	}
	if int(c.Inside) != inside {
		t.Errorf("head count %d, the rule over the stored events gives %d", c.Inside, inside)
	}
	ps := r2.srv.st
	for n := uint64(1); n <= people; n++ {
		in, err := ps.Inside(context.Background(), venueA, personIIN(n))
		if err != nil {
			t.Fatal(err)
		}
		if w := want[personIIN(n)] != nil && want[personIIN(n)].Inside; in != w {
			t.Errorf("person %d inside %v, the rule gives %v", n, in, w)
		}
	}
	visits, err := ps.OpenVisits(context.Background(), venueA)
	if err != nil || len(visits) != inside {
		t.Errorf("%d open visits (%v), want %d", len(visits), err, inside)
	}
}

// A database migrated before presence existed gets it from its events:
// version 0004 puts each person where their latest entry or exit by scan
// time says.
func TestPostgresPresenceFromOlderEvents(t *testing.T) {
	url := pgURL(t)
	e := newEnvOn(t, url, Options{})
	e.send(tokA, "in", events(venueA, "in", 1, 4, wire.Entry)...)
	out := event(venueA, "out", 2, wire.Exit) // person 2 left
	out.ScannedAt = out.ScannedAt.Add(time.Hour)
	e.send(tokA, "out", out)
	e.close()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `DROP TABLE presence;
		ALTER TABLE venues DROP COLUMN inside, DROP COLUMN closing_time, DROP COLUMN time_zone, DROP COLUMN max_stay_seconds;
		DELETE FROM schema_migrations WHERE version = 4`); err != nil {
		t.Fatal(err)
	}
	st := openPG(t, url)
	defer st.Close()
	c, err := st.Counters(context.Background(), venueA)
	if err != nil || c.Inside != 3 {
		t.Errorf("inside %d (%v) after the migration, want 3", c.Inside, err)
	}
	for n, want := range map[uint64]bool{1: true, 2: false, 4: true, 5: false} {
		if in, err := st.Inside(context.Background(), venueA, personIIN(n)); err != nil || in != want {
			t.Errorf("person %d inside %v (%v), want %v", n, in, err, want)
		}
	}
}
