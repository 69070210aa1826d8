package console

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire/iin"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// The credentials page (every stored credential, searched and paged, with
// a revoke button; the ones configured in memory listed apart) and the
// audit page (who read or changed what, newest first, IINs masked).

func urlQuery(s string) string { return url.QueryEscape(s) }

// credRow is a credential as the pages show it.
type credRow struct {
	ID, Kind, Venue, VenueLink, Label, Created, Revoked string
	Static                                              bool
}

func credRows(cs []store.CredentialInfo) []credRow {
	out := make([]credRow, len(cs))
	for i, c := range cs {
		out[i] = credRow{ID: safetext.Clean(c.ID, 64), Kind: string(c.Kind), Venue: safetext.Clean(c.Venue, 64),
			Label: safetext.Clean(c.Label, 80), Created: c.Created.UTC().Format("2006-01-02 15:04")}
		if c.Venue != "" {
			out[i].VenueLink = venueLink(c.Venue)
		}
		if !c.Revoked.IsZero() {
			out[i].Revoked = c.Revoked.UTC().Format("2006-01-02 15:04")
		}
	}
	return out
}

func (s *Console) pageCredentials(w http.ResponseWriter, r *http.Request) (string, page, error) {
	f, err := s.b.Fleet(r.Context())
	if err != nil {
		return "", page{}, err
	}
	qs := r.URL.Query()
	q := backend.CredentialQuery{Kind: store.CredentialKind(qs.Get("kind")), Search: strings.TrimSpace(qs.Get("q")),
		Live: qs.Get("live") != "", Offset: offset(r), Limit: pageRows}
	if !slices.Contains(backend.CredentialKinds, q.Kind) {
		q.Kind = ""
	}
	cs, total := f.FindCredentials(q)
	var static []credRow
	for _, k := range backend.CredentialKinds {
		for _, c := range credRows(s.b.ConfiguredCredentials(k)) {
			c.Static = true
			static = append(static, c)
		}
	}
	return "credentials.tmpl", page{Title: "Credentials and revocations", Data: map[string]any{
		"Creds": credRows(cs), "Pager": newPager(r, q.Offset, len(cs), total, f), "Static": static, "Kinds": backend.CredentialKinds,
		"Kind": string(q.Kind), "Search": safetext.Clean(q.Search, 64), "Live": q.Live, "Me": actor(r)}}, nil
}

// auditRow is an audit entry as the page shows it: the IIN masked.
type auditRow struct {
	Seq                                   uint64
	At, Kind, Actor, Subject, IIN, Detail string
	Read, Change                          bool
}

func (s *Console) pageAudit(w http.ResponseWriter, r *http.Request) (string, page, error) {
	qs := r.URL.Query()
	q := audit.Query{Newest: true, Kind: strings.TrimSpace(qs.Get("kind")), Limit: pageRows}
	if len(q.Kind) > audit.MaxKindBytes {
		return refused(w, "kind: at most 64 bytes", http.StatusBadRequest)
	}
	if before, err := strconv.ParseUint(qs.Get("before"), 10, 64); err == nil {
		q.Before = before
	}
	person := strings.TrimSpace(qs.Get("iin"))
	if person != "" {
		if err := iin.Validate(person); err != nil {
			return refused(w, "iin: "+err.Error(), http.StatusBadRequest)
		}
		q.IIN = person
		// Whose data was read or changed is itself a reading of that
		// person's trail: recorded, with the IIN, before it is shown.
		if err := s.b.NoteIINRead(r.Context(), actor(r), "the console's audit page (the person's trail)", []string{person}); err != nil {
			return "", page{}, err
		}
	}
	entries, more, err := s.b.Audit(r.Context(), q, false, actor(r))
	if err != nil {
		return "", page{}, err
	}
	rows := make([]auditRow, len(entries))
	for i, e := range entries { // Audit masked them
		rows[i] = auditRow{Seq: e.Seq, At: e.At.UTC().Format(uiTime), Kind: string(e.Kind), Actor: safetext.Clean(e.Actor, 64),
			Subject: safetext.Clean(e.Subject, audit.MaxSubjectRunes), IIN: e.IIN, Detail: safetext.Clean(e.Detail, audit.MaxDetailRunes),
			Read:   e.Kind == audit.IINRead || e.Kind == backend.EventRecordsRead || e.Kind == backend.EventOwnerExport,
			Change: strings.HasPrefix(string(e.Kind), "operator.") || strings.HasPrefix(string(e.Kind), "owner.") || e.Kind == audit.StatusChanged}
	}
	var next, newest string
	if more && len(entries) > 0 {
		v := url.Values{"before": {strconv.FormatUint(entries[len(entries)-1].Seq, 10)}}
		if q.Kind != "" {
			v.Set("kind", q.Kind)
		}
		if person != "" {
			v.Set("iin", person)
		}
		next = "/ui/audit?" + v.Encode()
	}
	if q.Before > 0 {
		v := url.Values{}
		if q.Kind != "" {
			v.Set("kind", q.Kind)
		}
		if person != "" {
			v.Set("iin", person)
		}
		newest = "/ui/audit?" + v.Encode()
	}
	kinds := []struct{ Value, Label string }{{"", "everything"}, {"iin.read", "full IINs read"}, {"records.", "looks at people's records"}, {"operator.", "operators' changes"},
		{"owner.", "owners' changes and exports"}, {"security.", "security: logins, credentials, keys, passes"},
		{"status.", "people's colour changes"}, {"fact.", "health facts received"}, {"device.", "kiosks enrolled"}}
	return "audit.tmpl", page{Title: "Audit trail", Data: map[string]any{"Rows": rows, "Next": next, "Newest": newest,
		"Kind": q.Kind, "Kinds": kinds, "IIN": iin.Mask(person), "Filtered": person != "", "First": q.Before == 0}}, nil
}
