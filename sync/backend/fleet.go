package backend

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// DefaultSilentAfter is how long a device may go unheard before the device
// list and the metrics flag it. A kiosk checks health every 10 s, so a few
// minutes of silence means it is off, unplugged or cut off.
const DefaultSilentAfter = 5 * time.Minute

// maxDeviceBytes bounds a device name remembered as a contact (as the API
// bounds device names).
const maxDeviceBytes = 128

// Contact list limits. A venue has a handful of doors, a large one a few
// dozen: MaxContactsPerVenue leaves room for the largest, and keeps one
// venue's token, inventing device names, from crowding out any other
// venue's kiosks (they live in their own venue's list) or growing memory
// and /metrics without end.
const (
	// MaxContactsPerVenue bounds the health-only devices remembered per
	// venue. Past it, a new name replaces the venue's longest-silent
	// device if that one has been silent longer than SilentAfter (a kiosk
	// gone, or a name made up once); otherwise the new name is not
	// remembered (and counted: ContactsDropped).
	MaxContactsPerVenue = 256
	// contactTTL is how long a device not heard from stays in the list:
	// a day, so a kiosk that died shows as silent until someone looks.
	contactTTL = 24 * time.Hour
	// sweepEvery is how often stale contacts are swept out.
	sweepEvery = time.Minute
)

// contacts remembers when each device last made any authenticated request
// (health checks included), per venue. It lives in memory: an idle kiosk
// sends no events, so there is nothing to store, and after a restart every
// live kiosk is heard from again within a poll interval. Each venue's list
// is bounded by itself, so no venue can push out another's.
type contacts struct {
	silentAfter time.Duration

	mu        sync.Mutex // guards everything below
	byVenue   map[string]map[string]time.Time
	dropped   map[string]uint64 // names refused per venue since the start
	lastSweep time.Time
}

func newContacts(silentAfter time.Duration) *contacts {
	return &contacts{silentAfter: silentAfter, byVenue: map[string]map[string]time.Time{}, dropped: map[string]uint64{}}
}

// touch records a contact. It reports false when the name was not
// remembered because the venue's list is full of devices heard from lately.
func (c *contacts) touch(venue, device string, at time.Time) bool {
	if device == "" || len(device) > maxDeviceBytes || wire.TextProblem(device) != "" || wire.TextProblem(venue) != "" {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweep(at)
	devs := c.byVenue[venue]
	if devs == nil {
		devs = map[string]time.Time{}
		c.byVenue[venue] = devs
	}
	if _, ok := devs[device]; ok || len(devs) < MaxContactsPerVenue {
		devs[device] = at
		return true
	}
	oldest, oldestAt := "", at
	for d, t := range devs {
		if t.Before(oldestAt) {
			oldest, oldestAt = d, t
		}
	}
	if oldest != "" && at.Sub(oldestAt) > c.silentAfter {
		delete(devs, oldest)
		devs[device] = at
		return true
	}
	c.dropped[venue]++
	return false
}

// sweep drops contacts older than contactTTL, at most once a sweepEvery.
// mu must be held.
func (c *contacts) sweep(now time.Time) {
	if now.Sub(c.lastSweep) < sweepEvery {
		return
	}
	c.lastSweep = now
	for v, devs := range c.byVenue {
		for d, t := range devs {
			if now.Sub(t) > contactTTL {
				delete(devs, d)
			}
		}
		if len(devs) == 0 {
			delete(c.byVenue, v)
		}
	}
}

// venue returns a copy of one venue's contacts.
func (c *contacts) venue(venue string) map[string]time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.byVenue[venue])
}

// all returns a copy of every venue's contacts.
func (c *contacts) all() map[string]map[string]time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]map[string]time.Time, len(c.byVenue))
	for v, devs := range c.byVenue {
		out[v] = maps.Clone(devs)
	}
	return out
}

// venues returns the venues that have contacts.
func (c *contacts) venues() map[string]bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]bool, len(c.byVenue))
	for v := range c.byVenue {
		out[v] = true
	}
	return out
}

// droppedCounts returns the names refused per venue since the start.
func (c *contacts) droppedCounts() map[string]uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.dropped)
}

// NoteContact records that device of venue made an authenticated request
// now (health checks included). A name that is not fit to keep as text is
// ignored, and so is a new name when the venue's list is full of devices
// heard from lately (see MaxContactsPerVenue).
func (b *Backend) NoteContact(venue, device string) {
	b.contacts.touch(venue, device, b.now().UTC())
}

// ContactVenues returns the venues whose devices this replica has heard
// from (some may have no stored event yet).
func (b *Backend) ContactVenues() map[string]bool { return b.contacts.venues() }

// ContactsDropped returns, per venue, how many device names this replica
// refused to remember because the venue's list was full.
func (b *Backend) ContactsDropped() map[string]uint64 { return b.contacts.droppedCounts() }

// DeviceList lists every device the server has heard from in venue: the ones
// that stored events and the ones that only checked health, each with its
// last contact and whether it has been silent longer than SilentAfter.
func (b *Backend) DeviceList(ctx context.Context, venue string) (wire.DeviceList, error) {
	now := b.now().UTC()
	recs, err := b.st.Devices(ctx, venue)
	if err != nil {
		return wire.DeviceList{}, fmt.Errorf("list devices: %w", err)
	}
	byID := map[string]*wire.DeviceStatus{}
	for _, rec := range recs {
		d := &wire.DeviceStatus{
			Device: rec.Device, LastSeen: rec.LastSeen, Lookups: rec.Lookups,
			Received: rec.Received, MaxSeq: rec.Have.Max(), Missing: missing(rec.Have.Gaps()),
		}
		if rec.Received > 0 || rec.Reused > 0 {
			d.LastEvent = rec.LastSeen // a record made by lookups alone has no event
		}
		byID[rec.Device] = d
	}
	for id, at := range b.contacts.venue(venue) {
		d := byID[id]
		if d == nil {
			d = &wire.DeviceStatus{Device: id}
			byID[id] = d
		}
		if at.After(d.LastSeen) {
			d.LastSeen = at
		}
	}
	list := wire.DeviceList{Venue: venue, SilentAfter: wire.Duration(b.silentAfter), Devices: []wire.DeviceStatus{}, AsOf: now}
	for _, d := range byID {
		d.Silent = now.Sub(d.LastSeen) > b.silentAfter
		list.Devices = append(list.Devices, *d)
	}
	sort.Slice(list.Devices, func(i, j int) bool { return list.Devices[i].Device < list.Devices[j].Device })
	return list, nil
}

// missing counts the sequence numbers in gaps.
func missing(gaps []wire.SeqRange) uint64 {
	var n uint64
	for _, g := range gaps {
		n += g.To - g.From + 1
	}
	return n
}

// SilentDevices returns up to limit devices of every venue whose last event
// is older than SilentAfter, the longest silent first (the console's
// alarms).
func (b *Backend) SilentDevices(ctx context.Context, limit int) ([]store.DeviceRecord, error) {
	return b.st.SilentDevices(ctx, b.now().Add(-b.silentAfter), limit)
}
