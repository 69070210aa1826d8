package api

import (
	"context"
	"crypto/subtle"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// patMetrics is the Prometheus endpoint on the API listener.
const patMetrics = "GET /metrics"

// metrics are the server's Prometheus metrics. Request counters are kept by
// the instrument middleware; everything the store and the contact list
// already know (events stored, devices, gaps, last contact) is read from
// them at scrape time by fleetCollector, so there is no second copy to
// drift.
type metrics struct {
	reg      *prometheus.Registry
	handler  http.Handler
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	ingest   prometheus.Histogram
}

func newMetrics(a *API) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ashyq_server_requests_total",
			Help: "HTTP requests by route pattern and status code (reset: connection dropped on purpose).",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ashyq_server_request_duration_seconds",
			Help:    "HTTP request duration by route pattern.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}, []string{"route"}),
		ingest: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "ashyq_server_ingest_duration_seconds",
			Help:    "Time to answer one event batch (POST /v1/events), the durable commit included.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.ingest,
		&fleetCollector{a: a},
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "ashyq_server_proofs_used_elsewhere_total",
			Help: "Pass codes a door was told another door used first (this replica's answers).",
		}, func() float64 { return float64(a.b.ProofStats().Refused) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "ashyq_server_proofs_unrecorded_total",
			Help: "Pass proofs not remembered because the memory of used proofs was full.",
		}, func() float64 { return float64(a.b.ProofStats().Unrecorded) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ashyq_server_proofs_remembered",
			Help: "Used pass proofs remembered, as the last prune counted them.",
		}, func() float64 { return float64(a.b.ProofStats().Remembered) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name:        "ashyq_server_build_info",
			Help:        "Always 1; the version label is the running build.",
			ConstLabels: prometheus.Labels{"version": a.version},
		}, func() float64 { return 1 }),
	)
	if _, ok := a.b.IngestStats(); ok {
		m.reg.MustRegister(ingestCounters(a)...)
	}
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return m
}

// ingestCounters are the group commit's counters, for a store that keeps
// them (PostgreSQL): how many batches, how many of them were written
// together with others or took the venue's lock first, and how long the
// small groups held their turn. Grouped over groups is the mean size of a
// group.
func ingestCounters(a *API) []prometheus.Collector {
	counter := func(name, help string, get func(store.IngestStats) float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 {
			s, _ := a.b.IngestStats()
			return get(s)
		})
	}
	return []prometheus.Collector{
		counter("ashyq_server_ingest_batches_total", "Event batches this replica gave its store.",
			func(s store.IngestStats) float64 { return float64(s.Batches) }),
		counter("ashyq_server_ingest_groups_total", "Groups of several batches written in one transaction (group commit).",
			func(s store.IngestStats) float64 { return float64(s.Groups) }),
		counter("ashyq_server_ingest_grouped_batches_total", "Batches written in those groups.",
			func(s store.IngestStats) float64 { return float64(s.Grouped) }),
		counter("ashyq_server_ingest_locked_batches_total",
			"Batches that took their venue's lock first (an id already stored, a new venue, a head count at zero).",
			func(s store.IngestStats) float64 { return float64(s.Locked) }),
		counter("ashyq_server_ingest_turn_seconds_total",
			"Seconds this replica's small groups, written one at a time, held their turn (waiting for other replicas', then writing); a rate near 1 means batches wait for each other.",
			func(s store.IngestStats) float64 { return s.Turn.Seconds() }),
	}
}

// instrument counts and times each request once the mux has matched it,
// and records the device's contact. It sits inside logRequests, whose
// reqInfo carries the status and the token's venue.
func (m *metrics) instrument(a *API, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		next.ServeHTTP(w, r)
		ri := info(r)
		route, code := routeStatus(r, ri)
		took := time.Since(start).Seconds()
		m.requests.WithLabelValues(route, code).Inc()
		m.duration.WithLabelValues(route).Observe(took)
		if ri.venue == "" {
			return // not authenticated: nothing below may be trusted
		}
		a.noteContact(r)
		if route == patEvents {
			m.ingest.Observe(took)
		}
	})
}

