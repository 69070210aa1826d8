package console

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/webqr"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// The operator's actions: revoke a credential or a pass, set a venue's
// capacity, issue an enrolment code, rotate the issuer keys. Each is a
// form posted with the session's CSRF token (the wrapper checks it), asked
// again on a confirmation page (the pages run no script, so no dialog: the
// form comes back with confirm=yes), done by the backend, which writes it
// to the audit trail naming the operator, and followed by a fresh fleet
// view so the next page shows it.

// confirmField is the field a confirmation page adds to the form.
const confirmField = "confirm"

// hiddenField is a form field a confirmation page carries on.
type hiddenField struct{ Name, Value string }

// confirmed says whether the form came from the confirmation page; if not,
// it answers with that page, asking question, and returns false.
func confirmed(r *http.Request, question, button string) (bool, string, page) {
	if r.PostFormValue(confirmField) == "yes" {
		return true, "", page{}
	}
	var fields []hiddenField
	for name, vs := range r.PostForm {
		if name == "csrf" || name == confirmField || len(vs) == 0 {
			continue
		}
		fields = append(fields, hiddenField{Name: name, Value: vs[0]})
	}
	slices.SortFunc(fields, func(a, b hiddenField) int { return strings.Compare(a.Name, b.Name) })
	back := r.Referer()
	if !strings.HasPrefix(back, "/") && !strings.Contains(back, "://"+r.Host+"/") {
		back = "/ui/"
	}
	return false, "confirm.tmpl", page{Title: "Confirm", Data: map[string]any{"Question": question, "Button": button,
		"Action": r.URL.Path, "Fields": fields, "Back": back}}
}

// done answers an action with what happened and where to go on.
func done(notice, link, linkText string) (string, page, error) {
	return "done.tmpl", page{Title: "Done", Data: map[string]any{"Notice": notice, "Link": link, "LinkText": linkText}}, nil
}

// refused answers an action that was not done, saying why.
func refused(w http.ResponseWriter, msg string, code int) (string, page, error) {
	uiHeaders(w)
	http.Error(w, msg, code)
	return "", page{}, nil
}

// actor is the operator a request is from (its credential's public id).
func actor(r *http.Request) string { return backend.Actor(r.Context()) }

// refresh makes a new fleet view after an action; a failure is logged (the
// action is done, the next view shows it).
func (s *Console) refresh(r *http.Request) {
	if _, err := s.b.RefreshFleet(r.Context()); err != nil {
		s.log.Error("fleet view after an action", "error", err.Error())
	}
}

func (s *Console) isStatic(id string) bool {
	for _, k := range backend.CredentialKinds {
		for _, c := range s.b.ConfiguredCredentials(k) {
			if c.ID == id {
				return true
			}
		}
	}
	return false
}

func (s *Console) actRevokeCredential(w http.ResponseWriter, r *http.Request) (string, page, error) {
	id := strings.TrimSpace(r.PostFormValue("id"))
	if id == "" || len(id) > 64 || wire.TextProblem(id) != "" {
		return refused(w, "name the credential to revoke by its id", http.StatusBadRequest)
	}
	if s.isStatic(id) {
		return refused(w, backend.ErrStaticCredential.Error(), http.StatusConflict)
	}
	what := "credential " + id
	if f, err := s.b.Fleet(r.Context()); err == nil {
		if cs, _ := f.FindCredentials(backend.CredentialQuery{Search: id, Limit: backend.MaxPageRows}); len(cs) > 0 {
			for _, c := range cs {
				if c.ID == id {
					what = credWhat(c)
				}
			}
		}
	}
	if id == actor(r) {
		what += " — your own: this ends your session"
	}
	if ok, name, p := confirmed(r, "Revoke "+what+"? Whoever holds it is refused from now on (other replicas within a minute).", "Revoke"); !ok {
		return name, p, nil
	}
	err := s.b.RevokeCredential(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return refused(w, "no credential has the id "+safetext.Clean(id, 64), http.StatusNotFound)
	}
	if err != nil {
		return "", page{}, err
	}
	s.refresh(r)
	return done("Revoked "+safetext.Clean(what, 200)+".", "/ui/credentials?q="+urlQuery(id), "Back to the credentials")
}

// credWhat names a credential in words.
func credWhat(c store.CredentialInfo) string {
	what := string(c.Kind) + " credential " + c.ID
	switch c.Kind {
	case store.KindDevice:
		what = "device token " + c.ID + " of venue " + c.Venue
	case store.KindOwner:
		what = "owner's credential " + c.ID + " of venue " + c.Venue
	case store.KindOperator:
		what = "operator credential " + c.ID
	}
	if c.Label != "" {
		what += " (" + c.Label + ")"
	}
	return safetext.Clean(what, 200)
}

func (s *Console) actRevokePass(w http.ResponseWriter, r *http.Request) (string, page, error) {
	id := strings.ToLower(strings.TrimSpace(r.PostFormValue("pass")))
	if id == "" || len(id) > 128 || !isLowerHex(id) {
		return refused(w, "a pass id is the hex the pass carries (the wallet and the kiosks' logs show it)", http.StatusBadRequest)
	}
	if ok, name, p := confirmed(r, "Revoke pass "+id+"? Every kiosk refuses it once it has fetched the deny list.", "Revoke the pass"); !ok {
		return name, p, nil
	}
	err := s.b.RevokePass(r.Context(), id)
	if errors.Is(err, store.ErrUnknownPass) {
		return refused(w, "no pass with the id "+id+" was issued here", http.StatusNotFound)
	}
	if err != nil {
		return "", page{}, err
	}
	return done("Pass "+id+" is on the deny list.", "/ui/keys", "Back to keys and revoked passes")
}

