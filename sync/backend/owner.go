package backend

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// The owner's pages (package ownerweb) and the kiosks' settings: what an
// owner sees of their venue and changes for it. Every function takes the
// venue from the caller, which has checked that the owner may see it; none
// reaches another venue.

// Owner audit kinds: the trail's "owner." area.
const (
	EventOwnerSettings  audit.Kind = "owner.settings"   // capacity, closing time, maximum stay, offline policy
	EventOwnerDoorMode  audit.Kind = "owner.door_mode"  // a door's mode
	EventOwnerEnrolCode audit.Kind = "owner.enrol_code" // a one-time code to enrol a kiosk
	EventDeviceEnrolled audit.Kind = "device.enrolled"  // a kiosk redeemed a code for its token
	EventOwnerExport    audit.Kind = "owner.export"     // an export of a period's records
)

// MaxDoors bounds the doors an owner's page lists: a venue has a handful,
// a large one a few dozen.
const MaxDoors = 500

// DoorState is one of a venue's kiosks as its owner's page shows it.
type DoorState struct {
	Device string
	Door   string // the kiosk's door name, as it last said
	// ModeSet is what the owner set ("" for the kiosk's own); Mode is what
	// the kiosk last said it works with ("" before its first check-in).
	ModeSet, Mode, Policy string
	Capacity              int // the limit the door said it enforces
	// LastSeen is the latest sign of life: an event, a lookup, a check-in
	// or a health check (this replica's memory of those).
	LastSeen time.Time
	// OfflineSince is set when the door has been silent longer than the
	// silence limit: since when it was last heard.
	OfflineSince  time.Time
	Pending       int
	OldestPending time.Time
	ReportedAt    time.Time // when its last check-in came; zero if never
	Version       string
	Received      int64 // distinct records received from it
	Gaps          int   // missing sequence numbers (records it lost or has not sent)
}

// OwnerSummary is an owner's "now": the people inside (the figure the
// doors use), the capacity, each door and today's counts in the venue's
// time zone.
type OwnerSummary struct {
	Venue    store.Venue
	Inside   uint64
	Today    store.HourCount // Hour: the start of today, in the venue's zone
	Hours    []store.HourCount
	Doors    []DoorState
	Location *time.Location
	AsOf     time.Time
}

// VenueLocation is the venue's time zone (UTC when unset or unknown).
func VenueLocation(v store.Venue) *time.Location {
	if v.TimeZone != "" {
		if l, err := time.LoadLocation(v.TimeZone); err == nil {
			return l
		}
	}
	return time.UTC
}

// DayStart is the start of the day of t in loc.
func DayStart(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// OwnerSummary reads a venue's "now"; store.ErrNotFound if the venue does
// not exist.
func (b *Backend) OwnerSummary(ctx context.Context, venue string) (OwnerSummary, error) {
	v, err := b.st.Venue(ctx, venue)
	if err != nil {
		return OwnerSummary{}, err
	}
	now := b.now()
	loc := VenueLocation(v.Venue)
	day := DayStart(now, loc)
	hours, err := b.st.HourCounts(ctx, venue, day, day.AddDate(0, 0, 1))
	if err != nil {
		return OwnerSummary{}, fmt.Errorf("read today's counts: %w", err)
	}
	today := store.HourCount{Hour: day}
	for _, h := range hours {
		today.Plus(h)
	}
	doors, err := b.Doors(ctx, venue)
	if err != nil {
		return OwnerSummary{}, err
	}
	return OwnerSummary{Venue: v.Venue, Inside: v.Inside, Today: today, Hours: hours, Doors: doors, Location: loc,
		AsOf: now}, nil
}

// Doors lists a venue's kiosks: every device that sent an event or looked
// someone up, every door an owner set or a kiosk reported, by device name
// (the upstream's own automatic exits are not a door).
func (b *Backend) Doors(ctx context.Context, venue string) ([]DoorState, error) {
	recs, err := b.st.Devices(ctx, venue)
	if err != nil {
		return nil, fmt.Errorf("read devices: %w", err)
	}
	doors, err := b.st.Doors(ctx, venue, MaxDoors)
	if err != nil {
		return nil, fmt.Errorf("read doors: %w", err)
	}
	byName := map[string]*DoorState{}
	get := func(name string) *DoorState {
		d := byName[name]
		if d == nil {
			d = &DoorState{Device: name}
			byName[name] = d
		}
		return d
	}
	for _, r := range recs {
		if r.Device == UpstreamDevice {
			continue
		}
		d := get(r.Device)
		d.LastSeen, d.Received = r.LastSeen, r.Received
		for _, g := range r.Have.Gaps() {
			d.Gaps += int(g.To - g.From + 1)
		}
	}
	for _, dr := range doors {
		d := get(dr.Device)
		d.ModeSet = dr.Set.Mode
		if r := dr.Report; r != nil {
			d.Door, d.Mode, d.Policy, d.Version, d.Capacity = r.Door, r.Mode, r.Policy, r.Version, r.Capacity
			d.Pending, d.OldestPending, d.ReportedAt = r.Pending, r.OldestPending, r.At
			if r.At.After(d.LastSeen) {
				d.LastSeen = r.At
			}
		}
	}
	for name, at := range b.contacts.venue(venue) {
		if d := byName[name]; d != nil && at.After(d.LastSeen) {
			d.LastSeen = at
		}
	}
	now := b.now()
	out := make([]DoorState, 0, len(byName))
	for _, d := range byName {
		if !d.LastSeen.IsZero() && now.Sub(d.LastSeen) >= b.silentAfter {
			d.OfflineSince = d.LastSeen
		}
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Device < out[j].Device })
	return out, nil
}

