package server

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// DefaultSilentAfter is how long a device may go unheard before the device
// list and the metrics flag it. A kiosk checks health every 10 s, so a few
// minutes of silence means it is off, unplugged or cut off.
const DefaultSilentAfter = 5 * time.Minute

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
	if device == "" || len(device) > maxIDBytes {
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

// noteContact records the device named in the request's DeviceHeader when the
// request carries a valid device token. The health check calls it with the
// token checked here, because /v1/health itself needs none.
func (s *Server) noteContact(r *http.Request) {
	device := r.Header.Get(wire.DeviceHeader)
	if device == "" {
		return
	}
	venue := tokenVenue(r)
	if venue == "" {
		c, err := s.credential(r, bearer(r.Header.Get("Authorization")))
		if err != nil || c.Kind != KindDevice {
			return
		}
		venue = c.Venue
	}
	s.contacts.touch(venue, device, s.now().UTC())
}

// Devices lists every device the server has heard from in venue: the ones
// that stored events and the ones that only checked health, each with its
// last contact and whether it has been silent longer than SilentAfter.
func (s *Server) Devices(ctx context.Context, venue string) (wire.DeviceList, error) {
	now := s.now().UTC()
	recs, err := s.st.Devices(ctx, venue)
	if err != nil {
		return wire.DeviceList{}, fmt.Errorf("list devices: %w", err)
	}
	byID := map[string]*wire.DeviceStatus{}
	for _, rec := range recs {
		byID[rec.Device] = &wire.DeviceStatus{
			Device: rec.Device, LastSeen: rec.LastSeen, LastEvent: rec.LastSeen,
			Received: rec.Received, MaxSeq: rec.Have.max(), Missing: missing(rec.Have.gaps()),
		}
	}
	for id, at := range s.contacts.venue(venue) {
		d := byID[id]
		if d == nil {
			d = &wire.DeviceStatus{Device: id}
			byID[id] = d
		}
		if at.After(d.LastSeen) {
			d.LastSeen = at
		}
	}
	list := wire.DeviceList{Venue: venue, SilentAfter: wire.Duration(s.silentAfter), Devices: []wire.DeviceStatus{}, AsOf: now}
	for _, d := range byID {
		d.Silent = now.Sub(d.LastSeen) > s.silentAfter
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

func (s *Server) handleDevices(w http.ResponseWriter, r *http.Request) {
	venue, ok := ownVenue(w, r)
	if !ok {
		return
	}
	list, err := s.Devices(r.Context(), venue)
	if err != nil {
		s.internalError(w, r, "device list", err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}
