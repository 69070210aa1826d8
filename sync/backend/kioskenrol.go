package backend

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// Enrolling a new kiosk: an owner's "add a door" makes a one-time code
// (NewKioskCode); the new kiosk shows it to the upstream once
// (RedeemKioskCode, POST /v1/enrol) and gets its own device token, which
// nobody else ever sees. A code is 60 random bits, lives DefaultKioskCodeTTL
// unless its maker chose otherwise, works once, and is only stored as its
// SHA-256; making and redeeming it are written to the audit trail. Wrong
// codes count against the client like wrong credentials (the throttle).

const (
	DefaultKioskCodeTTL = 2 * time.Hour
	MinKioskCodeTTL     = 5 * time.Minute
	MaxKioskCodeTTL     = 7 * 24 * time.Hour
)

// kioskCodeHash is how a code is stored: a hash in its own context.
func kioskCodeHash(code string) [sha256.Size]byte {
	return sha256.Sum256([]byte("ashyq kiosk enrolment v1\x00" + code))
}

// randomFrom returns n characters of alphabet, uniformly.
func randomFrom(alphabet string, n int) (string, error) {
	out := make([]byte, n)
	buf := make([]byte, 1)
	for i := 0; i < n; {
		if _, err := rand.Read(buf); err != nil {
			return "", err
		}
		// 256 is a multiple of 32: no bias for the code's alphabet.
		if int(buf[0]) >= 256-256%len(alphabet) {
			continue
		}
		out[i] = alphabet[int(buf[0])%len(alphabet)]
		i++
	}
	return string(out), nil
}

// NewKioskCode makes a one-time code that enrols a new kiosk at venue's
// door in mode, valid for ttl (0: DefaultKioskCodeTTL). The new kiosk's
// device id is the door's name and a short random suffix. It returns the
// code, shown once to whoever asked for it (actor).
func (b *Backend) NewKioskCode(ctx context.Context, actor, venue, door, mode string, ttl time.Duration) (string, store.DeviceEnrolment, error) {
	if ttl == 0 {
		ttl = DefaultKioskCodeTTL
	}
	var errs []error
	if err := CheckDeviceName(door); err != nil {
		errs = append(errs, fmt.Errorf("door: %w", err))
	} else if len(door) > 58 {
		errs = append(errs, fmt.Errorf("door name has %d bytes; at most 58 (a kiosk's id adds 6)", len(door)))
	}
	if mode != store.ModeEntrance && mode != store.ModeExit {
		errs = append(errs, fmt.Errorf("mode %q is not entrance or exit", truncate(mode, 16)))
	}
	if ttl < MinKioskCodeTTL || ttl > MaxKioskCodeTTL {
		errs = append(errs, fmt.Errorf("a code lives %s to %s, not %s", MinKioskCodeTTL, MaxKioskCodeTTL, ttl))
	}
	if err := errors.Join(errs...); err != nil {
		return "", store.DeviceEnrolment{}, invalid(err)
	}
	if _, err := b.st.Venue(ctx, venue); err != nil {
		return "", store.DeviceEnrolment{}, err
	}
	code, err := randomFrom(wire.KioskCodeAlphabet, wire.KioskCodeLen)
	if err != nil {
		return "", store.DeviceEnrolment{}, fmt.Errorf("random code: %w", err)
	}
	suffix, err := randomFrom("0123456789abcdefghjkmnpqrstvwxyz", 5)
	if err != nil {
		return "", store.DeviceEnrolment{}, fmt.Errorf("random device id: %w", err)
	}
	now := b.now().UTC()
	h := kioskCodeHash(code)
	e := store.DeviceEnrolment{Hash: h, ID: "k-" + hex.EncodeToString(h[:4]), Venue: venue, Device: door + "-" + suffix, Door: door,
		Mode: mode, CreatedBy: actor, Created: now, Expires: now.Add(ttl)}
	if err := b.st.PutDeviceEnrolment(ctx, e); err != nil {
		return "", store.DeviceEnrolment{}, fmt.Errorf("store enrolment code: %w", err)
	}
	err = b.ownerAudit(ctx, EventOwnerEnrolCode, actor, venue+"/"+e.Device,
		fmt.Sprintf("code %s for door %s (%s), valid until %s", e.ID, door, mode, e.Expires.Format(time.RFC3339)))
	return code, e, err
}

