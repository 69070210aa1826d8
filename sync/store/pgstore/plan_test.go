package pgstore

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

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
		rows, _ := conn.Query(ctx, "EXPLAIN EXECUTE plan_"+s.name+"("+nulls+")")
		plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		text := strings.Join(plan, "\n")
		if !strings.Contains(text, "venues") {
			t.Fatalf("%s: the plan names no venues table:\n%s", s.name, text)
		}
		if whole := wholeTableReads(plan); len(whole) > 0 {
			t.Errorf("%s reads a whole table (%s):\n%s", s.name, strings.Join(whole, "; "), text)
		}
	}
}

// wholeTableReads are the nodes of an EXPLAIN plan that read a whole table
// or index: a sequential scan, or an index scan with no condition on its
// key (EXPLAIN prints a scan's Index Cond on the line after it).
func wholeTableReads(plan []string) []string {
	var whole []string
	for i, line := range plan {
		node := strings.TrimSpace(strings.TrimLeft(line, " ->"))
		switch {
		case strings.HasPrefix(node, "Seq Scan"):
			whole = append(whole, node)
		case strings.Contains(node, "Index Scan") || strings.Contains(node, "Index Only Scan"):
			if i+1 == len(plan) || !strings.Contains(plan[i+1], "Index Cond:") {
				whole = append(whole, node)
			}
		}
	}
	return whole
}
