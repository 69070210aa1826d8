package console

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// The fleet's pages: venues and devices by the thousand, searched, sorted
// and paged over the backend's fleet view (no page walks the fleet), and
// one venue or device read live from the store.

// pageRows is how many rows a fleet page shows.
const pageRows = 50

// maxVenueDevices bounds the devices a venue's page lists (read live);
// the devices page pages through any number.
const maxVenueDevices = 200

// pager says which rows of how many a page shows, as of when, and links
// to the pages before and after.
type pager struct {
	From, To, Total int
	AsOf, Took      string
	Prev, Next      string
}

// newPager makes the pager of a page of shown rows from offset, linking
// to the same URL with another "from".
func newPager(r *http.Request, offset, shown, total int, f *backend.FleetView) pager {
	p := pager{Total: total}
	if shown > 0 {
		p.From, p.To = offset+1, offset+shown
	}
	if f != nil {
		p.AsOf = f.AsOf.UTC().Format(uiTime)
		p.Took = f.Took.Round(time.Millisecond).String()
	}
	link := func(from int) string {
		q := r.URL.Query()
		q.Set("from", strconv.Itoa(from))
		return r.URL.Path + "?" + q.Encode()
	}
	if offset > 0 {
		p.Prev = link(max(offset-pageRows, 0))
	}
	if offset+shown < total {
		p.Next = link(offset + shown)
	}
	return p
}

// offset reads the "from" parameter: the first row's index.
func offset(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("from"))
	if err != nil || n < 0 {
		return 0
	}
	return min(n, 1<<30)
}

// venueRow is a venue as the pages show it.
type venueRow struct {
	Name, Link                        string
	Inside                            int64
	Capacity                          int
	Entries, Exits, Refusals, Lookups int64
	// Overrides: staff let a refused person in; Unchecked: events of
	// people no kiosk could check (entries, refusals and overrides).
	Overrides, Unchecked int64
	Devices, Silent      int
	Missing              uint64
	Full, Over           bool
	Alarms               int
}

func venueLink(name string) string { return "/ui/venues/" + url.PathEscape(name) }

func newVenueRow(v store.VenueSummary) venueRow {
	// The head count is people (presence), which an override adds to and
	// a repeated entry does not: not entries minus exits.
	inside := int64(v.Inside)
	return venueRow{Name: safetext.Clean(v.Name, 64), Link: venueLink(v.Name), Inside: inside, Capacity: v.Capacity,
		Entries: int64(v.Entries), Exits: int64(v.Exits), Refusals: int64(v.Refusals), Lookups: v.Lookups,
		Overrides: int64(v.Overrides), Unchecked: int64(v.Unchecked),
		Full: v.Capacity > 0 && inside >= int64(v.Capacity), Over: v.Capacity > 0 && inside > int64(v.Capacity)}
}

func newFleetVenueRow(v backend.FleetVenue) venueRow {
	r := newVenueRow(v.VenueSummary)
	r.Devices, r.Silent, r.Missing, r.Alarms = v.Devices, v.Silent, v.Missing, v.Alarms()
	return r
}

// sortHead is a column head that sorts the list by its column.
type sortHead struct {
	Label, Link, Mark string
	Num               bool
}

// sortHeads make the venue list's column heads: a click sorts by the
// column, largest first (names A to Z); a second click turns the order.
func sortHeads(r *http.Request, current string, desc bool) []sortHead {
	cols := []struct{ key, label string }{{"name", "Venue"}, {"alarms", "Alarms"}, {"inside", "Inside"}, {"capacity", "Capacity"},
		{"silent", "Silent doors"}, {"gaps", "Missing records"}, {"unchecked", "Not checked"}, {"overrides", "Let in by staff"},
		{"entries", "Entries"}, {"refusals", "Refusals"}}
	out := make([]sortHead, len(cols))
	for i, c := range cols {
		q := r.URL.Query()
		q.Del("from")
		q.Set("sort", c.key)
		d := c.key != "name"
		if c.key == current {
			d = !desc
		}
		q.Del("desc")
		if d {
			q.Set("desc", "1")
		}
		out[i] = sortHead{Label: c.label, Link: "/ui/?" + q.Encode(), Num: c.key != "name"}
		if c.key == current {
			out[i].Mark = "▲"
			if desc {
				out[i].Mark = "▼"
			}
		}
	}
	return out
}

