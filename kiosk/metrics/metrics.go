// Package metrics exposes a running kiosk to Prometheus. What other parts
// already count (the outbox's waiting and dead records, the syncer's link,
// skew and rounds, the camera's frames and decode time) is read from its
// owner at scrape time by a Collector, so nothing is counted twice and no
// other package learns about Prometheus. Only what nobody else keeps (the
// verdicts, and how long each scan took to become one) is counted here, by
// wrapping the door engine.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ashyq/kiosk/scanner/camera"
	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/syncer"
)

// Sources are the owners the collector reads. Camera may be nil (off, or a
// build without cgo).
type Sources struct {
	Outbox *outbox.Outbox
	Syncer *syncer.Syncer
	Camera *camera.Camera
	// Device, Venue and Version label ashyq_kiosk_info.
	Device, Venue, Version string
}

// Kiosk holds the registry and the verdict counters.
type Kiosk struct {
	reg         *prometheus.Registry
	verdicts    *prometheus.CounterVec
	invalid     *prometheus.CounterVec
	notRecorded prometheus.Counter
	latency     prometheus.Histogram
	unchecked   *prometheus.CounterVec
	overrides   *prometheus.CounterVec
}

// New registers the kiosk's metrics, the Go runtime's and the process's.
func New(src Sources) *Kiosk {
	k := &Kiosk{
		reg: prometheus.NewRegistry(),
		verdicts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ashyq_kiosk_verdicts_total",
			Help: "Recorded verdicts by event kind (entry, exit, refusal, override), status source (online, pass, cache, unchecked, skipped) and input (keyboard, wedge, camera, hid, serial, stdin; staff for an override).",
		}, []string{"kind", "source", "input"}),
		unchecked: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ashyq_kiosk_unchecked_total",
			Help: "People nobody could check (no answer from the upstream, nothing cached, no valid pass), by what the offline policy did: admitted or refused.",
		}, []string{"decision"}),
		overrides: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ashyq_kiosk_overrides_total",
			Help: "People door staff let in over a refusal, with a staff code, by reason (staff-member, paper-result, id-checked, manager).",
		}, []string{"reason"}),
		invalid: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ashyq_kiosk_scans_invalid_total",
			Help: "Scans not accepted (wrong check digit, a web link, ...); nothing recorded.",
		}, []string{"input"}),
		notRecorded: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ashyq_kiosk_scans_not_recorded_total",
			Help: "Valid scans that got no verdict because the outbox could not store them (disk full, ...).",
		}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "ashyq_kiosk_scan_to_verdict_seconds",
			Help: "From the scan (camera frame, Enter key) to the durable verdict: decode, lookup and fsync.",
			// 5 ms to 10 s: a cached verdict takes milliseconds, an
			// upstream lookup timing out takes lookup_timeout.
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 12),
		}),
	}
	k.reg.MustRegister(k.verdicts, k.invalid, k.notRecorded, k.latency, k.unchecked, k.overrides,
		&stateCollector{src: src},
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return k
}

// Handler serves the metrics in the Prometheus text format.
func (k *Kiosk) Handler() http.Handler {
	return promhttp.HandlerFor(k.reg, promhttp.HandlerOpts{})
}

// Serve listens on addr and serves /metrics until ctx ends. It returns the
// bound address (addr may have port 0) once listening.
func Serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listen: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener stopped", "error", err)
		}
	}()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	return ln.Addr(), nil
}
