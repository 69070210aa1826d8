package outbox

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

func TestEventCodecRoundTrip(t *testing.T) {
	scanned := time.Date(2026, 11, 26, 9, 30, 15, 123456789, time.UTC)
	cases := map[string]wire.Event{
		"typical": {ID: "01936a1c-7f3e-7b2a-9c4d-5e6f70819203", Device: "kiosk-01", Venue: "cafe-7",
			Door: "front", Kind: wire.Entry, IIN: "061211600012", Status: wire.Green,
			Source: wire.SourceOnline, ScannedAt: scanned},
		"refusal with reason": {ID: "01936a1c-7f3e-7b2a-9c4d-5e6f70819204", Device: "d", Venue: "v",
			Kind: wire.Refusal, IIN: "061211600012", Status: wire.Red, Source: wire.SourceCache,
			Reason: "статус красный", ScannedAt: scanned},
		"non-uuid id, unknown enums, zero time": {ID: "nonce-15-chars!", Kind: "teleport",
			Status: "purple", Source: ""},
		"override with staff": {ID: "01936a1c-7f3e-7b2a-9c4d-5e6f70819205", Device: "d", Venue: "v",
			Kind: wire.Override, IIN: "061211600012", Source: wire.SourceUnchecked,
			Reason: wire.OverrideIDChecked, Staff: "Айгерим", ScannedAt: scanned},
		"unchecked entry, staff without time": {ID: "x", Kind: wire.Entry, Source: wire.SourceUnchecked,
			Staff: "s"},
		"uppercase uuid kept as text": {ID: "01936A1C-7F3E-7B2A-9C4D-5E6F70819203", Kind: wire.Exit,
			Status: wire.Blue, Source: wire.SourceNone, ScannedAt: scanned},
	}
	for name, ev := range cases {
		t.Run(name, func(t *testing.T) {
			ev.Seq = 42
			b := encodeEvent(ev)
			got, err := decodeEvent(b, 42)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, ev) {
				t.Fatalf("round trip:\n got %+v\nwant %+v", got, ev)
			}
			for n := range len(b) {
				if _, err := decodeEvent(b[:n], 42); err == nil {
					t.Fatalf("decoding a truncated value (%d of %d bytes) succeeded", n, len(b))
				}
			}
		})
	}
}

// TestEventCodecNewValuesAreCompact: the kinds and sources added since the
// first release are one byte each, like the first ones.
func TestEventCodecNewValuesAreCompact(t *testing.T) {
	ev := wire.Event{ID: "01936a1c-7f3e-7b2a-9c4d-5e6f70819203", Kind: wire.Entry, Source: wire.SourceOnline}
	short := len(encodeEvent(ev))
	for _, k := range []wire.Kind{wire.Override} {
		for _, s := range []wire.Source{wire.SourceUnchecked, wire.SourceSkipped} {
			ev.Kind, ev.Source = k, s
			if n := len(encodeEvent(ev)); n != short {
				t.Errorf("%s/%s takes %d bytes, want %d", k, s, n, short)
			}
		}
	}
}

func TestEventCodecIsCompact(t *testing.T) {
	ev := wire.Event{ID: "01936a1c-7f3e-7b2a-9c4d-5e6f70819203", Seq: 1234567, Device: "kiosk-01",
		Venue: "cafe-almaty-7", Door: "front", Kind: wire.Entry, IIN: "061211600012",
		Status: wire.Green, Source: wire.SourceOnline, ScannedAt: time.Now()}
	js, _ := json.Marshal(ev)
	bin := encodeEvent(ev)
	t.Logf("binary %d bytes, JSON %d bytes", len(bin), len(js))
	if len(bin)*3 > len(js) {
		t.Fatalf("binary form %d bytes is not a third of JSON's %d", len(bin), len(js))
	}
}

func TestIDKeysDoNotCollide(t *testing.T) {
	u := "01936a1c-7f3e-7b2a-9c4d-5e6f70819203"
	if len(idKey(u)) != 16 {
		t.Fatalf("uuid key %d bytes, want 16", len(idKey(u)))
	}
	for _, id := range []string{"", "a", "fifteen-chars!!", "sixteen-chars!!!", "01936A1C-7F3E-7B2A-9C4D-5E6F70819203"} {
		if k := idKey(id); len(k) == 16 {
			t.Errorf("non-canonical id %q has a 16-byte key", id)
		}
	}
}
