package backend

import (
	"context"
	"fmt"
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

// maxContacts bounds the devices whose last contact is remembered, so a
// token holder inventing device names cannot grow the map without end.
const maxContacts = 100_000

// contacts remembers when each device last made any authenticated request
// (health checks included), by venue and device. It lives in memory: an
// idle kiosk sends no events, so there is nothing to store, and after a
// restart every live kiosk is heard from again within a poll interval.
type contacts struct {
	mu   sync.Mutex
	last map[contactKey]time.Time // mu guards last.
}

type contactKey struct{ venue, device string }

func newContacts() *contacts { return &contacts{last: map[contactKey]time.Time{}} }

// touch records a contact; a full map only updates devices it knows.
func (c *contacts) touch(venue, device string, at time.Time) {
	if device == "" || len(device) > maxDeviceBytes {
		return
	}
	k := contactKey{venue, device}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.last[k]; ok || len(c.last) < maxContacts {
		c.last[k] = at
	}
}

// venue returns a copy of one venue's contacts.
func (c *contacts) venue(venue string) map[string]time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]time.Time{}
	for k, at := range c.last {
		if k.venue == venue {
			out[k.device] = at
		}
	}
	return out
}

// venues returns the venues that have contacts.
func (c *contacts) venues() map[string]bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]bool{}
	for k := range c.last {
		out[k.venue] = true
	}
	return out
}

// NoteContact records that device of venue made an authenticated request
// now (health checks included).
func (b *Backend) NoteContact(venue, device string) {
	b.contacts.touch(venue, device, b.now().UTC())
}

// ContactVenues returns the venues whose devices this replica has heard
// from (some may have no stored event yet).
func (b *Backend) ContactVenues() map[string]bool { return b.contacts.venues() }

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
		byID[rec.Device] = &wire.DeviceStatus{
			Device: rec.Device, LastSeen: rec.LastSeen, LastEvent: rec.LastSeen,
			Received: rec.Received, MaxSeq: rec.Have.Max(), Missing: missing(rec.Have.Gaps()),
		}
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
