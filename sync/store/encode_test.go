package store

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// EncodeEvent's digest is EventDigest's, whatever the zone of the scan
// time, and its body is the event's JSON.
func TestEncodeEventDigest(t *testing.T) {
	at := time.Date(2026, 12, 7, 3, 4, 5, 678901234, time.UTC)
	for _, scanned := range []time.Time{at, at.Local(), at.In(time.FixedZone("Astana", 5*3600)), at.In(time.FixedZone("", 0))} {
		e := wire.Event{ID: "e1", Device: "d1", Seq: 7, Venue: "v", Door: "front", Kind: wire.Entry, IIN: "900101300017",
			Status: wire.Green, Source: wire.SourceOnline, ScannedAt: scanned}
		body, digest, err := EncodeEvent(e)
		if err != nil {
			t.Fatal(err)
		}
		if digest != EventDigest(e) {
			t.Errorf("scanned in %v: digest differs from EventDigest", scanned.Location())
		}
		var back wire.Event
		if err := json.Unmarshal(body, &back); err != nil || back.ID != e.ID || !back.ScannedAt.Equal(e.ScannedAt) {
			t.Errorf("body %s does not decode to the event (%v)", body, err)
		}
	}
}
