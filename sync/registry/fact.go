// Package registry is the vocabulary of the upstream's health registry: the
// dated facts it receives from laboratories, the control centre and
// vaccination records (Fact), from which a colour is computed at the moment
// of the question (package rules). Facts come in as HL7 FHIR R4 (package
// fhirin) or, for demos, as a CSV of colours set by hand (ParseCSV).
//
// A fact is identified by its source's identifier (Key: the FHIR
// Identifier's system and value). Receiving the same fact again changes
// nothing; the same key with other content is a correction that replaces
// the fact (Digest tells the two apart).
package registry

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// Kind is what a fact records.
type Kind string

// Fact kinds.
const (
	Test        Kind = "test"        // a laboratory result (PCR or antigen)
	Contact     Kind = "contact"     // a contact of a sick person, from the control centre
	Vaccination Kind = "vaccination" // a vaccination
	Manual      Kind = "manual"      // a colour set by hand: a registry file, the demo
)

// Method is how a test was done.
type Method string

// Test methods.
const (
	PCR     Method = "pcr"     // RNA by nucleic acid amplification
	Antigen Method = "antigen" // antigen by immunoassay
)

// Result is a test's outcome.
type Result string

// Test results.
const (
	Positive     Result = "positive"     // SARS-CoV-2 detected
	Negative     Result = "negative"     // not detected
	Inconclusive Result = "inconclusive" // stored, gives no colour
)

// ManualSystem is the identifier system of facts set by hand; their value
// is the IIN, so a person has at most one manual colour.
const ManualSystem = "manual"

// Field limits: a fact's strings become keys and audit lines.
const (
	MaxSystemBytes = 256
	MaxValueBytes  = 128
	MaxLabBytes    = 200
)

// Fact is one dated piece of health information about one person.
type Fact struct {
	// System and Value are the source's identifier of the fact (a FHIR
	// Identifier); together they are its key.
	System string `json:"system"`
	Value  string `json:"value"`
	IIN    string `json:"iin"`
	Kind   Kind   `json:"kind"`
	// Method and Result are set for tests.
	Method Method `json:"method,omitempty"`
	Result Result `json:"result,omitempty"`
	// Colour is set for manual facts.
	Colour wire.Status `json:"colour,omitempty"`
	// Complete is set for a vaccination that completes its series.
	Complete bool `json:"complete,omitempty"`
	// At is when it happened: a specimen's collection, the contact, the
	// vaccination; for a manual fact, when it was set.
	At time.Time `json:"at"`
	// Lab names the performer of a test, for the audit (free text).
	Lab string `json:"lab,omitempty"`
	// Retracted marks a fact its source withdrew (entered in error,
	// cancelled): it is kept, so the withdrawal is idempotent too, but
	// counts for nothing.
	Retracted bool `json:"retracted,omitempty"`
}

// Key is the fact's identity: its identifier's system and value.
func (f Fact) Key() string { return f.System + "|" + f.Value }

// Digest is the fingerprint of the fact's content: the same key with the
// same digest is a duplicate, with another one a correction. A manual
// fact's time is when it was set, not part of what it says: the same colour
// set again is a duplicate.
func (f Fact) Digest() [sha256.Size]byte {
	if f.Kind == Manual {
		f.At = time.Time{}
	}
	h := sha256.New()
	for _, s := range []string{f.System, f.Value, f.IIN, string(f.Kind), string(f.Method), string(f.Result),
		string(f.Colour), f.Lab} {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	var b [10]byte
	if !f.At.IsZero() { // a zero Time has no Unix nanoseconds
		binary.BigEndian.PutUint64(b[:8], uint64(f.At.UnixNano()))
	}
	if f.Complete {
		b[8] = 1
	}
	if f.Retracted {
		b[9] = 1
	}
	h.Write(b[:])
	var d [sha256.Size]byte
	h.Sum(d[:0])
	return d
}

// Validate checks what every store and rule relies on.
func (f Fact) Validate() error {
	var errs []error
	if f.System == "" || f.Value == "" {
		errs = append(errs, errors.New("the identifier needs a system and a value"))
	}
	if len(f.System) > MaxSystemBytes {
		errs = append(errs, fmt.Errorf("identifier system has %d bytes; at most %d", len(f.System), MaxSystemBytes))
	}
	if len(f.Value) > MaxValueBytes {
		errs = append(errs, fmt.Errorf("identifier value has %d bytes; at most %d", len(f.Value), MaxValueBytes))
	}
	if len(f.Lab) > MaxLabBytes {
		errs = append(errs, fmt.Errorf("lab has %d bytes; at most %d", len(f.Lab), MaxLabBytes))
	}
	if err := iin.Validate(f.IIN); err != nil {
		errs = append(errs, err)
	}
	if f.At.IsZero() {
		errs = append(errs, errors.New("the fact has no date"))
	}
	switch f.Kind {
	case Test:
		if f.Method != PCR && f.Method != Antigen {
			errs = append(errs, fmt.Errorf("test method %q is not pcr or antigen", f.Method))
		}
		if f.Result != Positive && f.Result != Negative && f.Result != Inconclusive {
			errs = append(errs, fmt.Errorf("test result %q is not positive, negative or inconclusive", f.Result))
		}
	case Contact, Vaccination:
	case Manual:
		if !f.Colour.Valid() {
			errs = append(errs, fmt.Errorf("manual colour %q is not a colour", f.Colour))
		}
	default:
		errs = append(errs, fmt.Errorf("fact kind %q is unknown", f.Kind))
	}
	return errors.Join(errs...)
}

// ManualFact is a colour set by hand for a person at a time: the registry
// file's and the demo's facts, one per person.
func ManualFact(person string, colour wire.Status, at time.Time) Fact {
	return Fact{System: ManualSystem, Value: person, IIN: person, Kind: Manual, Colour: colour, At: at.UTC()}
}

// Stored is a fact as a store keeps it: who sent it and when.
type Stored struct {
	Fact
	Feeder   string    `json:"feeder"` // the feeder credential's id, or "cli", "manual"
	Received time.Time `json:"received"`
}
