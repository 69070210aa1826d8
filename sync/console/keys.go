package console

import (
	"net/http"
	"time"

	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// The console's keys page (/ui/keys): the issuer keys a kiosk is told about
// and the newest revoked passes, both read from the store like every page.

// MaxRows bounds each table of the keys page: a deny list grows for ever,
// and a page that lists all of it stops loading long before an operator
// stops reading.
const MaxRows = 200

const uiTime = "2006-01-02 15:04:05"

// keyRow is an issuer key as the page shows it: never its seed.
type keyRow struct {
	KID, From, Until, State string
	Current, Ended          bool
}

// keyRows lists keys with the one new passes are signed with first (by the
// store's rule: the newest without an end that has begun), then the others
// newest first. A rotation in the second the old key was made gives both the
// same start, so the order cannot rest on the start alone.
func keyRows(keys []store.IssuerKey, now time.Time) []keyRow {
	current := store.CurrentKey(keys, now)
	out := make([]keyRow, 0, len(keys))
	if current >= 0 {
		out = append(out, keyRow{}) // filled in below
	}
	for i := len(keys) - 1; i >= 0; i-- { // the store lists them oldest first
		k := keys[i]
		r := keyRow{KID: safetext.Clean(k.KID, 16), From: k.NotBefore.UTC().Format(uiTime), Until: "–"}
		if !k.NotAfter.IsZero() {
			r.Until = k.NotAfter.UTC().Format(uiTime)
		}
		switch {
		case i == current:
			r.State, r.Current = "current: signs new passes", true
		case k.NotBefore.After(now):
			r.State = "not valid yet"
		case k.NotAfter.IsZero():
			r.State = "valid, no end set"
		case k.NotAfter.After(now):
			r.State = "in grace for " + k.NotAfter.Sub(now).Round(time.Minute).String() + ": passes it signed still verify"
		default:
			r.State, r.Ended = "ended: still published so kiosks can tell it from an unknown key", true
		}
		if i == current {
			out[0] = r
		} else {
			out = append(out, r)
		}
	}
	return out
}

// deniedRow is a deny-list entry as the page shows it.
type deniedRow struct {
	Seq             uint64
	PassID, At, Why string
	ByOperator      bool
}

// denyReasons say in words why a pass is on the deny list.
var denyReasons = map[string]string{
	wire.DenyRevoked:       "revoked by an operator",
	wire.DenyStatusChanged: "the holder's status changed after it was issued",
}

func deniedRows(es []wire.DenyEntry) []deniedRow {
	out := make([]deniedRow, len(es))
	for i, e := range es {
		why, ok := denyReasons[e.Reason]
		if !ok {
			why = safetext.Clean(e.Reason, 64)
		}
		out[i] = deniedRow{Seq: e.Seq, PassID: passIDText(e.PassID), At: e.At.UTC().Format(uiTime), Why: why,
			ByOperator: e.Reason == wire.DenyRevoked}
	}
	return out
}

// passIDText shows a pass id as issued (hex), so an operator can compare it
// with `passes revoke` and the kiosks' logs. It is random hex, not an IIN,
// though about one in thirty holds a run of twelve decimal digits that
// safetext.Clean would mask; anything that is not such an id does go through
// it.
func passIDText(id string) string {
	if len(id) == 2*pass.IDSize && isLowerHex(id) {
		return id
	}
	return safetext.Clean(id, 2*pass.IDSize)
}

func isLowerHex(s string) bool {
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func (s *Console) pageKeys(w http.ResponseWriter, r *http.Request) (string, page, error) {
	now := s.b.Now()
	keys, err := s.b.IssuerKeys(r.Context())
	if err != nil {
		return "", page{}, err
	}
	rows := keyRows(keys, now)
	moreKeys := len(rows) > MaxRows
	rows = rows[:min(len(rows), MaxRows)]
	denied, moreDenied, err := s.b.RecentDenied(r.Context(), MaxRows)
	if err != nil {
		return "", page{}, err
	}
	var total uint64
	if len(denied) > 0 {
		total = denied[0].Seq // entries are numbered from 1 and never removed
	}
	return "keys.tmpl", page{Title: "Issuer keys and revoked passes", Data: map[string]any{
		"Keys": rows, "MoreKeys": moreKeys, "KeyCount": len(keys), "RetentionDays": int(store.KeyRetention / (24 * time.Hour)),
		"Denied": deniedRows(denied), "MoreDenied": moreDenied, "DeniedTotal": total, "Max": MaxRows}}, nil
}
