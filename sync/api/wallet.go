package api

import (
	"errors"
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

// Wallet checks per client (peer.Key, through the trusted proxies): 2 a
// second, bursts of 20. A wallet asks every 10 minutes; a NAT of many phones
// shares an address. Failed enrolments count in the backend's throttle of
// failed authentication instead (backend.Enrol).
var (
	walletRate  = rate.Limit(2)
	walletBurst = 20
)

// addrLimiter keeps a token bucket per client, bounded in number.
type addrLimiter struct {
	limit rate.Limit
	burst int
	mu    sync.Mutex // mu guards m.
	m     map[string]*rate.Limiter
}

func newAddrLimiter(l rate.Limit, burst int) *addrLimiter {
	return &addrLimiter{limit: l, burst: burst, m: map[string]*rate.Limiter{}}
}

// allow takes a token from client's bucket at now, or says how long to
// wait for one.
func (l *addrLimiter) allow(client string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	lim, ok := l.m[client]
	if !ok {
		if len(l.m) >= maxLimiters {
			clear(l.m)
		}
		lim = rate.NewLimiter(l.limit, l.burst)
		l.m[client] = lim
	}
	l.mu.Unlock()
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
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

// throttled answers 429: the client must wait d.
func (a *API) throttled(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(d)))
	a.writeWalletError(w, http.StatusTooManyRequests, "throttled", "too many requests from this address; try again later", 0)
}

func (a *API) handleWalletEnrol(w http.ResponseWriter, r *http.Request) {
	var req wire.EnrolRequest
	if !decodeBody(w, r, maxWalletBody, &req) {
		return
	}
	res, err := a.b.Enrol(r.Context(), info(r).client, req)
	var ee *backend.EnrolError
	var thr *backend.ThrottledError
	switch {
	case errors.As(err, &thr):
		a.throttled(w, thr.RetryAfter)
	case errors.As(err, &ee):
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
	if ok, d := a.walletChecks.allow(info(r).client, a.b.Now()); !ok {
		a.throttled(w, d)
		return
	}
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
