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
// for a new one. A walk of 10,000 venues and 100,000 devices took 3 s of a
// loaded 2-core machine (BenchmarkOwnerAtScale): once a minute while
// someone looks, that is 5 % of a core; silence is judged in minutes.
const DefaultFleetMaxAge = time.Minute

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
	byLastSeen  []int    // Devices' indexes, the longest silent first
	byMissing   []int    // Devices' indexes, the most records missing first
	keys        []string // Devices' "venue/device" in lower case, for searches
	byAlarms    []int    // Venues' indexes, alarms first
	venueKeys   []string // Venues' names in lower case
	silent      int      // devices silent at AsOf
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
// selects in all. It sorts indexes, not venues, and copies the page's rows
// only.
func (f *FleetView) FindVenues(q VenueQuery) ([]FleetVenue, int) {
	search := strings.ToLower(strings.TrimSpace(q.Search))
	sel := make([]int, 0, len(f.Venues))
	order := f.byAlarms
	key := venueKey(q.Sort)
	if key != nil {
		order = nil // by name, sorted below
	}
	for n := range f.Venues {
		i := n
		if order != nil {
			i = order[n]
		}
		v := &f.Venues[i]
		if search != "" && !strings.Contains(f.venueKeys[i], search) {
			continue
		}
		if q.AlarmsOnly && v.Alarms() == 0 {
			continue
		}
		sel = append(sel, i)
	}
	if key != nil && q.Sort != "name" || q.Sort == "name" && q.Desc {
		slices.SortStableFunc(sel, func(i, j int) int {
			c := key(f.Venues[i], f.Venues[j])
			if q.Desc {
				c = -c
			}
			return c
		})
	}
	idx := window(sel, q.Offset, pageLimit(q.Limit))
	page := make([]FleetVenue, len(idx))
	for n, i := range idx {
		page[n] = f.Venues[i]
	}
	return page, len(sel)
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
	SilentOnly bool
	// Sort: "silent" (the longest silent first, the default), "name"
	// (by venue, then device) or "gaps" (the most missing first).
	Sort   string
	Offset int
	Limit  int // at most MaxPageRows; 0: 50
}

// FindDevices returns one page of the devices q selects and how many it
// selects in all. It walks a precomputed order and keeps only the page's
// rows: a page of 100,000 silent devices allocates 50 rows, not 100,000.
func (f *FleetView) FindDevices(q DeviceQuery) ([]FleetDevice, int) {
	search := strings.ToLower(strings.TrimSpace(q.Search))
	keep := func(i int) bool {
		if q.SilentOnly && !f.Silent(f.Devices[i]) {
			return false
		}
		return search == "" || strings.Contains(f.keys[i], search)
	}
	order := f.byLastSeen
	switch q.Sort {
	case "name":
		order = nil // Devices' own order
	case "gaps":
		order = f.byMissing
	}
	from, limit := max(q.Offset, 0), pageLimit(q.Limit)
	var page []FleetDevice
	total := 0
	for n := range f.Devices {
		i := n
		if order != nil {
			i = order[n]
		}
		if !keep(i) {
			continue
		}
		if total >= from && len(page) < limit {
			page = append(page, f.Devices[i])
		}
		total++
	}
	return page, total
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
	f.byAlarms, f.venueKeys = make([]int, len(f.Venues)), make([]string, len(f.Venues))
	for i, v := range f.Venues {
		f.byAlarms[i], f.venueKeys[i] = i, strings.ToLower(v.Name)
	}
	slices.SortStableFunc(f.byAlarms, func(i, j int) int {
		a, b := f.Venues[i], f.Venues[j]
		return cmp.Or(cmp.Compare(b.Alarms(), a.Alarms()), cmp.Compare(b.Silent, a.Silent))
	})
	f.byLastSeen, f.byMissing = make([]int, len(f.Devices)), make([]int, len(f.Devices))
	f.keys = make([]string, len(f.Devices))
	for i, d := range f.Devices {
		f.byLastSeen[i], f.byMissing[i] = i, i
		f.keys[i] = strings.ToLower(d.Venue + "/" + d.Device)
	}
	slices.SortStableFunc(f.byLastSeen, func(i, j int) int { return f.Devices[i].LastSeen.Compare(f.Devices[j].LastSeen) })
	slices.SortStableFunc(f.byMissing, func(i, j int) int { return cmp.Compare(f.Devices[j].Missing, f.Devices[i].Missing) })
	f.Took = time.Since(start)
	return f, nil
}
