package upstream

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// catcher is a server that must never hear from the kiosk: it counts every
// request and notes whether one carried the token or an IIN.
type catcher struct {
	hits, leaks atomic.Int64
	srv         *httptest.Server
}

func newCatcher(t *testing.T, host string) *catcher {
	t.Helper()
	c := &catcher{}
	ln, err := net.Listen("tcp", host+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", host, err)
	}
	c.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.hits.Add(1)
		var body strings.Builder
		_, _ = fmt.Fprint(&body, r.Header.Get("Authorization"))
		buf := make([]byte, 64<<10)
		n, _ := r.Body.Read(buf)
		body.Write(buf[:n])
		if strings.Contains(body.String(), testToken) || strings.Contains(body.String(), "900101300017") {
			c.leaks.Add(1)
		}
		writeJSON(w, 200, map[string]any{})
	}))
	c.srv.Listener.Close()
	c.srv.Listener = ln
	c.srv.Start()
	t.Cleanup(c.srv.Close)
	return c
}

// A kiosk follows no redirect, whatever the code and wherever it points:
// before, a 307 on POST /v1/status re-sent the IIN to another host, and
// the IIN and the bearer token to another port of the same host. Every
// call that carries the token, a device name or personal data is tried,
// through the default client and through a caller's own.
func TestNoRedirectIsFollowed(t *testing.T) {
	sameHost := newCatcher(t, "127.0.0.1") // another port of the upstream's host
	otherHost := newCatcher(t, "127.0.0.2")
	calls := map[string]func(*Client) error{
		"status": func(c *Client) error { _, err := c.Status(context.Background(), "900101300017"); return err },
		"events": func(c *Client) error {
			ev := wire.Event{ID: "01a23180-d913-7af7-98a1-42a8eaa123dd", Device: "d1", Seq: 1, Kind: wire.Entry,
				IIN: "900101300017", Status: wire.Green, Source: wire.SourceOnline, ScannedAt: time.Now()}
			_, err := c.SendEvents(context.Background(), wire.EventBatch{Device: "d1", SentAt: time.Now(), Events: []wire.Event{ev}})
			return err
		},
		"health":    func(c *Client) error { _, err := c.Health(context.Background()); return err },
		"occupancy": func(c *Client) error { _, err := c.Occupancy(context.Background(), "v"); return err },
		"keys":      func(c *Client) error { _, err := c.Keys(context.Background()); return err },
		"denylist":  func(c *Client) error { _, err := c.DenyList(context.Background(), 0); return err },
		"limits":    func(c *Client) error { return c.SetLimits(context.Background(), "v", wire.VenueLimits{Capacity: 3}) },
	}
	for _, code := range []int{301, 302, 303, 307, 308} {
		for _, target := range []*catcher{sameHost, otherHost} {
			var front atomic.Int64
			up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				front.Add(1)
				http.Redirect(w, r, target.srv.URL+r.URL.RequestURI(), code)
			}))
			own := &http.Client{Timeout: 5 * time.Second} // a caller's client, CheckRedirect unset
			for name, call := range calls {
				for _, hc := range []*http.Client{nil, own} {
					c, err := New(up.URL, testToken, hc)
					if err != nil {
						t.Fatal(err)
					}
					err = call(c.WithDevice("door-1"))
					what := fmt.Sprintf("%d to %s, %s (own client %v)", code, target.srv.URL, name, hc != nil)
					switch {
					case err == nil:
						t.Errorf("%s: no error", what)
					case !errors.Is(err, ErrRedirected):
						t.Errorf("%s: %v, want ErrRedirected", what, err)
					case !strings.Contains(err.Error(), target.srv.Listener.Addr().String()):
						t.Errorf("%s: %q does not name where it pointed", what, err)
					case strings.Contains(err.Error(), testToken):
						t.Errorf("%s: error quotes the token", what)
					case !Retryable(err):
						t.Errorf("%s: a redirect is the upstream's configuration, not the events' fault: it must stay retryable", what)
					}
				}
			}
			up.Close()
			if front.Load() == 0 {
				t.Fatalf("%d: the front server heard nothing", code)
			}
		}
	}
	for name, c := range map[string]*catcher{"another port": sameHost, "another host": otherHost} {
		if n, l := c.hits.Load(), c.leaks.Load(); n != 0 {
			t.Errorf("%s received %d requests (%d with the token or an IIN)", name, n, l)
		}
	}
}