// handleMetrics serves /metrics on the API listener: to anyone when the
// server listens on loopback only (Options.MetricsOpen), otherwise only
// with the metrics token, because the metrics name every venue's devices.
func (a *API) handleMetrics(w http.ResponseWriter, r *http.Request) {
	if !a.metricsOpen {
		scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if a.metricsToken == "" || !strings.EqualFold(scheme, "Bearer") ||
			subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(a.metricsToken)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ashyq-metrics"`)
			writeError(w, http.StatusUnauthorized,
				"metrics on a non-loopback listener need the metrics token (--metrics-token-file), or serve them with --metrics-listen")
			return
		}
	}
	a.metrics.handler.ServeHTTP(w, r)
}

// MetricsHandler serves the metrics without any check, for a separate
// listener the operator keeps private (--metrics-listen).
func (a *API) MetricsHandler() http.Handler { return a.metrics.handler }

// fleetCollector reads the store (which several replicas may share) and
// this replica's contact list at scrape time.
type fleetCollector struct{ a *API }

var (
	descEvents = prometheus.NewDesc("ashyq_server_events_stored",
		"Distinct events stored, by venue and kind (entry, exit, refusal, override: staff let a refused person in).",
		[]string{"venue", "kind"}, nil)
	descUnchecked = prometheus.NewDesc("ashyq_server_unchecked_events_stored",
		"Events of people no kiosk could check (source unchecked, or an older kiosk's none), any kind, by venue.",
		[]string{"venue"}, nil)
	descLookups = prometheus.NewDesc("ashyq_server_lookups_total",
		"Status lookups by venue and the device that asked (stored about once a second).", []string{"venue", "device"}, nil)
	descLastSeen = prometheus.NewDesc("ashyq_server_device_last_seen_timestamp_seconds",
		"Unix time of the device's last request of any kind (health checks included).", []string{"venue", "device"}, nil)
	descMissing = prometheus.NewDesc("ashyq_server_device_sequence_missing",
		"Sequence numbers below the device's highest never received (gaps).", []string{"venue", "device"}, nil)
	descSilent = prometheus.NewDesc("ashyq_server_device_silent",
		"1 when the device has not been heard from for longer than --silent-after.", []string{"venue", "device"}, nil)
	descSilentCount = prometheus.NewDesc("ashyq_server_devices_silent",
		"Devices not heard from for longer than --silent-after.", nil, nil)
	descScrapeErr = prometheus.NewDesc("ashyq_server_store_read_errors",
		"1 when this scrape could not read the store.", nil, nil)
	descVenueDevices = prometheus.NewDesc("ashyq_server_venue_devices",
		"Devices heard from, by venue (all of them, also those past the per-device series' limits).", []string{"venue"}, nil)
	descVenueSilent = prometheus.NewDesc("ashyq_server_venue_devices_silent",
		"Devices not heard from for longer than --silent-after, by venue.", []string{"venue"}, nil)
	descDropped = prometheus.NewDesc("ashyq_server_contacts_dropped_total",
		"Device names this replica did not remember because the venue already had the most health-only devices it keeps.",
		[]string{"venue"}, nil)
	descOmitted = prometheus.NewDesc("ashyq_server_device_series_omitted",
		"Devices without per-device series in this scrape (past the per-venue or the total limit).", nil, nil)
)

// Per-device series limits: a venue's devices beyond MaxDeviceSeriesPerVenue
// (the silent ones first, then by name), and every device beyond
// MaxDeviceSeries, have no per-device series; their venue's counts still
// include them. So neither one venue inventing device names nor a national
// fleet makes /metrics unbounded.
const (
	MaxDeviceSeriesPerVenue = 256
	MaxDeviceSeries         = 20_000
)