func (s *Console) pageVenues(w http.ResponseWriter, r *http.Request) (string, page, error) {
	f, err := s.b.Fleet(r.Context())
	if err != nil {
		return "", page{}, err
	}
	qs := r.URL.Query()
	q := backend.VenueQuery{Search: strings.TrimSpace(qs.Get("q")), Sort: qs.Get("sort"), Desc: qs.Get("desc") != "",
		AlarmsOnly: qs.Get("alarms") != "", Offset: offset(r), Limit: pageRows}
	if !slices.Contains(backend.VenueSorts, q.Sort) {
		q.Sort = "alarms"
	}
	vs, total := f.FindVenues(q)
	rows := make([]venueRow, len(vs))
	for i, v := range vs {
		rows[i] = newFleetVenueRow(v)
	}
	return "venues.tmpl", page{Title: "Venues", Data: map[string]any{"Venues": rows, "Pager": newPager(r, q.Offset, len(rows), total, f),
		"Search": safetext.Clean(q.Search, 64), "AlarmsOnly": q.AlarmsOnly, "Heads": sortHeads(r, q.Sort, q.Desc),
		"AllVenues": len(f.Venues), "Silent": f.SilentDevices(), "AllDevices": len(f.Devices)}}, nil
}

// deviceRow is a device as the pages show it.
type deviceRow struct {
	Venue, VenueLink, Name, Link, LastSeen, Ago, Gaps string
	Received, Reused, Lookups                         int64
	MaxSeq, Missing                                   uint64
	Silent                                            bool
}

func deviceLink(venue, device string) string {
	return venueLink(venue) + "/devices/" + url.PathEscape(device)
}

func (s *Console) newDeviceRow(d store.DeviceRecord) deviceRow {
	ago := s.b.Now().Sub(d.LastSeen)
	var gaps []string
	for i, g := range d.Have.Gaps() {
		if i == 5 {
			gaps = append(gaps, "…")
			break
		}
		if g.From == g.To {
			gaps = append(gaps, fmt.Sprint(g.From))
		} else {
			gaps = append(gaps, fmt.Sprintf("%d–%d", g.From, g.To))
		}
	}
	return deviceRow{
		Venue: safetext.Clean(d.Venue, 64), VenueLink: venueLink(d.Venue), Name: safetext.Clean(d.Device, 64),
		Link:     deviceLink(d.Venue, d.Device),
		LastSeen: d.LastSeen.UTC().Format(uiTime), Ago: ago.Round(time.Second).String(),
		Gaps: strings.Join(gaps, ", "), Received: d.Received, Reused: d.Reused, Lookups: d.Lookups,
		MaxSeq: d.Have.Max(), Silent: ago >= s.b.SilentAfter(),
	}
}

func newFleetDeviceRow(f *backend.FleetView, d backend.FleetDevice) deviceRow {
	return deviceRow{Venue: safetext.Clean(d.Venue, 64), VenueLink: venueLink(d.Venue), Name: safetext.Clean(d.Device, 64),
		Link: deviceLink(d.Venue, d.Device), LastSeen: d.LastSeen.UTC().Format(uiTime),
		Ago: f.AsOf.Sub(d.LastSeen).Round(time.Second).String(), Received: d.Received, MaxSeq: d.MaxSeq, Missing: d.Missing,
		Silent: f.Silent(d)}
}

// pageDevices lists the fleet's devices: the longest silent first, or by
// name, or the most records missing first; searched by venue or device.
func (s *Console) pageDevices(w http.ResponseWriter, r *http.Request) (string, page, error) {
	return s.devicesPage(r, r.URL.Query().Get("silent") != "")
}

// pageAlarms is the devices page with the silent ones only.
func (s *Console) pageAlarms(w http.ResponseWriter, r *http.Request) (string, page, error) {
	return s.devicesPage(r, true)
}

