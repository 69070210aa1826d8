package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/registry"
	"github.com/ashyq/kiosk/sync/wire"
)

// FactStore holds the registry's health facts (sync/registry) and each
// person's recorded colour: the colour last computed for them, which passes
// are issued against (RecordPass) and changes are told from. Facts are kept
// by key (registry.Fact.Key) and indexed by IIN; a colour is computed by the
// caller's Judge (the rules at a moment), never by the store.
//
// Both stores write a fact, the colour changes it causes, the revocation of
// the passes of each person whose colour changed (reason
// wire.DenyStatusChanged) and the audit entries of all of it in one
// transaction.
type FactStore interface {
	// PutFacts stores facts from one feeder (PlanFacts says what each
	// becomes), then judges every person whose facts changed and records
	// their new colour where it differs.
	PutFacts(ctx context.Context, b FactBatch) (FactResult, error)
	// PersonFacts returns what the store holds of a person: the recorded
	// colour (blue when none) and the facts, withdrawn ones too.
	PersonFacts(ctx context.Context, iin string) (Person, error)
	// Settle judges a person at now and records the colour if it differs
	// from the recorded one (a colour that changed by time alone: an
	// expiry), revoking their passes and auditing the change as actor. It
	// returns the colour and whether it changed.
	Settle(ctx context.Context, iin string, now time.Time, judge Judge, actor string) (wire.Status, bool, error)
}

// AuditStore is the append-only trail (sync/audit).
type AuditStore = audit.Store

// Judge is a person's colour from their facts, at the moment the caller
// chose (rules.Rules.Evaluate at now).
type Judge func(facts []registry.Fact) wire.Status

// Person is a person as the registry holds them.
type Person struct {
	Recorded wire.Status
	Facts    []registry.Stored
}

// Plain is the person's facts without who sent them.
func (p Person) Plain() []registry.Fact {
	out := make([]registry.Fact, len(p.Facts))
	for i, f := range p.Facts {
		out[i] = f.Fact
	}
	return out
}

// FactBatch is facts from one feeder, stored in one transaction.
type FactBatch struct {
	Facts  []registry.Fact
	Feeder string // the feeder credential's id, audit.ActorCLI, ...
	Now    time.Time
	Judge  Judge
}

// FactOutcome is what became of one fact of a batch.
type FactOutcome int

// Fact outcomes.
const (
	FactNew       FactOutcome = iota // a key not held before: stored
	FactDuplicate                    // the same key and content: nothing changed
	FactCorrected                    // the same key, other content: replaced
)

// FactResult is what PutFacts did: an outcome per fact, in order, and the
// colour changes, ordered by IIN.
type FactResult struct {
	Outcomes []FactOutcome
	Changes  []StatusChange
}

// StatusChange is a person's recorded colour changing.
type StatusChange struct {
	IIN      string
	From, To wire.Status
}

// FactPlan is what a batch does to the facts a store holds: both stores
// follow it, so they agree on duplicates, corrections and the audit.
type FactPlan struct {
	Writes   []registry.Stored // new or replacing facts, in order (a key at most once: the last wins)
	Old      map[string]registry.Stored
	Outcomes []FactOutcome
	Entries  []audit.Entry
	Touched  []string // IINs whose facts changed, sorted (a correction may move a fact to another person)
}

// PlanFacts decides each fact's outcome against held, the facts the store
// holds for the batch's keys (by key). A key twice in a batch is judged
// against its earlier occurrence.
func PlanFacts(b FactBatch, held map[string]registry.Stored) FactPlan {
	p := FactPlan{Old: held, Outcomes: make([]FactOutcome, len(b.Facts))}
	cur := make(map[string]registry.Stored, len(held))
	for k, v := range held {
		cur[k] = v
	}
	touched := map[string]bool{}
	index := map[string]int{} // key -> place in Writes
	for i, f := range b.Facts {
		f.At = f.At.UTC()
		key := f.Key()
		old, ok := cur[key]
		entry := audit.Entry{At: b.Now, Kind: audit.FactReceived, Actor: b.Feeder, Subject: key, IIN: f.IIN,
			Detail: describe(f)}
		switch {
		case ok && old.Digest() == f.Digest():
			p.Outcomes[i] = FactDuplicate
			continue
		case ok:
			p.Outcomes[i] = FactCorrected
			entry.Kind = audit.FactCorrected
			entry.Detail += fmt.Sprintf("; replaces %s from %s received %s", describe(old.Fact), old.Feeder,
				old.Received.UTC().Format(time.RFC3339))
			touched[old.IIN] = true
		default:
			p.Outcomes[i] = FactNew
		}
		s := registry.Stored{Fact: f, Feeder: b.Feeder, Received: b.Now.UTC()}
		cur[key] = s
		touched[f.IIN] = true
		if j, ok := index[key]; ok {
			p.Writes[j] = s
		} else {
			index[key] = len(p.Writes)
			p.Writes = append(p.Writes, s)
		}
		p.Entries = append(p.Entries, entry)
	}
	for id := range touched {
		p.Touched = append(p.Touched, id)
	}
	sort.Strings(p.Touched)
	return p
}

// describe is a fact in a few words for the audit, without the IIN.
func describe(f registry.Fact) string {
	var s string
	switch f.Kind {
	case registry.Test:
		s = fmt.Sprintf("%s %s collected %s", f.Method, f.Result, f.At.UTC().Format(time.RFC3339))
		if f.Lab != "" {
			s += " by " + f.Lab
		}
	case registry.Manual:
		s = fmt.Sprintf("manual %s", f.Colour)
	default:
		s = fmt.Sprintf("%s %s", f.Kind, f.At.UTC().Format(time.RFC3339))
	}
	if f.Retracted {
		s += " (withdrawn)"
	}
	return s
}

// ChangeEntry is the audit entry of a colour change; cause says why ("a
// fact from f-…", "expired").
func ChangeEntry(c StatusChange, at time.Time, actor, cause string) audit.Entry {
	return audit.Entry{At: at, Kind: audit.StatusChanged, Actor: actor, IIN: c.IIN,
		Detail: fmt.Sprintf("%s -> %s (%s)", c.From, c.To, cause)}
}
