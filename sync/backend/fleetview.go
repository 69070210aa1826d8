package backend

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/store"
)

// The operator's console looks at thousands of venues and a hundred
// thousand devices at once: search, sort and page them, alarms first. No
// page request walks the fleet. A FleetView is one walk of it (the venues
// with their counters, every device record, this replica's contacts) kept
// in memory and shared by every page; it is rebuilt in the background once
// it is older than the fleet age (Options.FleetMaxAge), and at once after
// an operator's action. Every list says as of when (FleetView.AsOf).

// DefaultFleetMaxAge is how old the fleet view may grow before a page asks
// for a new one: the console's pages reload every 15 s.
const DefaultFleetMaxAge = 15 * time.Second

// FleetVenue is one venue of the fleet view: its counters and its
// devices' alarms.
type FleetVenue struct {
	store.VenueSummary
	Devices int // devices with a record
	// Silent counts devices not heard from for the silence limit; Missing
	// the sequence numbers missing across its devices (records lost, or
	// not sent yet).
	Silent  int
	Missing uint64
}

// Over says the venue holds more people than its capacity.
func (v FleetVenue) Over() bool { return v.Capacity > 0 && v.Inside > uint64(v.Capacity) }

// Full says the venue is at its capacity or over it.
func (v FleetVenue) Full() bool { return v.Capacity > 0 && v.Inside >= uint64(v.Capacity) }

// Alarms counts the kinds of alarm the venue raises: silent doors,
// sequence gaps, over capacity, people nobody checked, staff overrides.
func (v FleetVenue) Alarms() int {
	n := 0
	for _, on := range []bool{v.Silent > 0, v.Missing > 0, v.Over(), v.Unchecked > 0, v.Overrides > 0} {
		if on {
			n++
		}
	}
	return n
}

// FleetDevice is one device of the fleet view.
type FleetDevice struct {
	Venue, Device string
	LastSeen      time.Time // its latest event, lookup or (this replica's) contact
	Received      int64
	MaxSeq        uint64
	Missing       uint64
}

// FleetView is the fleet as of one walk; read-only once built.
type FleetView struct {
	AsOf        time.Time     // the backend's clock when the walk began
	Took        time.Duration // how long the walk took
	SilentAfter time.Duration
	Venues      []FleetVenue  // by name
	Devices     []FleetDevice // by venue, then device
	// Credentials are the stored credentials (revoked ones too), by kind
	// then creation, without their hashes.
	Credentials []store.CredentialInfo
	byLastSeen  []int // Devices' indexes, the longest silent first
	silent      int   // devices silent at AsOf
}

// SilentDevices is how many devices were silent at AsOf.
func (f *FleetView) SilentDevices() int { return f.silent }

// Silent says whether d was silent when the view was made.
func (f *FleetView) Silent(d FleetDevice) bool { return f.AsOf.Sub(d.LastSeen) >= f.SilentAfter }

// MaxPageRows bounds one page of a fleet listing.
const MaxPageRows = 200

// VenueQuery selects a page of venues.
type VenueQuery struct {
	Search string // part of the name, any case; "" for all
	// Sort is one of VenueSorts; "" sorts alarms first (the most kinds of
	// alarm, then the most silent doors, then by name).
	Sort       string
	Desc       bool // largest first (name: Z to A); "alarms" ignores it
	AlarmsOnly bool // venues with at least one alarm
	Offset     int
	Limit      int // at most MaxPageRows; 0: 50
}

// VenueSorts are the columns a venue list sorts by.
var VenueSorts = []string{"alarms", "name", "inside", "capacity", "silent", "gaps", "unchecked", "overrides", "entries", "refusals"}

func pageLimit(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > MaxPageRows:
		return MaxPageRows
	}
	return n
}

