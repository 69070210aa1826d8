// Package pinlock guards the owner PIN and the staff codes. It counts wrong tries and, after
// MaxTries in a row, locks for a time that doubles with every lock, and it
// keeps that state in a file: a restart (or a restart loop) neither resets
// the count nor ends a lock. With 3 tries per lock and the lock growing to
// MaxLock, guessing a 4-digit PIN takes months, not hours.
package pinlock

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/atomicfile"
)

// The lock's limits.
const (
	// MaxTries wrong PINs in a row start a lock.
	MaxTries = 3
	// FirstLock is the first lock's length; each further lock doubles it.
	FirstLock = 60 * time.Second
	// MaxLock caps a lock, so an owner who mistyped is out for an hour at
	// most.
	MaxLock = time.Hour
)

// State is what the file keeps. Only the right PIN resets it.
type State struct {
	Fails       int       `json:"fails"` // wrong tries since the last lock or success
	Locks       int       `json:"locks"` // locks since the last success
	LockedUntil time.Time `json:"locked_until"`
}

// Result is the outcome of one try.
type Result struct {
	OK          bool      // the right PIN
	Name        string    // whose code it was (Code.Name), when OK
	Left        int       // wrong: tries left before a lock
	LockedUntil time.Time // locked (now, or by this try) until then
	NewLock     bool      // this try started the lock
}

// Locked says whether the result is a lock (new or ongoing).
func (r Result) Locked() bool { return !r.LockedUntil.IsZero() }

// Code is one PIN and the name of whoever holds it.
type Code struct {
	Name, PIN string
}

// OwnerName is the name of the owner PIN's holder in New and Open.
const OwnerName = "owner"

// Guard checks PINs. It is safe for concurrent use.
type Guard struct {
	codes []Code
	path  string

	mu sync.Mutex // guards st
	st State
}

// New is a guard that keeps its state in memory only (tests, or a kiosk
// whose data directory cannot hold the file).
func New(pin string) *Guard { return NewCodes([]Code{{OwnerName, pin}}) }

// NewCodes is New for several codes, each naming its holder: the staff
// codes that let a refused person in.
func NewCodes(codes []Code) *Guard { return &Guard{codes: codes} }

// Open loads the guard's state from path (missing means a fresh start). A
// file that cannot be read or parsed is an error, and the guard then starts
// locked for FirstLock: damaging the file must not be a way to reset it.
func Open(path, pin string) (*Guard, error) { return OpenCodes(path, []Code{{OwnerName, pin}}) }

// OpenCodes is Open for several codes, each naming its holder.
func OpenCodes(path string, codes []Code) (*Guard, error) {
	g := &Guard{codes: codes, path: path}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return g, nil
	}
	if err == nil {
		err = json.Unmarshal(b, &g.st)
	}
	if err != nil {
		g.st = State{Locks: 1, LockedUntil: time.Now().Add(FirstLock)}
		return g, fmt.Errorf("PIN lock state %s unreadable, locking for %s: %w", path, FirstLock, err)
	}
	return g, nil
}

// LockedUntil is the end of the current lock, or zero when not locked.
func (g *Guard) LockedUntil(now time.Time) time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	if now.Before(g.st.LockedUntil) {
		return g.st.LockedUntil
	}
	return time.Time{}
}

// Check tries a PIN. The new state is on disk before the answer is given,
// so killing the process after a wrong try does not undo it. While locked
// the PIN is not even compared. err is a failure to save; a wrong try still
// counts in memory then, and the right PIN still opens.
func (g *Guard) Check(typed string, now time.Time) (Result, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if now.Before(g.st.LockedUntil) {
		return Result{LockedUntil: g.st.LockedUntil}, nil
	}
	// Constant time, every code compared: the PIN is worth little, but a
	// timing leak is cheap to avoid.
	name, match := "", 0
	for _, c := range g.codes {
		if subtle.ConstantTimeCompare([]byte(typed), []byte(c.PIN)) == 1 && c.PIN != "" {
			name, match = c.Name, 1
		}
	}
	if match == 1 {
		changed := g.st != State{}
		g.st = State{}
		if changed {
			return Result{OK: true, Name: name}, g.save()
		}
		return Result{OK: true, Name: name}, nil
	}
	g.st.Fails++
	var r Result
	if g.st.Fails >= MaxTries {
		g.st.Locks++
		g.st.Fails = 0
		g.st.LockedUntil = now.Add(LockFor(g.st.Locks))
		r = Result{LockedUntil: g.st.LockedUntil, NewLock: true}
	} else {
		r = Result{Left: MaxTries - g.st.Fails}
	}
	return r, g.save()
}

// LockFor is the length of the n-th lock in a row (n from 1).
func LockFor(n int) time.Duration {
	d := FirstLock
	for i := 1; i < n && d < MaxLock; i++ {
		d *= 2
	}
	return min(d, MaxLock)
}

func (g *Guard) save() error {
	if g.path == "" {
		return nil
	}
	b, err := json.Marshal(g.st)
	if err != nil {
		return fmt.Errorf("save PIN lock state: %w", err)
	}
	if err := atomicfile.Write(g.path, append(b, '\n')); err != nil {
		return fmt.Errorf("save PIN lock state: %w", err)
	}
	return nil
}
