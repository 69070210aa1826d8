package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// sameAsMarshal fails t unless appendEventJSON writes what json.Marshal
// does for e, or both refuse it.
func sameAsMarshal(t *testing.T, e wire.Event) {
	t.Helper()
	want, werr := json.Marshal(e)
	got, gerr := appendEventJSON([]byte("kept"), e)
	if (werr != nil) != (gerr != nil) {
		t.Fatalf("json.Marshal: %v, appendEventJSON: %v (%q)", werr, gerr, got)
	}
	if werr != nil {
		if gerr.Error() != werr.Error() {
			t.Fatalf("refused as %q, json.Marshal says %q", gerr, werr)
		}
		return
	}
	if !bytes.Equal(got, append([]byte("kept"), want...)) {
		t.Fatalf("wrote\n%s\njson.Marshal writes\n%s", got, want)
	}
	body, _, err := EncodeEvent(e)
	if err != nil || !bytes.Equal(body, want) {
		t.Fatalf("EncodeEvent: %s, %v; json.Marshal writes %s", body, err, want)
	}
	out, digest, err := AppendEvent([]byte("prefix"), e)
	if err != nil || !bytes.Equal(out, append([]byte("prefix"), want...)) || digest != EventDigest(e) {
		t.Fatalf("AppendEvent: %s, %v (digest EventDigest's: %v); json.Marshal writes %s", out, err, digest == EventDigest(e), want)
	}
}

// The events that encoding/json writes in its own ways: every ASCII
// character, the HTML ones, invalid UTF-8, the two line separators, the
// optional fields, scan times in zones and at the ends of the years it
// takes and beyond.
func TestAppendEventJSONIsMarshal(t *testing.T) {
	var ascii strings.Builder
	for b := range 0x80 {
		ascii.WriteByte(byte(b))
	}
	strs := []string{"", "e-1", ascii.String(), "<script>&amp;</script>", `"quoted" \back\slash/`, "\xff\xfe", "a\xc3",
		"\xe2\x80\xa8 \xe2\x80\xa9 \u2027 \u202a", "Айдар Öz 💡", "\x00\x1f\x7f", string([]byte{0xed, 0xa0, 0x80}),
		strings.Repeat("x", 300), "tab\there\nnew\rline\b\f"}
	at := time.Date(2026, 12, 7, 3, 4, 5, 678901234, time.UTC)
	times := []time.Time{at, at.Local(), at.In(time.FixedZone("Astana", 5*3600)), at.In(time.FixedZone("", -(3*3600 + 1800))),
		time.Date(2026, 12, 7, 3, 4, 5, 0, time.UTC), time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), {},
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), at.In(time.FixedZone("", 24*3600)), at.In(time.FixedZone("", 5*3600+7))}
	for i, s := range strs {
		e := wire.Event{ID: s, Device: strs[(i+1)%len(strs)], Seq: uint64(i), Venue: strs[(i+2)%len(strs)],
			Door: strs[(i+3)%len(strs)], Kind: wire.Kind(s), IIN: strs[(i+4)%len(strs)], Status: wire.Status(strs[(i+5)%len(strs)]),
			Source: wire.Source(strs[(i+6)%len(strs)]), Reason: strs[(i+7)%len(strs)], Staff: strs[(i+8)%len(strs)],
			ScannedAt: times[i%len(times)]}
		sameAsMarshal(t, e)
	}
	for _, scanned := range times {
		sameAsMarshal(t, wire.Event{ID: "e1", Device: "d1", Seq: math.MaxUint64, Venue: "v", Door: "front", Kind: wire.Entry,
			IIN: "900101300017", Status: wire.Green, Source: wire.SourceOnline, ScannedAt: scanned})
	}
}

// FuzzAppendEventJSONIsMarshal: whatever the fields, appendEventJSON
// writes json.Marshal's bytes (make fuzz-short runs it).
func FuzzAppendEventJSONIsMarshal(f *testing.F) {
	f.Add("e-1", "door-1", uint64(7), "<v&>", "\xff\u2028", "entry", "900101300017", "", "x", int64(1765000000), int64(5), 18000)
	f.Add("", "", uint64(0), "", "", "", "", "\"\\", "\x00", int64(-62167219200), int64(999999999), -86399)
	f.Fuzz(func(t *testing.T, id, device string, seq uint64, venue, door, kind, iin, reason, staff string, sec, nsec int64, offset int) {
		at := time.Unix(sec, nsec).In(time.FixedZone("", offset%(48*3600)))
		sameAsMarshal(t, wire.Event{ID: id, Device: device, Seq: seq, Venue: venue, Door: door, Kind: wire.Kind(kind), IIN: iin,
			Status: wire.Status(kind), Source: wire.Source(door), Reason: reason, Staff: staff, ScannedAt: at})
	})
}

// BenchmarkEncodeEvent: EncodeEvent beside json.Marshal and the digest it
// did, for a door's usual event.
func BenchmarkEncodeEvent(b *testing.B) {
	e := wire.Event{ID: "9f1c2a7e-5b3d-4c8e-a1f0-6d2b9e4c7a15", Device: "door-0042", Seq: 123456, Venue: "venue-00017",
		Door: "front", Kind: wire.Entry, IIN: "900101300017", Status: wire.Green, Source: wire.SourceOnline,
		ScannedAt: time.Date(2026, 12, 7, 3, 4, 5, 678901234, time.UTC)}
	var marshal, appended float64
	b.Run("json.Marshal", func(b *testing.B) {
		for b.Loop() {
			body, _ := json.Marshal(e)
			_ = sha256.Sum256(body)
		}
		marshal = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("EncodeEvent", func(b *testing.B) {
		for b.Loop() {
			_, _, _ = EncodeEvent(e)
		}
		appended = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		if appended > 0 && marshal > 0 {
			b.ReportMetric(marshal/appended, "speedup")
		}
	})
}