// FindVenues returns one page of the venues q selects and how many it
// selects in all.
func (f *FleetView) FindVenues(q VenueQuery) ([]FleetVenue, int) {
	search := strings.ToLower(strings.TrimSpace(q.Search))
	sel := make([]FleetVenue, 0, len(f.Venues))
	for _, v := range f.Venues {
		if search != "" && !strings.Contains(strings.ToLower(v.Name), search) {
			continue
		}
		if q.AlarmsOnly && v.Alarms() == 0 {
			continue
		}
		sel = append(sel, v)
	}
	key := venueKey(q.Sort)
	slices.SortStableFunc(sel, func(a, b FleetVenue) int {
		if key == nil { // alarms first
			if c := cmp.Compare(b.Alarms(), a.Alarms()); c != 0 {
				return c
			}
			return cmp.Compare(b.Silent, a.Silent)
		}
		c := key(a, b)
		if q.Desc {
			c = -c
		}
		return c
	})
	return window(sel, q.Offset, pageLimit(q.Limit)), len(sel)
}

// venueKey compares two venues by a column (nil: alarms first); ties keep
// the name order.
func venueKey(sort string) func(a, b FleetVenue) int {
	num := func(f func(FleetVenue) uint64) func(a, b FleetVenue) int {
		return func(a, b FleetVenue) int { return cmp.Compare(f(a), f(b)) }
	}
	switch sort {
	case "name":
		return func(a, b FleetVenue) int { return strings.Compare(a.Name, b.Name) }
	case "inside":
		return num(func(v FleetVenue) uint64 { return v.Inside })
	case "capacity":
		return num(func(v FleetVenue) uint64 { return uint64(v.Capacity) })
	case "silent":
		return num(func(v FleetVenue) uint64 { return uint64(v.Silent) })
	case "gaps":
		return num(func(v FleetVenue) uint64 { return v.Missing })
	case "unchecked":
		return num(func(v FleetVenue) uint64 { return v.Unchecked })
	case "overrides":
		return num(func(v FleetVenue) uint64 { return v.Overrides })
	case "entries":
		return num(func(v FleetVenue) uint64 { return v.Entries })
	case "refusals":
		return num(func(v FleetVenue) uint64 { return v.Refusals })
	}
	return nil
}

// DeviceQuery selects a page of devices.
type DeviceQuery struct {
	Search     string // part of the venue's or the device's name, any case
	Venue      string // exactly this venue; "" for all
	SilentOnly bool
	// Sort: "silent" (the longest silent first, the default), "name"
	// (by venue, then device) or "gaps" (the most missing first).
	Sort   string
	Offset int
	Limit  int // at most MaxPageRows; 0: 50
}

// FindDevices returns one page of the devices q selects and how many it
// selects in all.
func (f *FleetView) FindDevices(q DeviceQuery) ([]FleetDevice, int) {
	search := strings.ToLower(strings.TrimSpace(q.Search))
	keep := func(d FleetDevice) bool {
		if q.Venue != "" && d.Venue != q.Venue {
			return false
		}
		if q.SilentOnly && !f.Silent(d) {
			return false
		}
		return search == "" || strings.Contains(strings.ToLower(d.Device), search) ||
			strings.Contains(strings.ToLower(d.Venue), search)
	}
	var sel []FleetDevice
	switch q.Sort {
	case "name", "gaps":
		lo, hi := 0, len(f.Devices)
		if q.Venue != "" { // Devices are by venue: the venue's run only
			lo, _ = slices.BinarySearchFunc(f.Devices, q.Venue, func(d FleetDevice, v string) int { return strings.Compare(d.Venue, v) })
			hi = lo
			for hi < len(f.Devices) && f.Devices[hi].Venue == q.Venue {
				hi++
			}
		}
		for _, d := range f.Devices[lo:hi] {
			if keep(d) {
				sel = append(sel, d)
			}
		}
		if q.Sort == "gaps" {
			slices.SortStableFunc(sel, func(a, b FleetDevice) int { return cmp.Compare(b.Missing, a.Missing) })
		}
	default:
		for _, i := range f.byLastSeen {
			if d := f.Devices[i]; keep(d) {
				sel = append(sel, d)
			}
		}
	}
	return window(sel, q.Offset, pageLimit(q.Limit)), len(sel)
}

