package pgstore

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/store"
)

// TestGroupStatementsFindRowsByKey plans ingestFast's three statements as
// its connections do (one generic plan for any parameters) on a database of
// a thousand venues, and fails if any of them reads a whole table: with a
// generic plan's guess of ten rows per array, PostgreSQL found a scan of
// every venue cheaper than ten lookups, and that scan cost a small group
// more than writing its events.
func TestGroupStatementsFindRowsByKey(t *testing.T) {
	ctx := context.Background()
	st := open(t, pg.URL(t))
	defer st.Close()
	for i := range 1000 {
		if err := st.PutVenue(ctx, store.Venue{Name: fmt.Sprintf("v%04d", i), Created: time.Now().UTC()}); err != nil {
			t.Fatal(err)
		}
	}
	conn, err := st.ingest.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "ANALYZE venues"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		name, sql string
		params    int
	}{{"groupLock", groupLock, 1}, {"groupEvents", groupEvents, 25}, {"groupDerived", groupDerived, 16}} {
		if _, err := conn.Exec(ctx, "PREPARE plan_"+s.name+" AS "+s.sql); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		nulls := strings.TrimSuffix(strings.Repeat("NULL, ", s.params), ", ")
		rows, err := conn.Query(ctx, "EXPLAIN EXECUTE plan_"+s.name+"("+nulls+")")
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		var plan strings.Builder
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan.WriteString(line + "\n")
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if !strings.Contains(plan.String(), "venues") {
			t.Fatalf("%s: the plan names no venues table:\n%s", s.name, plan.String())
		}
		if strings.Contains(plan.String(), "Seq Scan") {
			t.Errorf("%s reads a whole table:\n%s", s.name, plan.String())
		}
	}
}
