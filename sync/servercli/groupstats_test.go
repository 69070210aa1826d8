package servercli

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// groupStats are a PostgreSQL replica's group-commit counters
// (ashyq_server_ingest_*_total), read from its /metrics.
type groupStats struct {
	batches, groups, grouped float64
	turn                     float64 // seconds small groups held their turn
	replicas                 int
}

// readGroupStats sums the counters of the replicas listening on ports
// (loopback, where /metrics needs no token).
func readGroupStats(b *testing.B, ports []int) groupStats {
	var s groupStats
	for _, port := range ports {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", port))
		if err != nil {
			b.Fatalf("metrics: %v", err)
		}
		parser := expfmt.NewTextParser(model.UTF8Validation)
		families, err := parser.TextToMetricFamilies(resp.Body)
		resp.Body.Close()
		if err != nil {
			b.Fatalf("metrics: %v", err)
		}
		counter := func(name string) float64 {
			if f := families[name]; f != nil && len(f.GetMetric()) == 1 {
				return f.GetMetric()[0].GetCounter().GetValue()
			}
			b.Fatalf("metrics: no counter %s", name)
			return 0
		}
		s.batches += counter("ashyq_server_ingest_batches_total")
		s.groups += counter("ashyq_server_ingest_groups_total")
		s.grouped += counter("ashyq_server_ingest_grouped_batches_total")
		s.turn += counter("ashyq_server_ingest_turn_seconds_total")
		s.replicas++
	}
	return s
}

// report reports, for the batches between before and s, written in
// elapsed, the batches per group commit, the share of batches written in a
// group, and the share of the time a replica's small groups held their
// turn (near 1: the batches waited for each other's groups).
func (s groupStats) report(b *testing.B, before groupStats, elapsed time.Duration) {
	batches, groups, grouped := s.batches-before.batches, s.groups-before.groups, s.grouped-before.grouped
	if batches == 0 {
		return
	}
	if groups > 0 {
		b.ReportMetric(grouped/groups, "batches/group")
	}
	b.ReportMetric(grouped/batches, "grouped-share")
	if elapsed > 0 && s.replicas > 0 {
		b.ReportMetric((s.turn-before.turn)/elapsed.Seconds()/float64(s.replicas), "turn-busy")
	}
}
