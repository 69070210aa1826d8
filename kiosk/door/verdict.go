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
	// wire.ReasonOfflinePolicy (no status known and the policy denies),
	// wire.ReasonFull (the venue is at capacity); and on an entry by
	// someone already inside: wire.ReasonAlreadyInside.
	Reason string
	// Age of the status when Source is cache.
	CacheAge time.Duration
	// StatusReason is why the registry gave the status, when the upstream
	// said (an online answer): the screen words it.
	StatusReason *wire.StatusReason
	// PassID is set when the person showed a pass (its id, in hex).
	PassID string
	// PassNote says why a verified pass's colour was not used: a
	// pass.Reason (status-expired, status-changed) or NoteKeysStale.
	PassNote string
	// Inside and Capacity are the head count when the verdict was made
	// (Capacity 0: no limit), so a full screen can say "12 of 12".
	Inside   int64
	Capacity int
}

// Word is the verdict in one word, as the screens and --headless say it.
type Word string

// Verdict words.
const (
	WordWelcome Word = "welcome" // an entry allowed
	WordDenied  Word = "denied"  // a refusal
	WordGoodbye Word = "goodbye" // an exit: everybody may leave
	WordFull    Word = "full"    // may enter by status, but the venue is full: wait
)

// Word is the verdict's word: goodbye for any exit, welcome for an allowed
// entry, full for a refusal at capacity, denied otherwise.
func (v Verdict) Word() Word {
	switch {
	case v.Kind == wire.Exit:
		return WordGoodbye
	case v.Allowed:
		return WordWelcome
	case v.Reason == wire.ReasonFull:
		return WordFull
	}
	return WordDenied
}

// ErrNotRecorded wraps any failure to store an event durably. The person gets
// no verdict: the screen tells staff the scan was not recorded and why.
var ErrNotRecorded = errors.New("the scan was not recorded")
