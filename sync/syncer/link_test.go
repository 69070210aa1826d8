package syncer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
)

// TestTokenRefusedWithNothingToSend: health needs no token, so a kiosk with
// a refused token and an empty outbox once looked online for ever. The link
// monitor's occupancy poll is authenticated and must show the refusal, and
// later good health checks must not hide it again.
func TestTokenRefusedWithNothingToSend(t *testing.T) {
	srv := newServer(t, server.Faults{})
	hs := serve(t, srv.Handler())
	s := newSyncer(t, newOutbox(t), newClient(t, hs.URL, "not-the-demo-token"), fastOptions(nil))
	startRun(t, s)
	waitFor(t, "the refusal shown", func() bool { return s.State().Link == LinkTokenRefused })
	time.Sleep(5 * fastOptions(nil).PollEvery) // several health checks answer 200 meanwhile
	if st := s.State(); st.Link != LinkTokenRefused || st.Problem != ProblemTokenRefused || st.HTTPStatus != 401 {
		t.Errorf("state %+v, want the token still refused (401)", st)
	}
}

// TestAbsurdServerClockClamped: a health answer dated in the year 9999
// made the skew saturate at -292 years, which the screen printed as
// "off by -9223372036 s". The skew is clamped, and the log says so.
func TestAbsurdServerClockClamped(t *testing.T) {
	srv := newServer(t, server.Faults{})
	inner := srv.Handler()
	hs := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == wire.APIVersion+"/health" {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(wire.Health{Status: "ok", Time: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)})
			return
		}
		inner.ServeHTTP(w, r)
	}))
	log, lb := newLog()
	s := newSyncer(t, newOutbox(t), newClient(t, hs.URL, server.DemoToken), fastOptions(log))
	startRun(t, s)
	waitFor(t, "a health poll", func() bool { return s.State().ClockSkew != 0 })
	if got := s.State().ClockSkew; got != -MaxClockSkew {
		t.Errorf("clock skew %v, want it clamped to %v", got, -MaxClockSkew)
	}
	if logs := lb.String(); !strings.Contains(logs, "clock skew clamped") || !strings.Contains(logs, "9999-12-31") {
		t.Errorf("the clamp is not logged with the server's time:\n%s", logs)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		err    error
		want   Problem
		status int
		link   Link
	}{
		{fmt.Errorf("x: %w", syscall.ECONNREFUSED), ProblemConnRefused, 0, LinkOffline},
		{fmt.Errorf("x: %w", syscall.ECONNRESET), ProblemReset, 0, LinkOffline},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), ProblemTimeout, 0, LinkOffline},
		{&net.DNSError{Err: "no such host", Name: "upstream.invalid", IsNotFound: true}, ProblemDNS, 0, LinkOffline},
		{&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("no route")}, ProblemUnreachable, 0, LinkOffline},
		{&upstream.HTTPError{StatusCode: 429}, ProblemBusy, 429, LinkOnline},
		{&upstream.HTTPError{StatusCode: 503}, ProblemServerError, 503, LinkOffline},
		{&upstream.HTTPError{StatusCode: 401}, ProblemTokenRefused, 401, LinkTokenRefused},
		{&upstream.HTTPError{StatusCode: 403}, ProblemTokenRefused, 403, LinkTokenRefused},
		{&upstream.HTTPError{StatusCode: 404}, ProblemRefusedBatch, 404, LinkOnline},
		{fmt.Errorf("x: %w", upstream.ErrInvalidResponse), ProblemBadAnswer, 0, LinkOffline},
		{errNoProgress, ProblemBadAnswer, 0, LinkOnline},
		{&storageError{err: errors.New("disk on fire")}, ProblemOutboxUnreadable, 0, LinkOnline},
	}
	for _, tt := range tests {
		p, status := classify(tt.err)
		if p != tt.want || status != tt.status {
			t.Errorf("classify(%v) = %v, %d; want %v, %d", tt.err, p, status, tt.want, tt.status)
		}
		if tt.want != ProblemOutboxUnreadable {
			if l := linkAfter(tt.err); l != tt.link {
				t.Errorf("linkAfter(%v) = %v, want %v", tt.err, l, tt.link)
			}
		}
	}
	for p := ProblemNone; p <= ProblemOutboxUnreadable; p++ {
		if (p.String() == "") != (p == ProblemNone) || p.String() == "unknown problem" {
			t.Errorf("problem %d has log text %q", p, p.String())
		}
	}
}

// TestOccupancyRefusedStays: a token the upstream takes for sending but
// refuses for the venue's occupancy (403, a device configured with another
// venue) shows as refused, and delivered batches do not flip the screen
// back to online between polls.
func TestOccupancyRefusedStays(t *testing.T) {
	srv := newServer(t, server.Faults{})
	inner := srv.Handler()
	hs := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/occupancy") {
			answer(w, http.StatusForbidden, nil, "token does not belong to this venue")
			return
		}
		inner.ServeHTTP(w, r)
	}))
	ob := newOutbox(t)
	log, lb := newLog()
	s := newSyncer(t, ob, newClient(t, hs.URL, server.DemoToken), fastOptions(log))
	startRun(t, s)
	waitFor(t, "the refusal shown", func() bool { return s.State().Link == LinkTokenRefused })
	for i := 1; i <= 5; i++ {
		appendN(t, ob, 3)
		s.Kick()
		waitFor(t, "the batch delivered", func() bool { n, _ := srv.EventCount(testVenue); return n == 3*i })
	}
	logs := lb.String()
	first := strings.Index(logs, "upstream token refused")
	if first < 0 {
		t.Fatalf("the refusal is not logged:\n%s", logs)
	}
	if strings.Contains(logs[first:], "upstream reachable") {
		t.Errorf("the link went back to online after the refusal:\n%s", logs)
	}
	if st := s.State(); st.Link != LinkTokenRefused || st.HTTPStatus != http.StatusForbidden {
		t.Errorf("state %+v, want the token refused (403)", st)
	}
}
