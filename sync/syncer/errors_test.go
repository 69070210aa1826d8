package syncer

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

func TestBackoff(t *testing.T) {
	const lo, hi = 100 * time.Millisecond, 5 * time.Second
	netErr := fmt.Errorf("send events: %w", syscall.ECONNREFUSED)
	for failures := 1; failures <= 12; failures++ {
		ceiling := min(hi, lo<<(failures-1))
		seen := map[time.Duration]bool{}
		for i := 0; i < 200; i++ {
			d := backoff(netErr, failures, lo, hi)
			if d < lo || d > ceiling {
				t.Fatalf("failure %d: wait %v outside [%v, %v]", failures, d, lo, ceiling)
			}
			seen[d] = true
		}
		if failures > 1 && len(seen) < 10 {
			t.Errorf("failure %d: only %d distinct waits in 200: no jitter?", failures, len(seen))
		}
	}
	if d := backoff(netErr, 1000, lo, hi); d < lo || d > hi {
		t.Errorf("after 1000 failures: %v outside [%v, %v]", d, lo, hi)
	}
	ra := &upstream.HTTPError{StatusCode: 429, RetryAfter: 42 * time.Second}
	if d := backoff(ra, 1, lo, hi); d != 42*time.Second {
		t.Errorf("Retry-After 42s gave %v", d)
	}
	ra.RetryAfter = 5 * time.Hour
	if d := backoff(ra, 1, lo, hi); d != maxRetryAfter {
		t.Errorf("Retry-After 5h gave %v, want the cap %v", d, maxRetryAfter)
	}
	if d := backoff(&upstream.HTTPError{StatusCode: 401}, 1, lo, hi); d != hi {
		t.Errorf("401 gave %v, want MaxBackoff", d)
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&upstream.HTTPError{StatusCode: 403}, "upstream refused the device token"},
		{&upstream.HTTPError{StatusCode: 429}, "upstream is busy (429)"},
		{&upstream.HTTPError{StatusCode: 502}, "upstream error (502)"},
		{&upstream.HTTPError{StatusCode: 404}, "upstream refused the request (404)"},
		{fmt.Errorf("x: %w", syscall.ECONNREFUSED), "upstream unreachable (connection refused)"},
		{fmt.Errorf("x: %w", upstream.ErrInvalidResponse), "upstream sent an invalid answer"},
		{&storageError{err: errors.New("disk on fire")}, "outbox: disk on fire"},
		{errNoProgress, "upstream processed none of the batch"},
	}
	for _, tt := range tests {
		if got := describe(tt.err); got != tt.want {
			t.Errorf("describe(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestSafeTextMasksIINs(t *testing.T) {
	got := safetext.Clean("iin 900101300017 is bad", 0)
	if got == "iin 900101300017 is bad" || !containsAll(got, "iin ", "0017", " is bad") {
		t.Errorf("safetext.Clean = %q", got)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