// OwnerSettings are what an owner sets for the venue and its kiosks pick
// up (POST /v1/checkin): a nil field keeps the venue's value.
type OwnerSettings struct {
	Capacity       *int
	ClosingTime    *string // "HH:MM" in the venue's zone, "" for none
	MaxStayMinutes *int    // 0 for never
	TimeZone       *string
	OfflinePolicy  *string // one of store.OfflinePolicies, "" for each kiosk's own
}

// SetOwnerSettings changes a venue's settings for its owner (or anyone
// acting for it: actor names them) and writes who changed what to the
// audit trail. Values out of range are an *InvalidError; an unknown venue
// is store.ErrNotFound.
func (b *Backend) SetOwnerSettings(ctx context.Context, actor, venue string, s OwnerSettings) (store.Venue, error) {
	cur, err := b.st.Venue(ctx, venue)
	if err != nil {
		return store.Venue{}, err
	}
	v := cur.Venue
	var changes []string
	note := func(name string, from, to any) {
		if fmt.Sprint(from) != fmt.Sprint(to) {
			changes = append(changes, fmt.Sprintf("%s %v -> %v", name, from, to))
		}
	}
	if s.Capacity != nil {
		note("capacity", v.Capacity, *s.Capacity)
		v.Capacity = *s.Capacity
	}
	if s.ClosingTime != nil {
		note("closing_time", quoted(v.ClosingTime), quoted(*s.ClosingTime))
		v.ClosingTime = *s.ClosingTime
	}
	if s.MaxStayMinutes != nil {
		note("max_stay_minutes", int(v.MaxStay/time.Minute), *s.MaxStayMinutes)
		v.MaxStay = time.Duration(*s.MaxStayMinutes) * time.Minute
	}
	if s.TimeZone != nil {
		note("time_zone", quoted(v.TimeZone), quoted(*s.TimeZone))
		v.TimeZone = *s.TimeZone
	}
	if s.OfflinePolicy != nil {
		note("offline_policy", quoted(v.OfflinePolicy), quoted(*s.OfflinePolicy))
		v.OfflinePolicy = *s.OfflinePolicy
	}
	var errs []error
	if err := validateLimits(wire.VenueLimits{Capacity: v.Capacity, ClosingTime: v.ClosingTime,
		MaxStayMinutes: int(v.MaxStay / time.Minute), TimeZone: v.TimeZone}); err != nil {
		errs = append(errs, err)
	}
	if v.OfflinePolicy != "" && !slices.Contains(store.OfflinePolicies, v.OfflinePolicy) {
		errs = append(errs, fmt.Errorf("offline_policy %q is not one of %s (or empty: each kiosk's own)",
			truncate(v.OfflinePolicy, 16), strings.Join(store.OfflinePolicies, ", ")))
	}
	if err := errors.Join(errs...); err != nil {
		return cur.Venue, invalid(err)
	}
	if len(changes) == 0 {
		return v, nil
	}
	if err := b.st.PutVenue(ctx, v); err != nil {
		return cur.Venue, fmt.Errorf("put venue: %w", err)
	}
	return v, b.ownerAudit(ctx, EventOwnerSettings, actor, venue, strings.Join(changes, "; "))
}

func quoted(s string) string { return fmt.Sprintf("%q", s) }

