package logsample

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestSamplerKeepsABurstAndSumsTheRest(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	s := New(3, time.Minute, func() time.Time { return now })
	written := 0
	for i := range 1000 {
		client := "198.51.100.7"
		if i%10 == 0 {
			client = "203.0.113.9"
		}
		if ok, sum := s.Allow("401 GET /v1/events", client); ok {
			written++
		} else if sum != nil {
			t.Fatal("a summary within the window")
		}
	}
	if ok, _ := s.Allow("404 unmatched", "x"); !ok {
		t.Error("another kind has its own burst")
	}
	if written != 3 {
		t.Errorf("%d lines written, want 3", written)
	}
	now = now.Add(time.Minute)
	ok, sum := s.Allow("401 GET /v1/events", "198.51.100.7")
	if !ok || sum == nil || sum.Total != 997 || !strings.Contains(sum.ByKey, "401 GET /v1/events=997") ||
		!strings.HasPrefix(sum.Clients, "198.51.100.7=898, 203.0.113.9=99") {
		t.Fatalf("next window: %v %+v", ok, sum)
	}
	if sum := s.Flush(); sum != nil {
		t.Errorf("nothing left out yet, summary %+v", sum)
	}
}

func TestHandlerSamplesByMessage(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	h := NewHandler(slog.NewTextHandler(&buf, nil), New(2, time.Minute, func() time.Time { return now }), MessagePrefix)
	l := slog.New(h)
	for i := range 500 {
		l.Warn("http: TLS handshake error from 10.0.0." + string(rune('0'+i%10)) + ":4431: EOF")
	}
	l.Info("ashyq-server starting")
	now = now.Add(2 * time.Minute)
	l.Warn("http: TLS handshake error from 10.0.0.1:1: EOF")
	out := buf.String()
	if n := strings.Count(out, "TLS handshake error"); n != 4 { // 2, the summary's kind, and the next window's
		t.Errorf("%d lines name the handshake:\n%s", n, out)
	}
	if !strings.Contains(out, "left_out=498") || !strings.Contains(out, "ashyq-server starting") {
		t.Errorf("log:\n%s", out)
	}
}
