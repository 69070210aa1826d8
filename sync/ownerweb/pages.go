package ownerweb

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/report"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/webqr"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

var funcs = template.FuncMap{
	"clean": func(s string) string { return safetext.Clean(s, 80) },
}

const dayLayout = "2006-01-02"

// doorRow is a door as the pages show it.
type doorRow struct {
	Device, Door, Mode, ModeSet, Policy, LastSeen, Ago, OfflineSince, Oldest, Version string
	Pending, Gaps, Capacity                                                           int
	Received                                                                          int64
	Offline, Never                                                                    bool
}

func (p *Pages) doorRows(doors []backend.DoorState, loc *time.Location) []doorRow {
	now := p.b.Now()
	out := make([]doorRow, len(doors))
	for i, d := range doors {
		r := doorRow{Device: safetext.Clean(d.Device, 64), Door: safetext.Clean(d.Door, 64), Mode: d.Mode, ModeSet: d.ModeSet,
			Policy: d.Policy, Capacity: d.Capacity, Pending: d.Pending, Gaps: d.Gaps, Received: d.Received, Version: safetext.Clean(d.Version, 32),
			Offline: !d.OfflineSince.IsZero(), Never: d.LastSeen.IsZero()}
		if !d.LastSeen.IsZero() {
			r.LastSeen = d.LastSeen.In(loc).Format("2006-01-02 15:04:05")
			r.Ago = ago(now.Sub(d.LastSeen))
		}
		if r.Offline {
			r.OfflineSince = d.OfflineSince.In(loc).Format("2006-01-02 15:04")
		}
		if d.Pending > 0 && !d.OldestPending.IsZero() {
			r.Oldest = ago(now.Sub(d.OldestPending))
		}
		out[i] = r
	}
	return out
}

// ago says a duration the way a person reads it.
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s ago", int(max(d, 0)/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h %02d min ago", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	return fmt.Sprintf("%d days ago", int(d/(24*time.Hour)))
}

func (p *Pages) summary(q *req) (backend.OwnerSummary, error) {
	s, err := p.b.OwnerSummary(q.r.Context(), q.venue)
	if errors.Is(err, store.ErrNotFound) { // a venue with nothing yet
		loc := time.UTC
		return backend.OwnerSummary{Venue: store.Venue{Name: q.venue}, Location: loc, AsOf: p.b.Now(),
			Today: store.HourCount{Hour: backend.DayStart(p.b.Now(), loc)}}, nil
	}
	return s, err
}

func (p *Pages) pageNow(q *req) error {
	s, err := p.summary(q)
	if err != nil {
		return err
	}
	full := s.Venue.Capacity > 0 && s.Inside >= uint64(s.Venue.Capacity)
	offline := 0
	for _, d := range s.Doors {
		if !d.OfflineSince.IsZero() {
			offline++
		}
	}
	data := map[string]any{"Inside": s.Inside, "Capacity": s.Venue.Capacity, "Full": full, "Today": s.Today,
		"Day": s.Today.Hour.Format("Monday 2 January"), "Zone": s.Location.String(), "Doors": p.doorRows(s.Doors, s.Location),
		"Offline": offline, "SilentAfter": p.b.SilentAfter().String()}
	v := view{Title: "Now", Venue: q.venue, Nav: "now", LoggedIn: true, CSRF: q.who.CSRFToken(), Refresh: refresh, Data: data}
	p.render(q.w, "now.tmpl", http.StatusOK, v)
	return nil
}

// chartToday draws today's hours as SVG for the "now" page.
func (p *Pages) chartToday(q *req) error {
	s, err := p.summary(q)
	if err != nil {
		return err
	}
	per := report.Period{Venue: q.venue, From: s.Today.Hour, To: s.Today.Hour.AddDate(0, 0, 1), Location: s.Location}
	svg, err := report.HourChart(report.ByHourOfDay(per, s.Hours), report.DayTitle(s.Today.Hour), report.SVG, 900, 300)
	if err != nil {
		return err
	}
	h := q.w.Header()
	// An SVG shown as an image runs nothing; its own styles are inline.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.Set("Content-Type", "image/svg+xml")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err = q.w.Write(svg)
	return err
}

// policyChoices are the offline policies an owner may pick, in words.
var policyChoices = []struct{ Value, Label string }{
	{"", "each kiosk's own setting"},
	{"ask", "ask: refused unless door staff let the person in with their code (recommended)"},
	{"refuse", "refuse: nobody unchecked comes in"},
	{"admit", "admit: let unchecked people in, recorded as not checked"},
}

func (p *Pages) settingsData(q *req, s backend.OwnerSummary) map[string]any {
	return map[string]any{"V": s.Venue, "MaxStay": int(s.Venue.MaxStay / time.Minute), "Policies": policyChoices,
		"Doors": p.doorRows(s.Doors, s.Location)}
}

