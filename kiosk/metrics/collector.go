package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ashyq/kiosk/sync/syncer"
)

// stateCollector reads the outbox, the syncer and the camera at scrape time.
type stateCollector struct{ src Sources }

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(name, help, labels, nil)
}

var (
	descInfo = desc("ashyq_kiosk_info", "Always 1; labels name the device, venue and running version.",
		"device", "venue", "version")
	descPending = desc("ashyq_kiosk_outbox_pending", "Records waiting to be sent upstream.")
	descOldest  = desc("ashyq_kiosk_outbox_oldest_pending_age_seconds",
		"Age of the oldest waiting record (by scan time); 0 when none waits.")
	descDead = desc("ashyq_kiosk_outbox_dead_letters",
		"Records the upstream refused for good, kept on the device for the operator.")
	descOutboxBytes = desc("ashyq_kiosk_outbox_file_bytes", "Size of outbox.db.")
	descOutboxFull  = desc("ashyq_kiosk_outbox_full", "1 when the last record could not be stored: disk or max_mb full.")
	descOutboxErr   = desc("ashyq_kiosk_outbox_read_errors", "1 when this scrape could not read the outbox's counters.")
	descRounds      = desc("ashyq_kiosk_sync_rounds_total", "Send rounds by result (ok, failed).", "result")
	descOnline      = desc("ashyq_kiosk_upstream_up", "1 when the upstream answers and takes the device token.")
	descLink        = desc("ashyq_kiosk_link_state", "1 for the link's current state: online, offline or token refused.", "state")
	descLastSync    = desc("ashyq_kiosk_last_sync_timestamp_seconds",
		"Unix time of the last acknowledged batch; 0 if none since start.")
	descSkew = desc("ashyq_kiosk_clock_skew_seconds",
		"This device's clock minus the upstream's, from the last health check.")
	descFrames = desc("ashyq_kiosk_camera_frames_total",
		"Camera frames by fate: captured, decoded, stale (replaced before the decoder took them).", "fate")
	descCamErrors = desc("ashyq_kiosk_camera_errors_total", "Failed camera opens and lost cameras.")
	descCamOpens  = desc("ashyq_kiosk_camera_opens_total", "Times the camera was opened.")
	descDecode    = desc("ashyq_kiosk_decode_seconds", "Time the QR decoder spent per camera frame.")
	descCamera    = desc("ashyq_kiosk_camera_enabled", "1 when this kiosk runs a camera (configured, and the build has cgo).")
)

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descInfo, descPending, descOldest, descDead, descOutboxBytes, descOutboxFull,
		descOutboxErr, descRounds, descOnline, descLink, descLastSync, descSkew, descFrames, descCamErrors, descCamOpens,
		descDecode, descCamera} {
		ch <- d
	}
}

func gauge(ch chan<- prometheus.Metric, d *prometheus.Desc, v float64, labels ...string) {
	ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
}

func counter(ch chan<- prometheus.Metric, d *prometheus.Desc, v uint64, labels ...string) {
	ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
}

func bool01(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func unixSeconds(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.UnixMilli()) / 1000
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.src
	gauge(ch, descInfo, 1, s.Device, s.Venue, s.Version)
	if s.Outbox != nil {
		st, err := s.Outbox.Stats()
		gauge(ch, descOutboxErr, bool01(err != nil))
		if err == nil {
			age := 0.0
			if !st.OldestPending.IsZero() {
				age = max(time.Since(st.OldestPending).Seconds(), 0)
			}
			gauge(ch, descPending, float64(st.Pending))
			gauge(ch, descOldest, age)
			gauge(ch, descDead, float64(st.DeadLetters))
			gauge(ch, descOutboxBytes, float64(st.FileBytes))
			gauge(ch, descOutboxFull, bool01(st.Full))
		}
	}
	if s.Syncer != nil {
		r := s.Syncer.Rounds()
		counter(ch, descRounds, r.OK, "ok")
		counter(ch, descRounds, r.Failed, "failed")
		st := s.Syncer.State()
		gauge(ch, descOnline, bool01(st.Online()))
		for _, l := range []syncer.Link{syncer.LinkOnline, syncer.LinkOffline, syncer.LinkTokenRefused} {
			gauge(ch, descLink, bool01(st.Link == l), l.String())
		}
		gauge(ch, descLastSync, unixSeconds(st.LastSync))
		gauge(ch, descSkew, st.ClockSkew.Seconds())
	}
	gauge(ch, descCamera, bool01(s.Camera != nil))
	if s.Camera != nil {
		st := s.Camera.Stats()
		counter(ch, descFrames, st.FramesCaptured, "captured")
		counter(ch, descFrames, st.FramesDecoded, "decoded")
		counter(ch, descFrames, st.FramesStale, "stale")
		counter(ch, descCamErrors, st.Errors)
		counter(ch, descCamOpens, st.Opens)
		ch <- prometheus.MustNewConstSummary(descDecode, st.FramesDecoded, st.DecodeTime.Seconds(), nil)
	}
}