func window[T any](s []T, offset, limit int) []T {
	offset = max(offset, 0)
	if offset >= len(s) {
		return nil
	}
	return s[offset:min(offset+limit, len(s))]
}

// fleetCache owns the current fleet view.
type fleetCache struct {
	maxAge time.Duration // < 0: a new view for every request (tests)

	mu       sync.Mutex // guards everything below
	cur      *FleetView
	built    time.Time // when cur was made, by the wall clock (its age)
	building bool
	wg       sync.WaitGroup // background walks, waited for by Close
}

// Fleet returns the fleet view: the current one, and a new one started in
// the background if it is older than the fleet age; the first one is made
// at once.
func (b *Backend) Fleet(ctx context.Context) (*FleetView, error) {
	c := b.fleet
	c.mu.Lock()
	cur, age := c.cur, time.Since(c.built)
	if cur != nil && (c.maxAge >= 0 && age > c.maxAge) && !c.building {
		c.building = true
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			defer func() {
				c.mu.Lock()
				c.building = false
				c.mu.Unlock()
			}()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			if _, err := b.RefreshFleet(ctx); err != nil {
				b.log.Error("fleet view not rebuilt", "error", err.Error())
			}
		}()
	}
	c.mu.Unlock()
	if cur != nil && c.maxAge >= 0 {
		return cur, nil
	}
	return b.RefreshFleet(ctx)
}

// RefreshFleet walks the fleet now and makes the result the current view
// (after an operator's action, which the next page must show).
func (b *Backend) RefreshFleet(ctx context.Context) (*FleetView, error) {
	c := b.fleet
	f, err := b.walkFleet(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.cur == nil || !f.AsOf.Before(c.cur.AsOf) {
		c.cur, c.built = f, time.Now()
	}
	f = c.cur
	c.mu.Unlock()
	return f, nil
}

// walkFleet reads every venue and every device once.
func (b *Backend) walkFleet(ctx context.Context) (*FleetView, error) {
	start := time.Now()
	now := b.now().UTC()
	vs, err := b.st.Venues(ctx)
	if err != nil {
		return nil, fmt.Errorf("read venues: %w", err)
	}
	f := &FleetView{AsOf: now, SilentAfter: b.silentAfter, Venues: make([]FleetVenue, len(vs))}
	index := make(map[string]int, len(vs))
	for i, v := range vs {
		f.Venues[i] = FleetVenue{VenueSummary: v}
		index[v.Name] = i
	}
	contacts := b.contacts.all()
	err = b.st.EachDevice(ctx, func(r store.DeviceRecord) error {
		if r.Device == UpstreamDevice {
			return nil // the upstream's own automatic exits are no door
		}
		d := FleetDevice{Venue: r.Venue, Device: r.Device, LastSeen: r.LastSeen, Received: r.Received, MaxSeq: r.Have.Max(),
			Missing: missing(r.Have.Gaps())}
		if at, ok := contacts[r.Venue][r.Device]; ok && at.After(d.LastSeen) {
			d.LastSeen = at
		}
		if i, ok := index[d.Venue]; ok {
			v := &f.Venues[i]
			v.Devices++
			v.Missing += d.Missing
			if f.Silent(d) {
				v.Silent++
			}
		}
		if f.Silent(d) {
			f.silent++
		}
		f.Devices = append(f.Devices, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walk devices: %w", err)
	}
	if f.Credentials, err = b.walkCredentials(ctx); err != nil {
		return nil, err
	}
	f.byLastSeen = make([]int, len(f.Devices))
	for i := range f.byLastSeen {
		f.byLastSeen[i] = i
	}
	slices.SortStableFunc(f.byLastSeen, func(i, j int) int { return f.Devices[i].LastSeen.Compare(f.Devices[j].LastSeen) })
	f.Took = time.Since(start)
	return f, nil
}
