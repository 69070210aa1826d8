package server

import (
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/wire"
)

// A replica on PostgreSQL counts its batches and how group commit wrote
// them; on bbolt, which writes each batch alone, the counters are absent.
func TestIngestCountersInMetrics(t *testing.T) {
	metricsOf := func(e *env) string {
		code, body := e.call("GET", "/metrics", "", nil)
		if code != 200 {
			t.Fatalf("metrics: %d", code)
		}
		return string(body)
	}
	pg := newEnvOn(t, pgURL(t), Options{MetricsOpen: true})
	for seq := uint64(1); seq <= 3; seq++ {
		pg.send(tokA, "dev-a", event(venueA, "dev-a", seq, wire.Entry))
	}
	m := metricsOf(pg)
	// one after another: no group; the venue's first batch creates it, under its lock
	for _, want := range []string{"ashyq_server_ingest_batches_total 3", "ashyq_server_ingest_groups_total 0",
		"ashyq_server_ingest_grouped_batches_total 0", "ashyq_server_ingest_locked_batches_total 1"} {
		if !strings.Contains(m, want+"\n") {
			t.Errorf("PostgreSQL replica: no %q\n%s", want, grepLines(m, "ingest"))
		}
	}
	// each batch led its own small group, holding the turn while it was written
	if turn, ok := scrape(t, pg.ts.URL, "")["ashyq_server_ingest_turn_seconds_total"]; !ok || turn <= 0 {
		t.Errorf("PostgreSQL replica: turn held %v s (reported: %v) after 3 batches; want above 0\n%s", turn, ok, grepLines(m, "ingest"))
	}
	if m := metricsOf(newEnvOn(t, "", Options{MetricsOpen: true})); strings.Contains(m, "ashyq_server_ingest_batches_total") ||
		strings.Contains(m, "ashyq_server_ingest_turn_seconds_total") {
		t.Errorf("a bbolt replica reports group commit counters:\n%s", grepLines(m, "ingest_"))
	}
}
