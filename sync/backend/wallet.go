package backend

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"

	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// The visitors' wallet (docs/wallet.md): enrolment, then the wallet's
// checks of its own pass, signed by its holder key.
const (
	// WalletRequestWindow is how far a wallet request's time may be from
	// the upstream's clock. The wallet signs with its clock corrected by
	// the upstream's, so this only has to cover a stale correction.
	WalletRequestWindow = 5 * time.Minute
	// RenewFor is how long after its valid-until a pass may still be
	// renewed; past it the wallet enrols again. A phone offline for a
	// month has to.
	RenewFor = 30 * 24 * time.Hour
)

// WalletError is a refused wallet request: a wire reason the wallet
// translates.
type WalletError struct {
	Reason string
	Detail string
}

func (e *WalletError) Error() string { return e.Detail }

// Enrol proves who the person is with the identity check, then issues a
// pass for the wallet's holder key. The IIN is validated first, so an
// invalid one costs no attempt. A refused proof counts as a failed
// authentication of client (a peer.Key): the same per-client budget as a
// wrong bearer token (AuthFailBurst, then one per AuthFailEvery), so
// guessing codes across many IINs from one address is bounded, on top of
// each code's own EnrolAttempts; past it the answer is a *ThrottledError and
// the code is not tried.
func (b *Backend) Enrol(ctx context.Context, client string, req wire.EnrolRequest) (wire.WalletPass, error) {
	now := b.now()
	if wait := b.throttle.wait(client, now); wait > 0 {
		return wire.WalletPass{}, &ThrottledError{RetryAfter: wait}
	}
	if err := iin.Validate(req.IIN); err != nil {
		return wire.WalletPass{}, &EnrolError{Reason: wire.EnrolInvalidIIN}
	}
	if err := pass.CheckHolderKey(req.HolderKey); err != nil {
		return wire.WalletPass{}, fmt.Errorf("%w: %v", ErrBadHolderKey, err)
	}
	if err := b.identity.Prove(ctx, req.IIN, req.Code, now); err != nil {
		var ee *EnrolError
		if errors.As(err, &ee) {
			b.log.Info("enrolment refused", "iin", iin.Mask(req.IIN), "reason", ee.Reason)
			if b.throttle.fail(client, now) {
				b.Security(ctx, SecurityEvent{Kind: EventAuthBlocked, Client: client,
					Detail: fmt.Sprintf("%d failed authentications or enrolments: further tries refused for %s each", AuthFailBurst, AuthFailEvery)})
			}
		}
		return wire.WalletPass{}, err
	}
	p, err := b.IssuePass(ctx, req.IIN, ed25519.PublicKey(req.HolderKey))
	if err != nil {
		return wire.WalletPass{}, err
	}
	b.log.Info("wallet enrolled", "iin", iin.Mask(req.IIN), "pass", p.PassID)
	return wire.WalletPass{PassResponse: p, Time: b.now().UTC()}, nil
}

// keyring lets sync/pass find the store's issuer keys, ended ones included.
type keyring []store.IssuerKey

func (k keyring) IssuerKey(kid string) (wire.IssuerKey, bool) {
	for _, key := range k {
		if key.KID == kid {
			return key.Public(), true
		}
	}
	return wire.IssuerKey{}, false
}

// CheckWallet answers a wallet about its pass: the request must carry a
// pass this upstream issued and the holder key's signature of the pass id
// and a time near now. The pass is then current, renewed (past half its
// life), renewed with a new colour (the status changed), revoked, or too
// old to renew.
func (b *Backend) CheckWallet(ctx context.Context, req wire.WalletCheck) (wire.WalletCheckResult, error) {
	now := b.now().UTC()
	keys, err := b.st.IssuerKeys(ctx, now)
	if err != nil {
		return wire.WalletCheckResult{}, fmt.Errorf("wallet check: %w", err)
	}
	is, err := pass.OpenIssued(req.Pass, keyring(keys))
	if err != nil {
		return wire.WalletCheckResult{}, &WalletError{Reason: wire.WalletBadPass, Detail: "not a pass this upstream issued"}
	}
	if err := is.VerifyRequest(req.Time, req.Sig, now, WalletRequestWindow); err != nil {
		var pe *pass.Error
		if errors.As(err, &pe) && (pe.Reason == pass.ReasonProofOld || pe.Reason == pass.ReasonProofFuture) {
			return wire.WalletCheckResult{}, &WalletError{Reason: wire.WalletClock,
				Detail: fmt.Sprintf("the request's time is %s from the upstream's", now.Sub(time.Unix(req.Time, 0)).Round(time.Second))}
		}
		return wire.WalletCheckResult{}, &WalletError{Reason: wire.WalletBadSig, Detail: "the holder signature does not verify"}
	}
	revoked, err := b.st.PassRevoked(ctx, is.ID)
	if errors.Is(err, store.ErrUnknownPass) {
		return wire.WalletCheckResult{}, &WalletError{Reason: wire.WalletBadPass, Detail: "not a pass this upstream issued"}
	}
	if err != nil {
		return wire.WalletCheckResult{}, fmt.Errorf("wallet check: %w", err)
	}
	c := is.Claims
	res := wire.WalletCheckResult{State: wire.WalletCurrent, Time: now}
	switch {
	case revoked == wire.DenyRevoked:
		res.State = wire.WalletRevoked
		return res, nil
	case now.After(c.ValidUntil.Add(RenewFor)):
		return wire.WalletCheckResult{}, &WalletError{Reason: wire.WalletTooOld,
			Detail: "the pass ended too long ago to be renewed: enrol again"}
	case revoked == "" && now.Before(c.IssuedAt.Add(c.ValidUntil.Sub(c.IssuedAt)/2)):
		return res, nil // current, and not yet half way
	}
	p, err := b.IssuePass(ctx, c.IIN, c.Holder)
	if err != nil {
		return wire.WalletCheckResult{}, err
	}
	res.State = wire.WalletRenewed
	if revoked == wire.DenyStatusChanged || p.Status != c.Status {
		res.State = wire.WalletStatusChanged
	}
	res.Pass, res.PassID, res.Status, res.ValidUntil, res.Time = p.Pass, p.PassID, p.Status, p.ValidUntil, b.now().UTC()
	b.log.Info("wallet pass renewed", "iin", iin.Mask(c.IIN), "old", is.ID, "pass", p.PassID, "state", res.State)
	return res, nil
}