func (s *Console) actCapacity(w http.ResponseWriter, r *http.Request) (string, page, error) {
	venue := r.PostFormValue("venue")
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("capacity")))
	if err != nil {
		return refused(w, "the capacity is a whole number (0 for none)", http.StatusBadRequest)
	}
	if _, err := s.b.Venue(r.Context(), venue); errors.Is(err, store.ErrNotFound) {
		return refused(w, "no such venue", http.StatusNotFound)
	}
	q := fmt.Sprintf("Set the capacity of venue %s to %d? Its kiosks refuse entry once it is full, from their next poll.", venue, n)
	if n == 0 {
		q = "Remove the capacity of venue " + venue + "? Its kiosks stop counting against a limit."
	}
	if ok, name, p := confirmed(r, safetext.Clean(q, 300), "Set the capacity"); !ok {
		return name, p, nil
	}
	_, err = s.b.SetVenueCapacity(r.Context(), actor(r), venue, n)
	var inv *backend.InvalidError
	switch {
	case errors.As(err, &inv):
		return refused(w, err.Error(), http.StatusBadRequest)
	case errors.Is(err, store.ErrNotFound):
		return refused(w, "no such venue", http.StatusNotFound)
	case err != nil:
		return "", page{}, err
	}
	s.refresh(r)
	return done(fmt.Sprintf("Venue %s: capacity %d.", safetext.Clean(venue, 64), n), venueLink(venue), "Back to the venue")
}

// ttlChoices are the lives an operator may give an enrolment code.
var ttlChoices = []struct{ Value, Label string }{{"30m", "30 minutes"}, {"2h", "2 hours"}, {"24h", "24 hours"}, {"168h", "7 days"}}

func (s *Console) actEnrolCode(w http.ResponseWriter, r *http.Request) (string, page, error) {
	f := r.PostFormValue
	venue, door, mode := f("venue"), strings.TrimSpace(f("door")), f("mode")
	ttl, err := time.ParseDuration(f("ttl"))
	if err != nil {
		ttl = backend.DefaultKioskCodeTTL
	}
	if _, err := s.b.Venue(r.Context(), venue); errors.Is(err, store.ErrNotFound) {
		return refused(w, "no such venue", http.StatusNotFound)
	}
	q := fmt.Sprintf("Issue a one-time enrolment code for a new %s kiosk at door %q of venue %s, valid for %s? Whoever reads it can enrol one kiosk.",
		mode, door, venue, ttl)
	if ok, name, p := confirmed(r, safetext.Clean(q, 300), "Issue the code"); !ok {
		return name, p, nil
	}
	code, e, err := s.b.NewKioskCode(r.Context(), actor(r), venue, door, mode, ttl)
	var inv *backend.InvalidError
	switch {
	case errors.As(err, &inv):
		return refused(w, err.Error(), http.StatusBadRequest)
	case errors.Is(err, store.ErrNotFound):
		return refused(w, "no such venue", http.StatusNotFound)
	case code == "":
		return "", page{}, err
	case err != nil:
		s.log.Warn("enrolment code made but not audited", "error", err.Error())
	}
	url := s.publicAddress(r)
	svg, err := webqr.SVG(wire.KioskEnrolPayload(code, url), "enrolment code")
	if err != nil {
		return "", page{}, err
	}
	return "code.tmpl", page{Title: "Enrolment code", Refresh: -1, Data: map[string]any{"Code": wire.GroupKioskCode(code), "QR": svg,
		"URL": url, "Venue": safetext.Clean(venue, 64), "VenueLink": venueLink(venue), "Device": safetext.Clean(e.Device, 64),
		"Door": safetext.Clean(e.Door, 64), "Mode": e.Mode, "Expires": e.Expires.UTC().Format("2006-01-02 15:04 MST")}}, nil
}

// publicAddress is the upstream's address as kiosks reach it.
func (s *Console) publicAddress(r *http.Request) string {
	if s.publicURL != "" {
		return strings.TrimRight(s.publicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || s.proxies.Secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Console) actRotateKeys(w http.ResponseWriter, r *http.Request) (string, page, error) {
	grace := backend.DefaultGrace
	if v := strings.TrimSpace(r.PostFormValue("grace")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > 90*24*time.Hour {
			return refused(w, "the grace period is a duration such as 48h, at most 2160h", http.StatusBadRequest)
		}
		grace = d
	}
	q := fmt.Sprintf("Rotate the issuer keys? New passes are signed with a new key; the current one stays valid for %s, so the passes it signed last that long.", grace)
	if ok, name, p := confirmed(r, q, "Rotate"); !ok {
		return name, p, nil
	}
	kid, err := s.b.RotateKeys(r.Context(), grace)
	if err != nil {
		return "", page{}, err
	}
	return done("New current key "+safetext.Clean(kid, 16)+"; the previous keys stay valid for "+grace.String()+".", "/ui/keys", "Back to the keys")
}
