package server

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ashyq/kiosk/sync/wire"
)

// Replicas starting at once on an empty database migrate it once: the
// advisory lock lets one apply the schema while the others wait, then find
// nothing to do.
func TestPostgresConcurrentMigrations(t *testing.T) {
	url := pgURL(t)
	const replicas = 6
	var wg sync.WaitGroup
	errs := make(chan error, replicas)
	for range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := openPostgresStore(context.Background(), url)
			if err == nil {
				st.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a replica failed to start: %v", err)
		}
	}
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n, max int
	if err := conn.QueryRow(context.Background(), "SELECT count(*), max(version) FROM schema_migrations").Scan(&n, &max); err != nil {
		t.Fatal(err)
	}
	migs, _ := loadMigrations()
	if n != len(migs) || max != migs[len(migs)-1].version {
		t.Errorf("schema_migrations has %d rows up to %d, want %d up to %d", n, max, len(migs), migs[len(migs)-1].version)
	}
}

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
	var created NewTokenResponse
	r1.callJSON("POST", "/v1/admin/tokens", opSecret, NewTokenRequest{Venue: "v2"}, 201, &created)
	r2.callJSON("POST", "/v1/status", created.Token, wire.StatusRequest{IIN: "771203300035"}, 200, nil)
	var venues []VenueSummary
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

// `ashyq-server migrate` applies what is missing once; a database migrated by
// a newer server is refused rather than written with an old schema.
func TestMigrateCommand(t *testing.T) {
	url := pgURL(t)
	code, out, stderr := runMain(t, "migrate", "--store", url)
	migs, _ := loadMigrations()
	var all []int
	for _, m := range migs {
		all = append(all, m.version)
	}
	if code != ExitOK || !strings.Contains(out, fmt.Sprintf("applied now: %v", all)) || len(all) < 4 {
		t.Fatalf("first migrate: %d %q %s", code, out, stderr)
	}
	if code, out, _ := runMain(t, "migrate", "--store", url); code != ExitOK || !strings.Contains(out, "applied now: []") {
		t.Errorf("second migrate: %d %q, want nothing applied", code, out)
	}
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')"); err != nil {
		t.Fatal(err)
	}
	if _, err := openPostgresStore(context.Background(), url); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("a database of schema 999: %v, want it refused as newer", err)
	}
	if code, _, _ := runMain(t, "migrate"); code != ExitUsage {
		t.Errorf("migrate without --store: %d", code)
	}
}
