package tui

import (
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/syncer"
)

// problemKeys words every syncer.Problem in the catalog's language; the
// syncer's own English is for the log.
var problemKeys = map[syncer.Problem]i18n.Key{
	syncer.ProblemUnreachable:      i18n.ProblemUnreachable,
	syncer.ProblemTimeout:          i18n.ProblemTimeout,
	syncer.ProblemConnRefused:      i18n.ProblemConnRefused,
	syncer.ProblemDNS:              i18n.ProblemDNS,
	syncer.ProblemReset:            i18n.ProblemReset,
	syncer.ProblemBusy:             i18n.ProblemBusy,
	syncer.ProblemServerError:      i18n.ProblemServerError,
	syncer.ProblemTokenRefused:     i18n.ProblemTokenRefused,
	syncer.ProblemRefusedBatch:     i18n.ProblemRefusedBatch,
	syncer.ProblemBadAnswer:        i18n.ProblemBadAnswer,
	syncer.ProblemOutboxFull:       i18n.ProblemOutboxFull,
	syncer.ProblemOutboxUnreadable: i18n.ProblemOutboxUnreadable,
}

// problemText is p in the catalog's language, with the HTTP status where
// the message has room for one; "" for ProblemNone.
func problemText(c i18n.Catalog, p syncer.Problem, status int) string {
	k, ok := problemKeys[p]
	switch {
	case p == syncer.ProblemNone:
		return ""
	case !ok:
		k = i18n.ProblemUnreachable
	}
	switch p {
	case syncer.ProblemBusy, syncer.ProblemServerError, syncer.ProblemTokenRefused, syncer.ProblemRefusedBatch:
		return c.F(k, status)
	}
	return c.T(k)
}
