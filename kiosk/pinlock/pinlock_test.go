package pinlock

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestLockSurvivesRestart: wrong tries and locks are kept across a restart
// (a new Guard on the same file), and every lock is longer than the last.
func TestLockSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pinlock.json")
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	var last time.Duration
	for lock := 1; lock <= 4; lock++ {
		for try := 1; try <= MaxTries; try++ {
			g, err := Open(path, "4826") // a restart before every try
			if err != nil {
				t.Fatal(err)
			}
			if until := g.LockedUntil(now); !until.IsZero() {
				t.Fatalf("lock %d try %d: still locked until %v at %v", lock, try, until, now)
			}
			r, err := g.Check("0000", now)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK || (try < MaxTries) != !r.Locked() {
				t.Fatalf("lock %d try %d: %+v", lock, try, r)
			}
			if try == MaxTries {
				d := r.LockedUntil.Sub(now)
				if d <= last {
					t.Errorf("lock %d lasts %v, not longer than the previous %v", lock, d, last)
				}
				last = d
				g2, _ := Open(path, "4826")
				if g2.LockedUntil(now.Add(d - time.Second)).IsZero() {
					t.Errorf("lock %d is forgotten by a restart", lock)
				}
				// Even the right PIN is refused while locked.
				if r, _ := g2.Check("4826", now.Add(time.Second)); r.OK {
					t.Errorf("lock %d: right PIN accepted while locked", lock)
				}
				now = now.Add(d)
			}
		}
	}
	g, _ := Open(path, "4826")
	if r, _ := g.Check("4826", now); !r.OK {
		t.Fatalf("right PIN after the lock: %+v", r)
	}
	g, _ = Open(path, "4826")
	if r, _ := g.Check("0000", now); r.Left != MaxTries-1 {
		t.Errorf("the right PIN did not reset the count: %+v", r)
	}
}

// TestDamagedStateLocks: a damaged file is not a way to reset the count.
func TestDamagedStateLocks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pinlock.json")
	if err := os.WriteFile(path, []byte("{garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	g, err := Open(path, "4826")
	if err == nil {
		t.Error("a damaged state file gave no error")
	}
	if g.LockedUntil(time.Now()).IsZero() {
		t.Error("a damaged state file unlocked the PIN")
	}
}

func TestLockForGrowsToMax(t *testing.T) {
	if LockFor(1) != FirstLock || LockFor(2) != 2*FirstLock || LockFor(100) != MaxLock {
		t.Errorf("LockFor: %v %v %v", LockFor(1), LockFor(2), LockFor(100))
	}
}

// TestCodesNameTheirHolder: with several codes, the right one says whose it
// is; wrong tries count across all of them.
func TestCodesNameTheirHolder(t *testing.T) {
	g := NewCodes([]Code{{"aigerim", "4821"}, {"owner", "9911"}})
	now := time.Now()
	for typed, name := range map[string]string{"4821": "aigerim", "9911": "owner"} {
		if r, err := g.Check(typed, now); err != nil || !r.OK || r.Name != name {
			t.Errorf("%s: %+v, %v", typed, r, err)
		}
	}
	for i := 0; i < MaxTries; i++ {
		r, _ := g.Check("0000", now)
		if r.OK || r.Name != "" {
			t.Fatalf("wrong code accepted: %+v", r)
		}
	}
	if r, _ := g.Check("4821", now); r.OK || !r.Locked() {
		t.Errorf("right code during a lock: %+v", r)
	}
	if r, _ := NewCodes([]Code{{"nobody", ""}}).Check("", now); r.OK {
		t.Error("an empty code opened")
	}
}
