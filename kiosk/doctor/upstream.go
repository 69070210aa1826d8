package doctor

import (
	"context"
	"fmt"
	"time"

	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// SkewLimit is the clock difference beyond which the kiosk warns: a pass's
// rotating proof and the recorded scan times depend on the clock.
const SkewLimit = 30 * time.Second

// upstreamChecks: does the upstream answer, is the token accepted, and how
// far off is this device's clock.
func upstreamChecks(ctx context.Context, o Options) []Check {
	u := o.Config.Upstream
	cl, err := upstream.New(u.URL, u.Token, o.HTTPClient)
	if err != nil {
		return []Check{{Area: "upstream", Item: u.URL, Detail: safetext.Clean(err.Error(), 160),
			Fix: "set upstream.url to the upstream's base URL and upstream.token (or token_file)"}}
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	t0 := o.Now()
	h, err := cl.Health(ctx)
	t1 := o.Now()
	if err != nil {
		return []Check{{Area: "upstream", Item: u.URL, Detail: "does not answer: " + safetext.Clean(err.Error(), 160),
			Fix: "check upstream.url and the network (ip route; ping the upstream's host); the kiosk works offline meanwhile"}}
	}
	out := []Check{{Area: "upstream", Item: u.URL, OK: true,
		Detail: fmt.Sprintf("answers in %s (server %s)", t1.Sub(t0).Round(time.Millisecond), safetext.Clean(orNone(h.Version), 40))}}

	skew := t0.Add(t1.Sub(t0) / 2).Sub(h.Time)
	clock := Check{Area: "clock", Item: "device clock", OK: skew <= SkewLimit && skew >= -SkewLimit,
		Detail: fmt.Sprintf("%s %s the upstream's", abs(skew).Round(time.Millisecond), aheadBehind(skew))}
	if abs(skew) < time.Millisecond {
		clock.Detail = "in step with the upstream's (within 1 ms)"
	}
	if !clock.OK {
		clock.Fix = "enable time synchronisation (timedatectl set-ntp true) or set the clock; passes and scan times depend on it"
	}
	out = append(out, clock)

	venue := o.Config.Device.Venue
	if _, err := cl.Occupancy(ctx, venue); err != nil {
		c := Check{Area: "upstream", Item: "token", Detail: "the upstream refused a request: " + safetext.Clean(err.Error(), 160),
			Fix: "check the upstream's logs"}
		if upstream.IsAuth(err) {
			c.Detail = fmt.Sprintf("the device token is not accepted for venue %q", safetext.Escape(venue, 64))
			c.Fix = "put the token the operator issued for this venue in upstream.token or upstream.token_file"
		}
		return append(out, c)
	}
	return append(out, Check{Area: "upstream", Item: "token", OK: true,
		Detail: fmt.Sprintf("the device token is accepted for venue %q", safetext.Escape(venue, 64))})
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func aheadBehind(d time.Duration) string {
	if d < 0 {
		return "behind"
	}
	return "ahead of"
}