// KioskCodes lists a venue's enrolment codes of the last week, newest
// first (never the codes themselves).
func (b *Backend) KioskCodes(ctx context.Context, venue string) ([]store.DeviceEnrolment, error) {
	return b.st.DeviceEnrolments(ctx, venue, b.now().Add(-MaxKioskCodeTTL), 100)
}

// EnrolRefusedError says why a code was not taken: wire-level words a
// kiosk shows (unknown, used, expired, malformed).
type EnrolRefusedError struct {
	Reason string
	Err    error
}

func (e *EnrolRefusedError) Error() string { return e.Err.Error() }
func (e *EnrolRefusedError) Unwrap() error { return e.Err }

// Reasons a code is refused.
const (
	EnrolUnknown   = "unknown"
	EnrolUsed      = "used"
	EnrolExpired   = "expired"
	EnrolMalformed = "malformed"
)

// RedeemKioskCode trades a code for a new device token, once, for client
// (a peer.Key). Refusals are an *EnrolRefusedError and count against the
// client like a wrong credential (a *ThrottledError while it is blocked).
func (b *Backend) RedeemKioskCode(ctx context.Context, client string, req wire.KioskEnrolRequest) (wire.KioskEnrolResponse, error) {
	now := b.now()
	if wait := b.throttle.wait(client, now); wait > 0 {
		return wire.KioskEnrolResponse{}, &ThrottledError{RetryAfter: wait}
	}
	refuse := func(reason string, err error) (wire.KioskEnrolResponse, error) {
		if b.throttle.fail(client, now) {
			b.Security(ctx, SecurityEvent{Kind: EventAuthBlocked, Client: client,
				Detail: fmt.Sprintf("%d failed authentications or enrolments: further tries refused for %s each", AuthFailBurst, AuthFailEvery)})
		}
		return wire.KioskEnrolResponse{}, &EnrolRefusedError{Reason: reason, Err: err}
	}
	code, err := wire.NormalizeKioskCode(req.Code)
	if err != nil {
		return refuse(EnrolMalformed, err)
	}
	if len(req.Version) > 64 {
		req.Version = req.Version[:64]
	}
	secret, cred, err := NewSecret(store.KindDevice, "enrolling", "", now)
	if err != nil {
		return wire.KioskEnrolResponse{}, err
	}
	e, err := b.st.RedeemDeviceEnrolment(ctx, kioskCodeHash(code), now.UTC(), client, cred)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return refuse(EnrolUnknown, errors.New("no such enrolment code: check it on the owner's page (Add a door)"))
	case errors.Is(err, store.ErrEnrolmentUsed):
		return refuse(EnrolUsed, errors.New("this enrolment code was used already: make a new one on the owner's page"))
	case errors.Is(err, store.ErrEnrolmentExpired):
		return refuse(EnrolExpired, errors.New("this enrolment code has expired: make a new one on the owner's page"))
	case err != nil:
		return wire.KioskEnrolResponse{}, fmt.Errorf("redeem enrolment code: %w", err)
	}
	detail := fmt.Sprintf("code %s redeemed from %s for door %s (%s)", e.ID, client, e.Door, e.Mode)
	if req.Version != "" {
		detail += ", kiosk version " + strings.ToValidUTF8(req.Version, "?")
	}
	if err := b.ownerAudit(ctx, EventDeviceEnrolled, cred.ID, e.Venue+"/"+e.Device, detail); err != nil {
		b.log.Warn("enrolment not audited", "error", err.Error())
	}
	b.Security(ctx, SecurityEvent{Kind: EventCredentialAdded, Actor: e.CreatedBy, Client: client, Subject: cred.ID,
		Detail: "device for venue " + e.Venue + " by enrolment code " + e.ID})
	return wire.KioskEnrolResponse{Venue: e.Venue, Device: e.Device, Door: e.Door, Mode: e.Mode, Token: secret}, nil
}
