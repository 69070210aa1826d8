package doctor

import (
	"context"
	"time"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// SkewLimit is the clock difference beyond which the kiosk warns: a pass's
// rotating proof and the recorded scan times depend on the clock.
const SkewLimit = 30 * time.Second

// upstreamChecks: does the upstream answer, is the token accepted, and how
// far off is this device's clock.
func upstreamChecks(ctx context.Context, o Options) []Check {
	u, t := o.Config.Upstream, o.t
	cl, err := upstream.New(u.URL, u.Token, o.HTTPClient)
	if err != nil {
		return []Check{{Area: "upstream", Item: u.URL, Detail: safetext.Clean(err.Error(), 160),
			Fix: t.F(i18n.DocUpBadConfig, "upstream.url", "upstream.token", "upstream.token_file")}}
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	t0 := o.Now()
	h, err := cl.Health(ctx)
	t1 := o.Now()
	if err != nil {
		return []Check{{Area: "upstream", Item: u.URL, Detail: t.F(i18n.DocUpSilent, safetext.Clean(err.Error(), 160)),
			Fix: t.F(i18n.DocUpSilentFix, "upstream.url", "ip route")}}
	}
	out := []Check{{Area: "upstream", Item: u.URL, OK: true,
		Detail: t.F(i18n.DocUpAnswers, t1.Sub(t0).Round(time.Millisecond), version(t, h.Version))}}

	skew := t0.Add(t1.Sub(t0) / 2).Sub(h.Time)
	clock := Check{Area: "clock", Item: "device clock", OK: skew <= SkewLimit && skew >= -SkewLimit,
		Detail: t.F(i18n.DocClockAhead, abs(skew).Round(time.Millisecond))}
	if skew < 0 {
		clock.Detail = t.F(i18n.DocClockBehind, abs(skew).Round(time.Millisecond))
	}
	if abs(skew) < time.Millisecond {
		clock.Detail = t.T(i18n.DocClockInStep)
	}
	if !clock.OK {
		clock.Fix = t.F(i18n.DocClockFix, "timedatectl set-ntp true")
	}
	out = append(out, clock)

	venue := o.Config.Device.Venue
	if _, err := cl.Occupancy(ctx, venue); err != nil {
		c := Check{Area: "upstream", Item: "token", Detail: t.F(i18n.DocUpRefused, safetext.Clean(err.Error(), 160)),
			Fix: t.T(i18n.DocUpRefusedFix)}
		if upstream.IsAuth(err) {
			c.Detail = t.F(i18n.DocTokenRefused, safetext.Escape(venue, 64))
			c.Fix = t.F(i18n.DocTokenFix, "upstream.token", "upstream.token_file")
		}
		return append(out, c)
	}
	return append(out, Check{Area: "upstream", Item: "token", OK: true,
		Detail: t.F(i18n.DocTokenAccepted, safetext.Escape(venue, 64))})
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// version is the server's version as it says it, or "unknown".
func version(t i18n.Catalog, v string) string {
	if v == "" {
		return t.T(i18n.DocUnknown)
	}
	return safetext.Clean(v, 40)
}