func (p *Pages) pageSettings(q *req) error {
	s, err := p.summary(q)
	if err != nil {
		return err
	}
	return q.page(p, "settings.tmpl", "settings", "Settings", p.settingsData(q, s))
}

func (p *Pages) settingsAgain(q *req, code int, msg, notice string) error {
	s, err := p.summary(q)
	if err != nil {
		return err
	}
	p.render(q.w, "settings.tmpl", code, view{Title: "Settings", Venue: q.venue, Nav: "settings", LoggedIn: true,
		CSRF: q.who.CSRFToken(), Error: msg, Notice: notice, Data: p.settingsData(q, s)})
	return nil
}

func (p *Pages) postSettings(q *req) error {
	f := q.r.PostFormValue
	var set backend.OwnerSettings
	var errs []string
	atoi := func(name, v string) *int {
		v = strings.TrimSpace(v)
		if v == "" {
			v = "0"
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, name+" must be a whole number")
			return nil
		}
		return &n
	}
	set.Capacity = atoi("Capacity", f("capacity"))
	set.MaxStayMinutes = atoi("Maximum stay", f("max_stay"))
	closing, zone, policy := strings.TrimSpace(f("closing_time")), strings.TrimSpace(f("time_zone")), f("offline_policy")
	set.ClosingTime, set.TimeZone, set.OfflinePolicy = &closing, &zone, &policy
	if len(errs) > 0 {
		return p.settingsAgain(q, http.StatusBadRequest, strings.Join(errs, "; "), "")
	}
	_, err := p.b.SetOwnerSettings(q.r.Context(), q.who.Credential.ID, q.venue, set)
	var inv *backend.InvalidError
	switch {
	case errors.As(err, &inv):
		return p.settingsAgain(q, http.StatusBadRequest, err.Error(), "")
	case errors.Is(err, store.ErrNotFound):
		return p.settingsAgain(q, http.StatusNotFound, "Your venue is not set up yet: ask your operator.", "")
	case err != nil:
		return err
	}
	return p.settingsAgain(q, http.StatusOK, "", "Saved. The kiosks pick the change up within a minute.")
}

func (p *Pages) postDoorMode(q *req) error {
	device := q.r.PathValue("device")
	// Only a door this venue has may be set: a name from nowhere is not
	// made into a door.
	doors, err := p.b.Doors(q.r.Context(), q.venue)
	if err != nil {
		return err
	}
	known := false
	for _, d := range doors {
		known = known || d.Device == device
	}
	if !known {
		headers(q.w)
		http.Error(q.w, "your venue has no such door", http.StatusNotFound)
		return nil
	}
	err = p.b.SetDoorMode(q.r.Context(), q.who.Credential.ID, q.venue, device, q.r.PostFormValue("mode"))
	var inv *backend.InvalidError
	if errors.As(err, &inv) {
		return p.settingsAgain(q, http.StatusBadRequest, err.Error(), "")
	}
	if err != nil {
		return err
	}
	return p.settingsAgain(q, http.StatusOK, "", "Door "+safetext.Clean(device, 64)+" saved. It picks the change up within a minute.")
}

// eventRow is a record as the pages show it (its IIN masked already).
type eventRow struct {
	Time, Door, Device, Kind, KindClass, IIN, Status, How, Why string
}

func eventRows(evs []wire.Event, loc *time.Location) []eventRow {
	out := make([]eventRow, len(evs))
	for i, e := range evs {
		why := report.ReasonWord(e.Reason)
		if e.Staff != "" {
			why += " (by " + safetext.Clean(e.Staff, 30) + ")"
		}
		out[i] = eventRow{Time: e.ScannedAt.In(loc).Format("15:04:05"), Door: safetext.Clean(e.Door, 40),
			Device: safetext.Clean(e.Device, 40), Kind: kindWord(e.Kind), KindClass: string(e.Kind),
			IIN: safetext.Clean(e.IIN, 12), Status: string(e.Status), How: howWord(e.Source), Why: why}
		if e.Source.Unchecked() {
			out[i].KindClass += " unchecked"
		}
	}
	return out
}

func kindWord(k wire.Kind) string {
	switch k {
	case wire.Refusal:
		return "refused"
	case wire.Override:
		return "let in by staff"
	}
	return string(k)
}

func howWord(s wire.Source) string {
	switch s {
	case wire.SourceOnline:
		return "checked online"
	case wire.SourcePass:
		return "signed pass (offline)"
	case wire.SourceCache:
		return "saved status (offline)"
	case wire.SourceUnchecked, wire.SourceNone:
		return "NOT CHECKED"
	case wire.SourceSkipped:
		return "—"
	}
	return string(s)
}

