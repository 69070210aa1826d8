package throttle

import (
	"fmt"
	"testing"
	"time"
)

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func TestRepeatWithinWindowIsOneScan(t *testing.T) {
	l := New(5, time.Second, 3*time.Second)
	if v := l.Allow("900101300017", t0); v != Pass {
		t.Fatalf("first scan: %v", v)
	}
	// A card lying in front of a scanner in continuous mode: read every
	// 200 ms for a minute, one visit.
	for i := 1; i <= 300; i++ {
		if v := l.Allow("900101300017", t0.Add(time.Duration(i)*200*time.Millisecond)); v != Repeat {
			t.Fatalf("read %d: %v, want Repeat", i, v)
		}
	}
	// Taken away for longer than the window, then shown again: a new visit.
	if v := l.Allow("900101300017", t0.Add(60*time.Second+3*time.Second)); v != Pass {
		t.Fatalf("after the window: %v", v)
	}
	if l.Dropped() != 300 {
		t.Errorf("dropped %d", l.Dropped())
	}
}

func TestFloodIsCapped(t *testing.T) {
	l := New(5, time.Second, 3*time.Second)
	passed := 0
	// A jammed scanner sending a different code every 10 ms for 10 s.
	for i := 0; i < 1000; i++ {
		if l.Allow(fmt.Sprintf("garbage-%d", i), t0.Add(time.Duration(i)*10*time.Millisecond)) == Pass {
			passed++
		}
	}
	// Five at once plus one a second for the ten seconds.
	if passed < 14 || passed > 15 {
		t.Errorf("%d of 1000 passed, want 14 or 15", passed)
	}
}

func TestDifferentCodesAtDoorPace(t *testing.T) {
	l := New(5, time.Second, 3*time.Second)
	for i := 0; i < 50; i++ {
		if v := l.Allow(fmt.Sprintf("code-%d", i), t0.Add(time.Duration(i)*2*time.Second)); v != Pass {
			t.Fatalf("visitor %d, two seconds apart: %v", i, v)
		}
	}
}

func TestDefaults(t *testing.T) {
	l := New(0, 0, 0)
	for i := 0; i < DefaultBurst; i++ {
		if l.Allow(fmt.Sprint(i), t0) != Pass {
			t.Fatalf("burst scan %d refused", i)
		}
	}
	if l.Allow("x", t0) != Flood {
		t.Error("scan past the default burst passed")
	}
}