func (s *Console) devicesPage(r *http.Request, silentOnly bool) (string, page, error) {
	f, err := s.b.Fleet(r.Context())
	if err != nil {
		return "", page{}, err
	}
	qs := r.URL.Query()
	q := backend.DeviceQuery{Search: strings.TrimSpace(qs.Get("q")), SilentOnly: silentOnly, Sort: qs.Get("sort"),
		Offset: offset(r), Limit: pageRows}
	if q.Sort != "name" && q.Sort != "gaps" {
		q.Sort = "silent"
	}
	ds, total := f.FindDevices(q)
	rows := make([]deviceRow, len(ds))
	for i, d := range ds {
		rows[i] = newFleetDeviceRow(f, d)
	}
	title := "Devices"
	if silentOnly {
		title = "Silent devices"
	}
	return "devices.tmpl", page{Title: title, Data: map[string]any{"Devices": rows, "Pager": newPager(r, q.Offset, len(rows), total, f),
		"Search": safetext.Clean(q.Search, 64), "SilentOnly": silentOnly, "Sort": q.Sort, "Path": r.URL.Path,
		"AllDevices": len(f.Devices), "Silent": f.SilentDevices()}}, nil
}

func (s *Console) pageVenue(w http.ResponseWriter, r *http.Request) (string, page, error) {
	name := r.PathValue("venue")
	v, err := s.b.Venue(r.Context(), name)
	if errors.Is(err, store.ErrNotFound) {
		uiHeaders(w)
		http.Error(w, "no such venue", http.StatusNotFound)
		return "", page{}, nil
	}
	if err != nil {
		return "", page{}, err
	}
	devs, err := s.b.DeviceRecords(r.Context(), name)
	if err != nil {
		return "", page{}, err
	}
	rows := make([]deviceRow, min(len(devs), maxVenueDevices))
	for i := range rows {
		rows[i] = s.newDeviceRow(devs[i])
	}
	f, err := s.b.Fleet(r.Context())
	if err != nil {
		return "", page{}, err
	}
	creds, credTotal := f.FindCredentials(backend.CredentialQuery{Venue: name, Limit: backend.MaxPageRows})
	if err := s.b.NoteRecordsRead(r.Context(), actor(r), name, "the console's venue page (recent records, IINs masked)"); err != nil {
		return "", page{}, err
	}
	evs, err := s.b.RecentEvents(r.Context(), name, uiRecentEvents)
	if err != nil {
		return "", page{}, err
	}
	return "venue.tmpl", page{Title: "Venue " + safetext.Clean(name, 64), Data: map[string]any{
		"V": newVenueRow(v), "Devices": rows, "DeviceTotal": len(devs), "DevicesCut": len(devs) > len(rows),
		"DevicesLink": "/ui/devices?sort=name&q=" + url.QueryEscape(name),
		"Events":      newEventRows(evs), "VenueName": name, "Creds": credRows(creds), "CredTotal": credTotal,
		"CredsCut": credTotal > len(creds), "CredsAsOf": f.AsOf.UTC().Format(uiTime), "Modes": []string{store.ModeEntrance, store.ModeExit},
		"TTLs": ttlChoices}}, nil
}

func (s *Console) pageDevice(w http.ResponseWriter, r *http.Request) (string, page, error) {
	venue, device := r.PathValue("venue"), r.PathValue("device")
	d, err := s.b.DeviceRecord(r.Context(), venue, device)
	if errors.Is(err, store.ErrUnknownDevice) {
		uiHeaders(w)
		http.Error(w, "no such device in this venue", http.StatusNotFound)
		return "", page{}, nil
	}
	if err != nil {
		return "", page{}, err
	}
	if err := s.b.NoteRecordsRead(r.Context(), actor(r), venue, "the console's device page of "+device+" (IINs masked)"); err != nil {
		return "", page{}, err
	}
	evs, err := s.b.RecentEvents(r.Context(), venue, 1000)
	if err != nil {
		return "", page{}, err
	}
	var own []wire.Event
	for _, e := range evs {
		if e.Device == device && len(own) < uiRecentEvents {
			own = append(own, e)
		}
	}
	return "device.tmpl", page{Title: "Device " + safetext.Clean(device, 64), Data: map[string]any{
		"D": s.newDeviceRow(d), "VenueLink": venueLink(venue), "Events": newEventRows(own)}}, nil
}
