package store

import (
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

func TestApplyPresence(t *testing.T) {
	t1, t2 := time.Date(2021, 3, 1, 10, 0, 0, 0, time.UTC), time.Date(2021, 3, 1, 11, 0, 0, 0, time.UTC)
	in := &Presence{Inside: true, At: t1}
	left := &Presence{At: t2}
	tests := []struct {
		name   string
		prev   *Presence
		e      wire.Event
		inside *bool // nil: record unchanged
		delta  int
	}{
		{"first entry", nil, wire.Event{Kind: wire.Entry, ScannedAt: t1}, ptr(true), 1},
		{"entry while inside", in, wire.Event{Kind: wire.Entry, ScannedAt: t2}, nil, 0},
		{"exit after entry", in, wire.Event{Kind: wire.Exit, ScannedAt: t2}, ptr(false), -1},
		{"exit without entry", nil, wire.Event{Kind: wire.Exit, ScannedAt: t2}, ptr(false), 0},
		{"late entry, scanned before the exit", left, wire.Event{Kind: wire.Entry, ScannedAt: t1}, nil, 0},
		{"entry after the exit", left, wire.Event{Kind: wire.Entry, ScannedAt: t2.Add(time.Minute)}, ptr(true), 1},
		{"late exit, older than the entry", &Presence{Inside: true, At: t2}, wire.Event{Kind: wire.Exit, ScannedAt: t1}, nil, 0},
		{"refusal", nil, wire.Event{Kind: wire.Refusal, ScannedAt: t1}, nil, 0},
		{"override lets in", nil, wire.Event{Kind: wire.Override, ScannedAt: t1}, ptr(true), 1},
		{"override while inside", in, wire.Event{Kind: wire.Override, ScannedAt: t2}, nil, 0},
	}
	for _, tt := range tests {
		next, delta := ApplyPresence(tt.prev, tt.e)
		if delta != tt.delta || (next == nil) != (tt.inside == nil) || (next != nil && next.Inside != *tt.inside) {
			t.Errorf("%s: next %+v delta %d", tt.name, next, delta)
		}
	}
}

func ptr[T any](v T) *T { return &v }
