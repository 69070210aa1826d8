package backend

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/store/boltstore"
	"github.com/ashyq/kiosk/sync/wire"
)

// The fleet view's orders and pages over a real store: devices by missing
// records, the longest silent first, a search in any case, a page past
// the end, and venues alarms first.
func TestFleetViewOrders(t *testing.T) {
	st, err := boltstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	b := New(st, Options{Now: func() time.Time { return now }, FleetMaxAge: -1})
	defer b.Close()
	ctx := context.Background()
	ev := func(venue, device string, seq uint64) wire.Event {
		return wire.Event{ID: fmt.Sprintf("%s-%s-%d", venue, device, seq), Device: device, Seq: seq, Venue: venue, Door: "d",
			Kind: wire.Entry, IIN: "900101300017", Status: wire.Green, Source: wire.SourceOnline, ScannedAt: now}
	}
	ingest := func(venue string, at time.Time, evs ...wire.Event) {
		if _, err := st.Ingest(ctx, venue, evs, at); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 30 {
		ingest(fmt.Sprintf("v%02d", i), now, ev(fmt.Sprintf("v%02d", i), "Kiosk", 1))
	}
	ingest("v07", now, ev("v07", "gappy", 1), ev("v07", "gappy", 9)) // 7 missing
	ingest("v12", now, ev("v12", "gap1", 1), ev("v12", "gap1", 3))   // 1 missing
	ingest("v20", now.Add(-time.Hour), ev("v20", "old", 1))
	ingest("v21", now.Add(-3*time.Hour), ev("v21", "older", 1))
	if err := st.PutVenue(ctx, store.Venue{Name: "v03", Capacity: 1, Created: now}); err != nil {
		t.Fatal(err)
	}
	f, err := b.Fleet(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ds, total := f.FindDevices(DeviceQuery{Sort: "gaps", Limit: 2})
	if total != 34 || len(ds) != 2 || ds[0].Device != "gappy" || ds[0].Missing != 7 || ds[1].Device != "gap1" {
		t.Errorf("by gaps: %d, %+v", total, ds)
	}
	ds, total = f.FindDevices(DeviceQuery{SilentOnly: true})
	if total != 2 || ds[0].Device != "older" || ds[1].Device != "old" || f.SilentDevices() != 2 {
		t.Errorf("silent: %d, %+v", total, ds)
	}
	if ds, total = f.FindDevices(DeviceQuery{Search: "V2", Sort: "name"}); total != 12 || ds[0].Venue != "v20" || ds[11].Venue != "v29" {
		t.Errorf("search V2 by name: %d, %+v", total, ds)
	}
	if ds, total = f.FindDevices(DeviceQuery{Offset: 40}); total != 34 || len(ds) != 0 {
		t.Errorf("a page past the end: %d, %d rows", total, len(ds))
	}
	vs, total := f.FindVenues(VenueQuery{Limit: 3})
	if total != 30 || vs[0].Name != "v20" || vs[1].Name != "v21" || vs[2].Name != "v07" {
		t.Errorf("alarms first: %d, %s %s %s", total, vs[0].Name, vs[1].Name, vs[2].Name)
	}
	if vs, _ := f.FindVenues(VenueQuery{AlarmsOnly: true, Sort: "name", Desc: true}); len(vs) != 4 || vs[0].Name != "v21" || vs[3].Name != "v07" {
		t.Errorf("alarms only, by name Z to A: %+v", vs)
	}
	if vs, _ := f.FindVenues(VenueQuery{Sort: "capacity", Desc: true, Limit: 1}); vs[0].Name != "v03" || !vs[0].Full() {
		t.Errorf("by capacity: %+v", vs)
	}
}
