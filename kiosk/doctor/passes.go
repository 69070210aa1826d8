package doctor

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// passChecks: what the kiosk holds to check passes offline, from its trust
// store (read only if it exists: doctor creates nothing), and above all a
// deny list it does not hold whole, which turns offline pass checks off.
func passChecks(o Options) []Check {
	t := o.t
	path := filepath.Join(o.Config.Storage.DataDir, trust.File)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return []Check{{Area: "passes", Item: "pass keys", OK: true, Detail: t.T(i18n.DocPassesNone)}}
	}
	st, err := trust.Open(path, trust.Options{MaxDenied: o.Config.Passes.MaxDenied})
	if err != nil {
		return []Check{{Area: "passes", Item: path, Detail: t.F(i18n.DocCannotRead, safetext.Clean(err.Error(), 160)),
			Fix: t.T(i18n.DocPassesMoveFix)}}
	}
	s := st.Status()
	keys := Check{Area: "passes", Item: "pass keys", OK: s.Keys > 0 && !s.RefreshedAt.IsZero()}
	switch {
	case !keys.OK:
		keys.Detail, keys.Fix = t.T(i18n.DocKeysNone), t.T(i18n.DocKeysNoneFix)
	default:
		age := o.Now().Sub(s.RefreshedAt)
		keys.Detail = t.F(i18n.DocKeysAge, s.Keys, age.Round(time.Second))
		if limit := o.Config.Passes.MaxKeyAge.Duration; limit > 0 && age > limit {
			keys.OK = false
			keys.Detail = t.F(i18n.DocKeysOld, s.Keys, age.Round(time.Second), "passes.max_key_age", limit)
			keys.Fix = t.F(i18n.DocKeysOldFix, "passes.refresh_every")
		}
	}
	deny := Check{Area: "passes", Item: "deny list", OK: s.Deny == trust.DenyComplete,
		Detail: t.F(i18n.DocDenyHeld, s.Denied, s.MaxDenied)}
	switch s.Deny {
	case trust.DenyFull:
		deny.Detail = t.F(i18n.DocDenyFull, s.MaxDenied, "passes.max_denied")
		deny.Fix = t.F(i18n.DocDenyFullFix, "passes.max_denied")
	case trust.DenyBehind:
		deny.Detail = t.F(i18n.DocDenyBehind, s.Denied)
		deny.Fix = t.T(i18n.DocDenyBehindFix)
	}
	return []Check{keys, deny}
}
