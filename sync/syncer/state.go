package syncer

import (
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// Link is what the kiosk knows about its connection to the upstream.
type Link int

// Link states. The zero value is offline: nothing has been proven yet.
const (
	LinkOffline      Link = iota // unreachable or broken (network, timeout, 5xx, nonsense)
	LinkOnline                   // the upstream answered and took the device token
	LinkTokenRefused             // the upstream answers but refuses the device token (401/403)
)

// String names the link state for logs.
func (l Link) String() string {
	switch l {
	case LinkOnline:
		return "online"
	case LinkTokenRefused:
		return "token refused"
	}
	return "offline"
}

// Problem is why the last attempt to reach the upstream or the outbox
// failed. The UI turns it into a message in its own language; String is an
// English sentence for the log.
type Problem int

// Problems. ProblemNone is the zero value.
const (
	ProblemNone             Problem = iota
	ProblemUnreachable              // a network failure of no more specific kind
	ProblemTimeout                  // the upstream did not answer in time
	ProblemConnRefused              // nothing listens at the upstream's address
	ProblemDNS                      // the upstream's name did not resolve
	ProblemReset                    // the connection was dropped mid-way
	ProblemBusy                     // 429: the upstream asks to slow down
	ProblemServerError              // 5xx: the upstream or a proxy is broken
	ProblemTokenRefused             // 401/403: the device token is refused
	ProblemRefusedBatch             // another 4xx: the upstream refused the request
	ProblemBadAnswer                // a 2xx answer that cannot be trusted or names nothing sent
	ProblemOutboxFull               // the outbox reached storage.max_mb or the disk is full
	ProblemOutboxUnreadable         // the outbox file cannot be read or written
)

var problemText = map[Problem]string{
	ProblemNone:             "",
	ProblemUnreachable:      "upstream unreachable",
	ProblemTimeout:          "upstream timed out",
	ProblemConnRefused:      "upstream unreachable (connection refused)",
	ProblemDNS:              "upstream unreachable (name lookup failed)",
	ProblemReset:            "connection to upstream dropped",
	ProblemBusy:             "upstream is busy (429)",
	ProblemServerError:      "upstream error (5xx)",
	ProblemTokenRefused:     "upstream refused the device token",
	ProblemRefusedBatch:     "upstream refused the request",
	ProblemBadAnswer:        "upstream sent an invalid answer",
	ProblemOutboxFull:       "outbox is full: new events are not being recorded",
	ProblemOutboxUnreadable: "outbox cannot be read or written",
}

// String is the problem as an English sentence, for the log only.
func (p Problem) String() string {
	if s, ok := problemText[p]; ok {
		return s
	}
	return "unknown problem"
}

// State is what the syncer publishes for the idle screen: data, not
// sentences.
type State struct {
	Link Link
	// Problem is why the last send round failed, else why the link
	// monitor's last check failed; ProblemNone when both went well.
	Problem Problem
	// HTTPStatus is the status code behind ProblemBusy, ProblemServerError,
	// ProblemTokenRefused or ProblemRefusedBatch; 0 otherwise.
	HTTPStatus int
	// Storage is ProblemOutboxFull, ProblemOutboxUnreadable or ProblemNone.
	Storage Problem

	Pending       int
	OldestPending time.Time
	DeadLetters   int
	// LastSync is the last acknowledged batch, this run or an earlier
	// one (the outbox keeps it across restarts and power cuts).
	LastSync time.Time
	// LinkSince is when Link took its value (the syncer's start, for the
	// first); WasOnline says the link has been online since the start.
	LinkSince time.Time
	WasOnline bool
	Occupancy *wire.Occupancy
	ClockSkew time.Duration // device clock minus upstream clock, within ±MaxClockSkew
}

// Online reports whether the upstream answers and takes the token.
func (s State) Online() bool { return s.Link == LinkOnline }

// clone returns a copy that shares nothing mutable with s.
func (s State) clone() State {
	if s.Occupancy != nil {
		occ := *s.Occupancy
		s.Occupancy = &occ
	}
	return s
}

// equal compares states by value, times with Equal.
func (s State) equal(o State) bool {
	if (s.Occupancy == nil) != (o.Occupancy == nil) {
		return false
	}
	if s.Occupancy != nil && !occEqual(*s.Occupancy, *o.Occupancy) {
		return false
	}
	return s.Link == o.Link && s.Problem == o.Problem && s.HTTPStatus == o.HTTPStatus && s.Storage == o.Storage &&
		s.Pending == o.Pending && s.OldestPending.Equal(o.OldestPending) && s.DeadLetters == o.DeadLetters &&
		s.LastSync.Equal(o.LastSync) && s.ClockSkew == o.ClockSkew && s.LinkSince.Equal(o.LinkSince) &&
		s.WasOnline == o.WasOnline
}

func occEqual(a, b wire.Occupancy) bool {
	return a.Venue == b.Venue && a.Inside == b.Inside && a.Capacity == b.Capacity && a.Entries == b.Entries &&
		a.Exits == b.Exits && a.AsOf.Equal(b.AsOf)
}