func (c *fleetCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descEvents, descUnchecked, descLookups, descLastSeen, descMissing, descSilent,
		descSilentCount, descScrapeErr, descVenueDevices, descVenueSilent, descDropped, descOmitted} {
		ch <- d
	}
}

func (c *fleetCollector) Collect(ch chan<- prometheus.Metric) {
	b := c.a.b
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	failed := 0.0
	venues, err := b.Venues(ctx)
	if err != nil {
		failed = 1
	}
	silent, series, omitted := 0, 0, 0
	report := func(venue string, devices []wire.DeviceStatus, lookups map[string]int64) {
		venueSilent := 0
		for _, d := range devices {
			if d.Silent {
				venueSilent++
			}
		}
		silent += venueSilent
		ch <- prometheus.MustNewConstMetric(descVenueDevices, prometheus.GaugeValue, float64(len(devices)), venue)
		ch <- prometheus.MustNewConstMetric(descVenueSilent, prometheus.GaugeValue, float64(venueSilent), venue)
		// The silent first: they are what an operator is looking for.
		sort.SliceStable(devices, func(i, j int) bool { return devices[i].Silent && !devices[j].Silent })
		for i, d := range devices {
			if i >= MaxDeviceSeriesPerVenue || series >= MaxDeviceSeries {
				omitted += len(devices) - i
				break
			}
			series++
			ch <- prometheus.MustNewConstMetric(descLastSeen, prometheus.GaugeValue, float64(d.LastSeen.UnixMilli())/1000, venue, d.Device)
			ch <- prometheus.MustNewConstMetric(descMissing, prometheus.GaugeValue, float64(d.Missing), venue, d.Device)
			isSilent := 0.0
			if d.Silent {
				isSilent = 1
			}
			ch <- prometheus.MustNewConstMetric(descSilent, prometheus.GaugeValue, isSilent, venue, d.Device)
			if n, ok := lookups[d.Device]; ok {
				ch <- prometheus.MustNewConstMetric(descLookups, prometheus.CounterValue, float64(n), venue, d.Device)
			}
		}
	}
	seen := map[string]bool{}
	for _, v := range venues {
		seen[v.Name] = true
		for kind, n := range map[wire.Kind]uint64{wire.Entry: v.Entries, wire.Exit: v.Exits, wire.Refusal: v.Refusals,
			wire.Override: v.Overrides} {
			ch <- prometheus.MustNewConstMetric(descEvents, prometheus.GaugeValue, float64(n), v.Name, string(kind))
		}
		ch <- prometheus.MustNewConstMetric(descUnchecked, prometheus.GaugeValue, float64(v.Unchecked), v.Name)
		recs, err := b.DeviceRecords(ctx, v.Name)
		if err != nil {
			failed = 1
		}
		lookups := make(map[string]int64, len(recs))
		for _, rec := range recs {
			lookups[rec.Device] = rec.Lookups
		}
		list, err := b.DeviceList(ctx, v.Name)
		if err != nil {
			failed = 1
		}
		report(v.Name, list.Devices, lookups)
	}
	// Venues that exist only in tokens (no event stored yet) still have
	// devices checking health.
	for venue := range b.ContactVenues() {
		if seen[venue] {
			continue
		}
		list, err := b.DeviceList(ctx, venue)
		if err != nil {
			failed = 1
		}
		report(venue, list.Devices, nil)
	}
	for venue, n := range b.ContactsDropped() {
		ch <- prometheus.MustNewConstMetric(descDropped, prometheus.CounterValue, float64(n), venue)
	}
	ch <- prometheus.MustNewConstMetric(descSilentCount, prometheus.GaugeValue, float64(silent))
	ch <- prometheus.MustNewConstMetric(descOmitted, prometheus.GaugeValue, float64(omitted))
	ch <- prometheus.MustNewConstMetric(descScrapeErr, prometheus.GaugeValue, failed)
}
