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

// Pass issuing defaults.
const (
	// DefaultPassTTL is how long an issued pass's status is trusted.
	DefaultPassTTL = 24 * time.Hour
	// DefaultGrace is how long a rotated-out key stays valid: as long as
	// the passes it signed last, so none is cut short by a rotation.
	DefaultGrace = 48 * time.Hour
)

// IssuePass signs a pass for iin's current registry status, for the holder
// key, with the current issuer key. The pass is valid for the pass TTL, and
// never beyond the moment the status can change by time alone.
func (b *Backend) IssuePass(ctx context.Context, person string, holder ed25519.PublicKey) (wire.PassResponse, error) {
	if err := iin.Validate(person); err != nil {
		return wire.PassResponse{}, invalid(fmt.Errorf("issue pass: %w", err))
	}
	// A key no phone makes would let anyone forge its proofs
	// (docs/pass-format.md, "Holder keys").
	if err := pass.CheckHolderKey(holder); err != nil {
		return wire.PassResponse{}, invalid(fmt.Errorf("issue pass: %w", err))
	}
	// A status that changes between reading it and storing the pass makes
	// the pass stale; sign again with the new one.
	for range 3 {
		now := b.now().UTC().Truncate(time.Second)
		key, err := b.st.CurrentIssuerKey(ctx, now)
		if err != nil {
			return wire.PassResponse{}, fmt.Errorf("issue pass: %w", err)
		}
		ans, err := b.Judge(ctx, person)
		if err != nil {
			return wire.PassResponse{}, fmt.Errorf("issue pass: %w", err)
		}
		status := ans.Status
		is, err := pass.NewIssuer(key.KID, key.Private())
		if err != nil {
			return wire.PassResponse{}, fmt.Errorf("issue pass: %w", err)
		}
		until := now.Add(b.passTTL)
		if v := ans.ValidUntil.Truncate(time.Second); !ans.ValidUntil.IsZero() && v.Before(until) {
			until = v
		}
		p, id, err := is.Issue(pass.Claims{IIN: person, Status: status, IssuedAt: now, ValidUntil: until, Holder: holder})
		if err != nil {
			return wire.PassResponse{}, err
		}
		stale, err := b.st.RecordPass(ctx, id, store.PassRecord{IIN: person, KID: key.KID, Status: status,
			IssuedAt: now, ValidUntil: until})
		if err != nil {
			return wire.PassResponse{}, fmt.Errorf("record pass: %w", err)
		}
		if !stale {
			b.Security(ctx, SecurityEvent{Kind: EventPassIssued, Subject: id, IIN: person,
				Detail: fmt.Sprintf("key %s, %s until %s", key.KID, status, until.Format(time.RFC3339))})
			return wire.PassResponse{Pass: p, PassID: id, KID: key.KID, Status: status, ValidUntil: until}, nil
		}
	}
	return wire.PassResponse{}, errors.New("issue pass: the status keeps changing; try again")
}

// RevokePass puts a pass on the deny list; store.ErrUnknownPass if it was
// never issued.
func (b *Backend) RevokePass(ctx context.Context, id string) error {
	if err := b.st.RevokePass(ctx, id, wire.DenyRevoked, b.now()); err != nil {
		if errors.Is(err, store.ErrUnknownPass) {
			return store.ErrUnknownPass
		}
		return fmt.Errorf("revoke pass: %w", err)
	}
	b.Security(ctx, SecurityEvent{Kind: EventPassRevoked, Subject: id})
	return nil
}

// RotateKeys makes a new current issuer key; the old one stays valid for
// grace. It returns the new key id.
func (b *Backend) RotateKeys(ctx context.Context, grace time.Duration) (string, error) {
	kid, err := b.st.RotateIssuerKeys(ctx, b.now(), grace)
	if err != nil {
		return "", fmt.Errorf("rotate keys: %w", err)
	}
	b.Security(ctx, SecurityEvent{Kind: EventKeysRotated, Subject: kid,
		Detail: fmt.Sprintf("the previous keys stay valid for %s", grace)})
	return kid, nil
}

// Keys lists the published issuer keys (as GET /v1/keys).
func (b *Backend) Keys(ctx context.Context) ([]wire.IssuerKey, error) {
	keys, err := b.st.IssuerKeys(ctx, b.now())
	if err != nil {
		return nil, err
	}
	out := make([]wire.IssuerKey, len(keys))
	for i, k := range keys {
		out[i] = k.Public()
	}
	return out, nil
}

// IssuerKeys returns the issuer keys a kiosk should know now, oldest first,
// with their seeds (for the console, which shows their windows).
func (b *Backend) IssuerKeys(ctx context.Context) ([]store.IssuerKey, error) {
	return b.st.IssuerKeys(ctx, b.now())
}

// DenyList returns up to limit deny-list entries after sequence number
// after, oldest first, and whether more follow.
func (b *Backend) DenyList(ctx context.Context, after uint64, limit int) ([]wire.DenyEntry, bool, error) {
	return b.st.DenyList(ctx, after, limit)
}

// RecentDenied returns up to limit deny-list entries, newest first, and
// whether older ones exist.
func (b *Backend) RecentDenied(ctx context.Context, limit int) ([]wire.DenyEntry, bool, error) {
	return b.st.RecentDenied(ctx, limit)
}