// ownerAudit writes one owner change to the audit trail. The change is
// made already: a trail that cannot be written is an error for the caller
// to show, and is logged.
func (b *Backend) ownerAudit(ctx context.Context, kind audit.Kind, actor, subject, detail string) error {
	e := audit.Entry{At: b.now().UTC(), Kind: kind, Actor: actor, Subject: subject, Detail: detail}
	err := e.Validate()
	if err == nil {
		err = b.st.AppendAudit(ctx, e)
	}
	if err != nil {
		b.log.Error("owner change not written to the audit trail", "kind", string(kind), "actor", actor, "error", err.Error())
		return fmt.Errorf("the change was made but not written to the audit trail: %w", err)
	}
	return nil
}

// SetDoorMode sets a door's mode for its venue's owner: store.ModeEntrance,
// store.ModeExit, or "" to leave it to the kiosk. Written to the audit
// trail with actor.
func (b *Backend) SetDoorMode(ctx context.Context, actor, venue, device, mode string) error {
	if mode != "" && mode != store.ModeEntrance && mode != store.ModeExit {
		return invalid(fmt.Errorf("mode %q is not entrance, exit or empty (the kiosk's own)", truncate(mode, 16)))
	}
	if err := CheckDeviceName(device); err != nil {
		return invalid(err)
	}
	cur, err := b.st.Door(ctx, venue, device)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("read door: %w", err)
	}
	if err == nil && cur.Set.Mode == mode {
		return nil
	}
	if err := b.st.PutDoorMode(ctx, venue, device, store.DoorMode{Mode: mode, SetBy: actor, SetAt: b.now().UTC()}); err != nil {
		return fmt.Errorf("put door mode: %w", err)
	}
	return b.ownerAudit(ctx, EventOwnerDoorMode, actor, venue+"/"+device, fmt.Sprintf("mode %q -> %q", cur.Set.Mode, mode))
}

// CheckDeviceName refuses a device or door name a kiosk's configuration
// would refuse: 1 to 64 letters, digits, '-', '_' or '.'.
func CheckDeviceName(s string) error {
	if s == "" || len(s) > 64 || strings.ContainsFunc(s, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) {
		return fmt.Errorf("name %q must be 1 to 64 letters, digits, '-', '_' or '.'", truncate(s, 70))
	}
	return nil
}

// DeviceSettings is what the upstream holds for a kiosk of venue.
func (b *Backend) DeviceSettings(ctx context.Context, venue, device string) (wire.DeviceSettings, error) {
	v, err := b.st.Venue(ctx, venue)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return wire.DeviceSettings{}, fmt.Errorf("read venue: %w", err)
	}
	d, err := b.st.Door(ctx, venue, device)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return wire.DeviceSettings{}, fmt.Errorf("read door: %w", err)
	}
	return wire.DeviceSettings{Venue: venue, Device: device, Mode: d.Set.Mode, OfflinePolicy: v.OfflinePolicy,
		Capacity: v.Capacity, ClosingTime: v.ClosingTime, MaxStayMinutes: int(v.MaxStay / time.Minute), TimeZone: v.TimeZone,
		RequireVenueProof: v.RequireVenueProof, AsOf: b.now().UTC()}, nil
}

// CheckIn takes a kiosk's report about itself and answers its settings.
// The report is kept in memory and written with the others every few
// seconds (see reporter): a check-in costs a read, not a write.
func (b *Backend) CheckIn(ctx context.Context, venue string, c wire.CheckIn) (wire.DeviceSettings, error) {
	if err := CheckDeviceName(c.Device); err != nil {
		return wire.DeviceSettings{}, invalid(fmt.Errorf("device: %w", err))
	}
	if c.Door != "" {
		if err := CheckDeviceName(c.Door); err != nil {
			return wire.DeviceSettings{}, invalid(fmt.Errorf("door: %w", err))
		}
	}
	if c.Pending < 0 || c.Capacity < 0 || len(c.Mode) > 16 || len(c.Policy) > 16 || len(c.Version) > 64 {
		return wire.DeviceSettings{}, invalid(errors.New("a check-in field is out of range (pending >= 0; mode, policy up to 16 bytes; version up to 64)"))
	}
	if c.SetMode != "" && c.SetMode != store.ModeEntrance && c.SetMode != store.ModeExit {
		return wire.DeviceSettings{}, invalid(fmt.Errorf("set_mode %q is not entrance or exit", truncate(c.SetMode, 16)))
	}
	now := b.now().UTC()
	if c.SetMode != "" {
		setAt := c.SetAt.UTC()
		if setAt.After(now) { // a kiosk's clock ahead: the change is made now
			setAt = now
		}
		if err := b.menuMode(ctx, venue, c.Device, c.SetMode, setAt); err != nil {
			return wire.DeviceSettings{}, err
		}
	}
	b.contacts.touch(venue, c.Device, now)
	b.reports.note(store.DoorReport{Venue: venue, Device: c.Device, At: now, Door: c.Door, Mode: c.Mode, Policy: c.Policy,
		Capacity: c.Capacity,
		Pending:  c.Pending, OldestPending: c.OldestPending.UTC(), OfflineSince: c.OfflineSince.UTC(), Version: c.Version})
	return b.DeviceSettings(ctx, venue, c.Device)
}

