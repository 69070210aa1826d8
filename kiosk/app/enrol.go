package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
)

// A blank kiosk (no venue, no token: config.Blank) is enrolled with a
// one-time code from its venue's owner's page ("Add a door"): read by the
// camera or a scanner as a QR code (AQE1:CODE:URL), or typed by staff.
// The upstream answers with the kiosk's venue, device id, door, mode and
// its own device token, kept in storage.data_dir/enrolment.json (0600),
// never shown. The next start is an ordinary one.

// enrolTimeout bounds one redemption: staff wait at the screen.
const enrolTimeout = 15 * time.Second

// EnrolProblem says why a code was not taken, for the screen to say in its
// own language.
type EnrolProblem string

// Enrolment problems.
const (
	EnrolNotACode    EnrolProblem = "not-a-code"  // the text is no enrolment code
	EnrolNoUpstream  EnrolProblem = "no-upstream" // a typed code, and no upstream.url to send it to
	EnrolUnknown     EnrolProblem = "unknown"     // no such code upstream
	EnrolUsed        EnrolProblem = "used"        // the code was used already
	EnrolExpired     EnrolProblem = "expired"     // the code's time ran out
	EnrolBusy        EnrolProblem = "busy"        // too many tries from here: wait
	EnrolUnreachable EnrolProblem = "unreachable" // the upstream cannot be reached or answered nonsense
	EnrolNotSaved    EnrolProblem = "not-saved"   // taken, but the enrolment could not be written here
)

// EnrolError is a refused or failed enrolment.
type EnrolError struct {
	Problem EnrolProblem
	Err     error
}

func (e *EnrolError) Error() string { return e.Err.Error() }
func (e *EnrolError) Unwrap() error { return e.Err }

// Enrol redeems a scanned or typed code for the kiosk of cfg and keeps the
// result in cfg.Storage.DataDir. A typed code goes to cfg.Upstream.URL; a
// QR code names its upstream.
func Enrol(ctx context.Context, cfg config.Config, text, version string) (config.Enrolment, error) {
	code, addr, err := wire.ParseKioskEnrolPayload(text)
	if err != nil {
		return config.Enrolment{}, &EnrolError{EnrolNotACode, err}
	}
	if addr == "" {
		addr = cfg.Upstream.URL
	}
	if addr == "" {
		return config.Enrolment{}, &EnrolError{EnrolNoUpstream, errors.New("a typed code needs upstream.url in the configuration; show the QR code instead")}
	}
	if u, err := url.Parse(addr); err != nil || (u.Scheme == "http" && !cfg.Upstream.AllowPlainHTTP && !upstream.IsLoopbackHost(u.Hostname())) {
		return config.Enrolment{}, &EnrolError{EnrolUnreachable, fmt.Errorf("%s is plain http to another machine: the token would cross the network unencrypted (set upstream.allow_plain_http to allow it)", addr)}
	}
	var hc *http.Client
	if cfg.Upstream.CAFile != "" {
		if hc, err = upstream.TLSClient(cfg.Upstream.CAFile); err != nil {
			return config.Enrolment{}, &EnrolError{EnrolUnreachable, err}
		}
	}
	cl, err := upstream.ForEnrolment(addr, hc)
	if err != nil {
		return config.Enrolment{}, &EnrolError{EnrolUnreachable, err}
	}
	ctx, cancel := context.WithTimeout(ctx, enrolTimeout)
	defer cancel()
	res, err := cl.Enrol(ctx, code, version)
	if err != nil {
		var he *upstream.HTTPError
		p := EnrolUnreachable
		if errors.As(err, &he) {
			switch {
			case he.StatusCode == http.StatusTooManyRequests:
				p = EnrolBusy
			case he.Reason == "used":
				p = EnrolUsed
			case he.Reason == "expired":
				p = EnrolExpired
			case he.Reason == "unknown":
				p = EnrolUnknown
			case he.Reason == "malformed":
				p = EnrolNotACode
			}
		}
		return config.Enrolment{}, &EnrolError{p, err}
	}
	e := config.Enrolment{Venue: res.Venue, Device: res.Device, Door: res.Door, Mode: res.Mode, Upstream: addr, Token: res.Token,
		Enrolled: time.Now().UTC()}
	if err := config.WriteEnrolment(cfg.Storage.DataDir, e); err != nil {
		return e, &EnrolError{EnrolNotSaved, err}
	}
	return e, nil
}
