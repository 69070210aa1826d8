package servercli

import (
	"bufio"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// groupStats are a PostgreSQL replica's group-commit counters
// (ashyq_server_ingest_*_total), read from its /metrics.
type groupStats struct{ batches, groups, grouped float64 }

// readGroupStats sums the counters of the replicas listening on ports
// (loopback, where /metrics needs no token).
func readGroupStats(b *testing.B, ports []int) groupStats {
	var s groupStats
	for _, port := range ports {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", port))
		if err != nil {
			b.Fatalf("metrics: %v", err)
		}
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			name, value, ok := strings.Cut(sc.Text(), " ")
			if !ok {
				continue
			}
			v, err := strconv.ParseFloat(value, 64)
			if err != nil {
				continue
			}
			switch name {
			case "ashyq_server_ingest_batches_total":
				s.batches += v
			case "ashyq_server_ingest_groups_total":
				s.groups += v
			case "ashyq_server_ingest_grouped_batches_total":
				s.grouped += v
			}
		}
		resp.Body.Close()
		if err := sc.Err(); err != nil {
			b.Fatalf("metrics: %v", err)
		}
	}
	return s
}

// report reports, for the batches between before and s, the batches per
// group commit and the share of batches written in a group.
func (s groupStats) report(b *testing.B, before groupStats) {
	batches, groups, grouped := s.batches-before.batches, s.groups-before.groups, s.grouped-before.grouped
	if batches == 0 {
		return
	}
	if groups > 0 {
		b.ReportMetric(grouped/groups, "batches/group")
	}
	b.ReportMetric(grouped/batches, "grouped-share")
}