// menuMode takes a mode the owner chose in a kiosk's own menu at setAt,
// unless the door's mode was set later (on the owner's page): the newest
// change wins, wherever it was made.
func (b *Backend) menuMode(ctx context.Context, venue, device, mode string, setAt time.Time) error {
	cur, err := b.st.Door(ctx, venue, device)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("read door: %w", err)
	}
	if cur.Set.Mode == mode || !setAt.After(cur.Set.SetAt) {
		return nil
	}
	actor := actorFrom(ctx)
	if err := b.st.PutDoorMode(ctx, venue, device, store.DoorMode{Mode: mode, SetBy: actor, SetAt: setAt}); err != nil {
		return fmt.Errorf("put door mode: %w", err)
	}
	return b.ownerAudit(ctx, EventOwnerDoorMode, actor, venue+"/"+device,
		fmt.Sprintf("mode %q -> %q, set in the kiosk's owner menu at %s", cur.Set.Mode, mode, setAt.Format(time.RFC3339)))
}

// FlushReports writes the kiosks' reports so far now (tests, and Close).
func (b *Backend) FlushReports() { b.reports.flush() }

// MaxExportDays bounds an export's period: an inspector asks for weeks,
// and a period is read in pages, never held whole.
const MaxExportDays = 30

// exportPage is how many records an export reads at a time.
const exportPage = 1000

// CheckPeriod refuses a period that is empty, reversed or longer than
// MaxExportDays.
func CheckPeriod(from, to time.Time) error {
	switch {
	case !from.Before(to):
		return invalid(errors.New("the period ends before it begins"))
	case to.Sub(from) > MaxExportDays*24*time.Hour+time.Hour: // a day may have 25 hours
		return invalid(fmt.Errorf("a period is at most %d days", MaxExportDays))
	}
	return nil
}

// OwnerEvents returns one page of a venue's records scanned in [from, to),
// by scan time, IINs masked: an owner never sees a full IIN.
func (b *Backend) OwnerEvents(ctx context.Context, venue string, from, to time.Time, cursor string, limit int) (store.EventPage, error) {
	page, err := b.st.EventsBetween(ctx, venue, from, to, cursor, limit)
	if err != nil {
		return page, err
	}
	maskEvents(page.Events)
	return page, nil
}

func maskEvents(evs []wire.Event) {
	for i := range evs {
		evs[i].IIN = iin.Mask(evs[i].IIN)
	}
}

// EachOwnerEvent calls fn with a period's records in pages of at most
// exportPage, IINs masked, by scan time: an export of any length holds one
// page at a time.
func (b *Backend) EachOwnerEvent(ctx context.Context, venue string, from, to time.Time, fn func([]wire.Event) error) error {
	cursor := ""
	for {
		page, err := b.OwnerEvents(ctx, venue, from, to, cursor, exportPage)
		if err != nil {
			return err
		}
		if len(page.Events) > 0 {
			if err := fn(page.Events); err != nil {
				return err
			}
		}
		if !page.More {
			return nil
		}
		cursor = page.Resume
	}
}

// HourCounts returns a venue's counts per UTC hour in [from, to).
func (b *Backend) HourCounts(ctx context.Context, venue string, from, to time.Time) ([]store.HourCount, error) {
	return b.st.HourCounts(ctx, venue, from, to)
}

// NoteExport writes an owner's export of a period to the audit trail.
func (b *Backend) NoteExport(ctx context.Context, actor, venue, format string, from, to time.Time) error {
	return b.ownerAudit(ctx, EventOwnerExport, actor, venue, fmt.Sprintf("%s of %s to %s (IINs masked)", format,
		from.Format(time.RFC3339), to.Format(time.RFC3339)))
}
