package camera

import (
	"testing"
	"time"
)

func TestDedupe(t *testing.T) {
	t0 := time.Date(2021, 9, 1, 9, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	type sighting struct {
		payload string
		ms      int
		want    bool
	}
	for _, tc := range []struct {
		name string
		seen []sighting
	}{
		{"held in view is one scan", []sighting{{"A", 0, true}, {"A", 100, false}, {"A", 2900, false}, {"A", 5800, false}}},
		{"back after the cooldown", []sighting{{"A", 0, true}, {"", 100, false}, {"A", 3000, true}}},
		{"back just before the cooldown", []sighting{{"A", 0, true}, {"", 100, false}, {"A", 2999, false}}},
		{"cooldown restarts at every sighting", []sighting{{"A", 0, true}, {"", 100, false}, {"A", 2000, false},
			{"", 2100, false}, {"A", 4000, false}, {"", 4100, false}, {"A", 7000, true}}},
		{"payloads are independent", []sighting{{"A", 0, true}, {"B", 10, true}, {"A", 20, false}, {"B", 30, false}}},
		// A loaded machine decodes frames seconds apart: a phone held in
		// every one of them is still one scan.
		{"held in view on a loaded machine", []sighting{{"A", 0, true}, {"A", 3500, false}, {"A", 7000, false}}},
		{"gone one frame, back after the cooldown", []sighting{{"A", 0, true}, {"A", 3500, false}, {"", 4000, false}, {"A", 7000, true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDedupe(3 * time.Second)
			for _, s := range tc.seen {
				d.next() // each sighting is a decoded frame; "" shows no code
				if s.payload == "" {
					d.forget(at(s.ms))
					continue
				}
				if got := d.seen(s.payload, at(s.ms)); got != s.want {
					t.Fatalf("%s at %dms: new scan = %v, want %v", s.payload, s.ms, got, s.want)
				}
				d.forget(at(s.ms))
			}
		})
	}
}

func TestDedupeForgetsOldPayloads(t *testing.T) {
	d := newDedupe(time.Second)
	t0 := time.Unix(0, 0)
	d.next()
	d.seen("A", t0)
	d.next()
	d.seen("B", t0.Add(500*time.Millisecond))
	d.next()
	d.forget(t0.Add(1200 * time.Millisecond))
	if _, ok := d.lastSeen["A"]; ok {
		t.Error("A, last seen 1.2s ago with a 1s cooldown, was kept")
	}
	if _, ok := d.lastSeen["B"]; !ok {
		t.Error("B, seen 0.7s ago, was forgotten")
	}
}
