package api

import (
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/wallet"
	"github.com/ashyq/kiosk/sync/wire"
)

// The visitors' wallet: the web app itself (package wallet) and its API.
// The wallet's endpoints take no credential (the enrolment code, then the
// holder key's signature is the proof), so they are limited per client
// address instead.
const (
	patWalletEnrol = "POST /v1/wallet/enrol"
	patWalletPass  = "POST /v1/wallet/pass"
	patEnrolCodes  = "POST /v1/enrolment-codes"

	// maxWalletBody bounds a wallet request: a pass is about 150 bytes,
	// 200 in base64.
	maxWalletBody = 4 << 10
)

// Failed enrolments per client address: 10, then one more every 90 s (40
// an hour). A person who mistypes gets several tries, and a guesser at
// one IIN's code is stopped by that code's own limit (backend.EnrolAttempts)
// long before; this bounds guessing across many IINs from one address.
// Wallet checks per address: 2 a second, bursts of 20 (a wallet asks every
// 10 minutes; a NAT of many phones shares an address).
var (
	enrolFailRate  = rate.Every(90 * time.Second)
	enrolFailBurst = 10
	walletRate     = rate.Limit(2)
	walletBurst    = 20
)

// addrLimiter keeps a token bucket per client address, bounded in number.
type addrLimiter struct {
	limit rate.Limit
	burst int
	mu    sync.Mutex // mu guards m.
	m     map[string]*rate.Limiter
}

func newAddrLimiter(l rate.Limit, burst int) *addrLimiter {
	return &addrLimiter{limit: l, burst: burst, m: map[string]*rate.Limiter{}}
}

func (l *addrLimiter) get(addr string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.m[addr]
	if !ok {
		if len(l.m) >= maxLimiters {
			clear(l.m)
		}
		lim = rate.NewLimiter(l.limit, l.burst)
		l.m[addr] = lim
	}
	return lim
}

// wait says how long addr must wait before its next request (0: go on),
// without taking a token.
func (l *addrLimiter) wait(addr string, now time.Time) time.Duration {
	if tok := l.get(addr).TokensAt(now); tok < 1 {
		return time.Duration((1 - tok) / float64(l.limit) * float64(time.Second))
	}
	return 0
}

// take takes a token from addr's bucket at now.
func (l *addrLimiter) take(addr string, now time.Time) { l.get(addr).AllowN(now, 1) }

// clientAddr is the request's remote IP (the port dropped). Behind a proxy
// every client shares the proxy's address; the limits then apply to all
// together, which errs on the safe side.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (a *API) walletRoutes(mux *http.ServeMux) []string {
	w := wallet.New()
	mux.Handle("/wallet/", w)
	mux.Handle("GET /wallet", w)
	mux.HandleFunc(patWalletEnrol, a.handleWalletEnrol)
	mux.HandleFunc(patWalletPass, a.handleWalletPass)
	mux.Handle(patEnrolCodes, a.authed(operators, a.handleEnrolCode))
	return []string{patWalletEnrol, patWalletPass, patEnrolCodes}
}

// writeWalletError answers a refused wallet request with its reason and the
// upstream's clock (the wallet checks its own against it).
func (a *API) writeWalletError(w http.ResponseWriter, code int, reason, msg string, left int) {
	writeJSON(w, code, wire.WalletError{Error: msg, Reason: reason, AttemptsLeft: left, Time: a.b.Now().UTC()})
}

// throttled answers 429 when addr has waited too little.
func (a *API) throttled(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(d)))
	a.writeWalletError(w, http.StatusTooManyRequests, "throttled", "too many requests from this address; try again later", 0)
}

func (a *API) handleWalletEnrol(w http.ResponseWriter, r *http.Request) {
	addr, now := clientAddr(r), a.b.Now()
	if d := a.enrolFails.wait(addr, now); d > 0 {
		a.throttled(w, d)
		return
	}
	var req wire.EnrolRequest
	if !decodeBody(w, r, maxWalletBody, &req) {
		return
	}
	res, err := a.b.Enrol(r.Context(), req)
	var ee *backend.EnrolError
	switch {
	case errors.As(err, &ee):
		if ee.Reason != wire.EnrolInvalidIIN {
			a.enrolFails.take(addr, now)
		}
		code := http.StatusForbidden
		if ee.Reason == wire.EnrolInvalidIIN {
			code = http.StatusBadRequest
		}
		a.writeWalletError(w, code, ee.Reason, ee.Error(), ee.AttemptsLeft)
	case errors.Is(err, backend.ErrBadHolderKey):
		writeError(w, http.StatusBadRequest, err.Error())
	case err != nil:
		a.internalError(w, r, "enrol", err)
	default:
		writeJSON(w, http.StatusOK, res)
	}
}

func (a *API) handleWalletPass(w http.ResponseWriter, r *http.Request) {
	addr, now := clientAddr(r), a.b.Now()
	if d := a.walletChecks.wait(addr, now); d > 0 {
		a.throttled(w, d)
		return
	}
	a.walletChecks.take(addr, now)
	var req wire.WalletCheck
	if !decodeBody(w, r, maxWalletBody, &req) {
		return
	}
	res, err := a.b.CheckWallet(r.Context(), req)
	var we *backend.WalletError
	switch {
	case errors.As(err, &we):
		code := http.StatusBadRequest
		switch we.Reason {
		case wire.WalletTooOld:
			code = http.StatusGone
		case wire.WalletBadSig, wire.WalletBadPass:
			code = http.StatusForbidden
		}
		a.writeWalletError(w, code, we.Reason, we.Detail, 0)
	case err != nil:
		a.internalError(w, r, "wallet check", err)
	default:
		writeJSON(w, http.StatusOK, res)
	}
}

func (a *API) handleEnrolCode(w http.ResponseWriter, r *http.Request) {
	var req wire.EnrolCodeRequest
	if !decodeBody(w, r, maxWalletBody, &req) {
		return
	}
	var ttl time.Duration
	if req.TTL != "" {
		d, err := time.ParseDuration(req.TTL)
		if err != nil {
			writeError(w, http.StatusBadRequest, "ttl must be a duration such as 1h")
			return
		}
		ttl = d
	}
	res, err := a.b.NewEnrolCode(r.Context(), req.IIN, ttl)
	var inv *backend.InvalidError
	if errors.As(err, &inv) {
		writeError(w, http.StatusBadRequest, err.Error()) // iin's errors mask the IIN
		return
	} else if err != nil {
		a.internalError(w, r, "enrolment code", err)
		return
	}
	writeJSON(w, http.StatusCreated, res)
}