// parseDay reads a day (YYYY-MM-DD) in loc; "" is today.
func (p *Pages) parseDay(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return backend.DayStart(p.b.Now(), loc), nil
	}
	d, err := time.ParseInLocation(dayLayout, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a day (YYYY-MM-DD)", safetext.Clean(s, 20))
	}
	return d, nil
}

func (p *Pages) pageVisits(q *req) error {
	s, err := p.summary(q)
	if err != nil {
		return err
	}
	qs := q.r.URL.Query()
	day, err := p.parseDay(qs.Get("day"), s.Location)
	if err != nil {
		headers(q.w)
		http.Error(q.w, err.Error(), http.StatusBadRequest)
		return nil
	}
	end := day.AddDate(0, 0, 1)
	// The owner sees people's records (masked): who looked is recorded.
	if err := p.b.NoteRecordsRead(q.r.Context(), q.who.Credential.ID, q.venue, "the owner's visits of "+day.Format(dayLayout)+" (IINs masked)"); err != nil {
		return err
	}
	page, err := p.b.OwnerEvents(q.r.Context(), q.venue, day, end, qs.Get("after"), visitsPage)
	if errors.Is(err, store.ErrBadCursor) {
		headers(q.w)
		http.Error(q.w, "that page link is not one these pages made", http.StatusBadRequest)
		return nil
	}
	if err != nil {
		return err
	}
	hours, err := p.b.HourCounts(q.r.Context(), q.venue, day, end)
	if err != nil {
		return err
	}
	data := map[string]any{"Day": day.Format(dayLayout), "DayText": day.Format("Monday 2 January 2006"),
		"Prev": day.AddDate(0, 0, -1).Format(dayLayout), "Next": end.Format(dayLayout), "Events": eventRows(page.Events, s.Location),
		"More": page.More, "After": page.Resume, "First": qs.Get("after") == "", "Totals": report.Totals(hours),
		"Zone": s.Location.String()}
	return q.page(p, "visits.tmpl", "visits", "Visits", data)
}

func (p *Pages) pageExport(q *req) error {
	s, err := p.summary(q)
	if err != nil {
		return err
	}
	today := backend.DayStart(p.b.Now(), s.Location)
	data := map[string]any{"From": today.AddDate(0, 0, -6).Format(dayLayout), "To": today.Format(dayLayout),
		"Max": backend.MaxExportDays, "Zone": s.Location.String()}
	return q.page(p, "export.tmpl", "export", "Export for an inspector", data)
}

// download sends a period's export: format pdf, records (CSV) or hours
// (CSV), days from and to (the last included) in the venue's zone.
func (p *Pages) download(q *req) error {
	s, err := p.summary(q)
	if err != nil {
		return err
	}
	qs := q.r.URL.Query()
	bad := func(msg string) error {
		headers(q.w)
		http.Error(q.w, msg, http.StatusBadRequest)
		return nil
	}
	from, err := p.parseDay(qs.Get("from"), s.Location)
	if err != nil {
		return bad("from: " + err.Error())
	}
	last, err := p.parseDay(qs.Get("to"), s.Location)
	if err != nil {
		return bad("to: " + err.Error())
	}
	to := last.AddDate(0, 0, 1)
	if err := backend.CheckPeriod(from, to); err != nil {
		return bad(err.Error())
	}
	per := report.Period{Venue: q.venue, From: from, To: to, Location: s.Location, Generated: p.b.Now(), By: q.who.Credential.ID}
	format := qs.Get("format")
	var ext, ctype string
	switch format {
	case "pdf":
		ext, ctype = "pdf", "application/pdf"
	case "records":
		ext, ctype = "records.csv", "text/csv; charset=utf-8"
	case "hours":
		ext, ctype = "hours.csv", "text/csv; charset=utf-8"
	default:
		return bad("format must be pdf, records or hours")
	}
	ctx := q.r.Context()
	if err := p.b.NoteExport(ctx, q.who.Credential.ID, q.venue, format, from, to); err != nil {
		return err
	}
	hours, err := p.b.HourCounts(ctx, q.venue, from, to)
	if err != nil {
		return err
	}
	each := func(fn func([]wire.Event) error) error { return p.b.EachOwnerEvent(ctx, q.venue, from, to, fn) }
	h := q.w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+report.FileName(per, ext)+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	switch format {
	case "pdf":
		err = report.WritePDF(q.w, per, hours, each)
	case "records":
		err = report.WriteRecordsCSV(q.w, per, each)
	default:
		err = report.WriteHoursCSV(q.w, per, hours)
	}
	if err != nil {
		// Part of the answer may be out: the download breaks rather than
		// ending cleanly with half a file.
		p.log.Error("owner export", "format", format, "error", err.Error())
		panic(http.ErrAbortHandler)
	}
	return nil
}

