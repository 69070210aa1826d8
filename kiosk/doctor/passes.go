package doctor

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// passChecks: what the kiosk holds to check passes offline, from its trust
// store (read only if it exists: doctor creates nothing), and above all a
// deny list it does not hold whole, which turns offline pass checks off.
func passChecks(o Options) []Check {
	path := filepath.Join(o.Config.Storage.DataDir, trust.File)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return []Check{{Area: "passes", Item: "pass keys", OK: true,
			Detail: "none yet: the kiosk fetches the keys and the deny list from the upstream when it starts"}}
	}
	st, err := trust.Open(path, trust.Options{MaxDenied: o.Config.Passes.MaxDenied})
	if err != nil {
		return []Check{{Area: "passes", Item: path, Detail: "cannot be read: " + safetext.Clean(err.Error(), 160),
			Fix: "stop the kiosk and move the file aside; it is fetched again from the upstream"}}
	}
	s := st.Status()
	keys := Check{Area: "passes", Item: "pass keys", OK: s.Keys > 0 && !s.RefreshedAt.IsZero()}
	switch {
	case !keys.OK:
		keys.Detail, keys.Fix = "none yet: passes cannot be checked offline", "let the kiosk reach the upstream once"
	default:
		age := o.Now().Sub(s.RefreshedAt)
		keys.Detail = fmt.Sprintf("%d, updated %s ago", s.Keys, age.Round(time.Second))
		if limit := o.Config.Passes.MaxKeyAge.Duration; limit > 0 && age > limit {
			keys.OK = false
			keys.Detail += fmt.Sprintf(", older than passes.max_key_age (%s): passes are not trusted offline", limit)
			keys.Fix = "let the kiosk reach the upstream; it refreshes them every passes.refresh_every"
		}
	}
	deny := Check{Area: "passes", Item: "deny list", OK: s.Deny == trust.DenyComplete,
		Detail: fmt.Sprintf("%d revoked passes held, of at most %d", s.Denied, s.MaxDenied)}
	switch s.Deny {
	case trust.DenyFull:
		deny.Detail = fmt.Sprintf("the upstream lists more revoked passes than this kiosk holds (%d, passes.max_denied): "+
			"passes are not trusted offline", s.MaxDenied)
		deny.Fix = "raise passes.max_denied if this device has the memory (about 60 bytes each), " +
			"or ask the upstream's operator why the list is so long"
	case trust.DenyBehind:
		deny.Detail = fmt.Sprintf("%d revoked passes held, more to load: passes are not trusted offline until the list is whole", s.Denied)
		deny.Fix = "let the kiosk stay online; each refresh loads more"
	}
	return []Check{keys, deny}
}
