package door

import (
	"errors"
	"time"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/wire"
)

// Mode is what a device is at its door: an entrance or an exit.
type Mode string

// Device modes.
const (
	Entrance Mode = "entrance"
	Exit     Mode = "exit"
)

// Verdict is the door's answer to one valid scan. It is returned only after
// its event is durable in the outbox.
type Verdict struct {
	// Allowed is true when the person may pass: entry allowed, or any exit.
	Allowed bool
	// Kind is the recorded event kind: entry, exit or refusal.
	Kind   wire.Kind
	Status wire.Status
	Source wire.Source
	// MaskedIIN shows only the last four digits.
	MaskedIIN string
	EventID   string
	Seq       uint64
	At        time.Time
	Input     scanner.Source
	// Reason is set on refusals: wire.ReasonStatus (red or yellow),
	// wire.ReasonOfflinePolicy (no status known and the policy denies).
	Reason string
	// Age of the status when Source is cache.
	CacheAge time.Duration
}

// Word is the verdict in one word, as the screens and --headless say it.
type Word string

// Verdict words.
const (
	WordWelcome Word = "welcome" // an entry allowed
	WordDenied  Word = "denied"  // a refusal
	WordGoodbye Word = "goodbye" // an exit: everybody may leave
)

// Word is the verdict's word: goodbye for any exit, welcome for an allowed
// entry, denied otherwise.
func (v Verdict) Word() Word {
	switch {
	case v.Kind == wire.Exit:
		return WordGoodbye
	case v.Allowed:
		return WordWelcome
	}
	return WordDenied
}

// ErrPassNotChecked refuses a signed pass on a kiosk that cannot verify
// passes yet; nothing is recorded.
var ErrPassNotChecked = errors.New("passes are not checked on this kiosk yet")

// ErrNotRecorded wraps any failure to store an event durably. The person gets
// no verdict: the screen tells staff the scan was not recorded and why.
var ErrNotRecorded = errors.New("the scan was not recorded")