// codeCard is one printable door code.
type codeCard struct {
	Door, Mode, Payload string
	QR                  template.HTML
}

func (p *Pages) pageCodes(q *req) error {
	doors, err := p.b.Doors(q.r.Context(), q.venue)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var cards []codeCard
	add := func(door, mode string) error {
		if door == "" || (mode != store.ModeEntrance && mode != store.ModeExit) || seen[door+"/"+mode] {
			return nil
		}
		seen[door+"/"+mode] = true
		payload := scannerVenuePrefix + q.venue + "/" + door + "/" + mode
		svg, err := webqr.SVG(payload, mode+" code of door "+door)
		if err != nil {
			return err
		}
		cards = append(cards, codeCard{Door: safetext.Clean(door, 64), Mode: mode, Payload: safetext.Clean(payload, 200), QR: svg})
		return nil
	}
	for _, d := range doors {
		mode := d.ModeSet
		if mode == "" {
			mode = d.Mode
		}
		if err := add(d.Door, mode); err != nil {
			return err
		}
	}
	if len(cards) == 0 { // no door has said its name yet: the usual pair
		for _, m := range []string{store.ModeEntrance, store.ModeExit} {
			if err := add("main", m); err != nil {
				return err
			}
		}
	}
	return q.page(p, "codes.tmpl", "codes", "Door codes to print", map[string]any{"Cards": cards})
}

// scannerVenuePrefix starts a venue's door code (scanner.VenuePrefix and
// the wallet's venue.js): AQV1:<venue>/<door>/<mode>.
const scannerVenuePrefix = "AQV1:"

// ttlChoices are the lives an owner may give an enrolment code.
var ttlChoices = []struct {
	Value, Label string
}{{"30m", "30 minutes"}, {"2h", "2 hours"}, {"24h", "24 hours"}, {"168h", "7 days"}}

func (p *Pages) addDoorData(q *req) (map[string]any, error) {
	codes, err := p.b.KioskCodes(q.r.Context(), q.venue)
	if err != nil {
		return nil, err
	}
	now := p.b.Now()
	type codeRow struct{ ID, Device, Door, Mode, Created, State string }
	var rows []codeRow
	for _, c := range codes {
		state := "waiting, until " + c.Expires.Format("2006-01-02 15:04 MST")
		switch {
		case !c.Used.IsZero():
			state = "used " + c.Used.Format("2006-01-02 15:04 MST")
		case !now.Before(c.Expires):
			state = "expired"
		}
		rows = append(rows, codeRow{ID: c.ID, Device: safetext.Clean(c.Device, 64), Door: safetext.Clean(c.Door, 64), Mode: c.Mode,
			Created: c.Created.Format("2006-01-02 15:04 MST"), State: state})
	}
	return map[string]any{"Codes": rows, "TTLs": ttlChoices}, nil
}

func (p *Pages) pageAddDoor(q *req) error {
	data, err := p.addDoorData(q)
	if err != nil {
		return err
	}
	return q.page(p, "adddoor.tmpl", "add", "Add a door", data)
}

func (p *Pages) postAddDoor(q *req) error {
	f := q.r.PostFormValue
	ttl, err := time.ParseDuration(f("ttl"))
	if err != nil {
		ttl = backend.DefaultKioskCodeTTL
	}
	code, e, err := p.b.NewKioskCode(q.r.Context(), q.who.Credential.ID, q.venue, strings.TrimSpace(f("door")), f("mode"), ttl)
	var inv *backend.InvalidError
	if errors.As(err, &inv) || errors.Is(err, store.ErrNotFound) {
		data, derr := p.addDoorData(q)
		if derr != nil {
			return derr
		}
		msg := err.Error()
		if errors.Is(err, store.ErrNotFound) {
			msg = "Your venue is not set up yet: ask your operator."
		}
		p.render(q.w, "adddoor.tmpl", http.StatusBadRequest, view{Title: "Add a door", Venue: q.venue, Nav: "add", LoggedIn: true,
			CSRF: q.who.CSRFToken(), Error: msg, Data: data})
		return nil
	}
	if code == "" {
		return err
	}
	if err != nil {
		p.log.Warn("enrolment code made but not audited", "error", err.Error())
	}
	url := p.publicURL(q.r)
	svg, err := webqr.SVG(wire.KioskEnrolPayload(code, url), "enrolment code")
	if err != nil {
		return err
	}
	data := map[string]any{"Code": wire.GroupKioskCode(code), "QR": svg, "URL": url, "Device": e.Device, "Door": e.Door,
		"Mode": e.Mode, "Expires": e.Expires.Format("2006-01-02 15:04 MST"), "Minutes": int(e.Expires.Sub(p.b.Now()) / time.Minute)}
	return q.page(p, "code.tmpl", "add", "Enrol the new kiosk", data)
}
