package fhirin

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"

	"github.com/ashyq/kiosk/sync/registry"
)

// Parser reads FHIR into facts with one Config. Safe for concurrent use.
type Parser struct{ k *compiled }

// NewParser makes a Parser; the zero Config is DefaultConfig's IIN system.
func NewParser(c Config) *Parser { return &Parser{k: c.compile()} }

// Item is what one bundle entry or NDJSON line gave: a fact, nothing (a
// Patient, which only resolves references), or a problem.
type Item struct {
	Index        int // the entry's place from 0, or the line from 1
	ResourceType string
	Fact         *registry.Fact
	Problem      *Problem
}

// Bundle is a parsed bundle: its type and each entry's item, in order.
type Bundle struct {
	// Transaction is FHIR's transaction: all entries succeed or none is
	// kept. Otherwise a batch: each entry on its own.
	Transaction bool
	Items       []Item
}

// Problems lists the entries' problems, in order.
func (b Bundle) Problems() []*Problem {
	var out []*Problem
	for _, it := range b.Items {
		if it.Problem != nil {
			out = append(out, it.Problem)
		}
	}
	return out
}

// envelope is a Bundle as first read: the library's model, with its entries
// kept raw (each is read on its own, so one bad entry does not spoil the
// others) and the required type kept as written, so a missing one is told
// from the model's zero value.
type envelope struct {
	fhir.Bundle
	ResourceType string            `json:"resourceType"`
	Type         *string           `json:"type"`
	Entry        []json.RawMessage `json:"entry"`
}

// entryRequest tells a missing request method from the model's zero (GET).
type entryRequest struct {
	Request *struct {
		Method *string `json:"method"`
	} `json:"request"`
}

// ParseBundle reads a Bundle of type batch or transaction at time now. A
// problem with the bundle as a whole (not JSON, not a Bundle, another type,
// no entries, too many) is the second result, with Index -1; problems of
// single entries are in their items.
func (p *Parser) ParseBundle(data []byte, now time.Time) (Bundle, *Problem) {
	var env envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return Bundle{}, &Problem{Index: -1, Code: fhir.IssueTypeStructure,
			Reason: "malformed bundle: " + clip(err.Error(), 200)}
	}
	bad := func(code fhir.IssueType, path, format string, args ...any) (Bundle, *Problem) {
		pr := problem(code, path, format, args...)
		pr.Index = -1
		return Bundle{}, pr
	}
	switch {
	case env.ResourceType != "Bundle":
		return bad(fhir.IssueTypeStructure, "", "resourceType %q: post a Bundle of type batch or transaction", clip(env.ResourceType, 40))
	case env.Type == nil:
		return bad(fhir.IssueTypeRequired, "Bundle.type", "Bundle.type is missing: batch or transaction")
	case *env.Type != "batch" && *env.Type != "transaction":
		return bad(fhir.IssueTypeNotSupported, "Bundle.type", "Bundle.type %q: only batch or transaction is accepted", clip(*env.Type, 40))
	case len(env.Entry) == 0:
		return bad(fhir.IssueTypeRequired, "Bundle.entry", "the bundle has no entries")
	case len(env.Entry) > MaxEntries:
		return bad(fhir.IssueTypeTooCostly, "Bundle.entry", "the bundle has %d entries; at most %d", len(env.Entry), MaxEntries)
	}
	b := Bundle{Transaction: *env.Type == "transaction", Items: make([]Item, len(env.Entry))}
	entries := make([]fhir.BundleEntry, len(env.Entry))
	for i, raw := range env.Entry {
		b.Items[i].Index = i
		root := fmt.Sprintf("Bundle.entry[%d]", i)
		var req entryRequest
		if err := json.Unmarshal(raw, &entries[i]); err != nil {
			b.Items[i].Problem = at(i, problem(fhir.IssueTypeStructure, root, "not a valid entry: %s", clip(err.Error(), 200)))
			continue
		}
		_ = json.Unmarshal(raw, &req) // it decoded as an entry above
		e := entries[i]
		var pr *Problem
		switch {
		case len(e.Resource) == 0:
			pr = problem(fhir.IssueTypeRequired, root+".resource", "the entry has no resource")
		case req.Request == nil || req.Request.Method == nil:
			pr = problem(fhir.IssueTypeRequired, root+".request.method", "request.method is missing: POST or PUT")
		case e.Request.Method != fhir.HTTPVerbPOST && e.Request.Method != fhir.HTTPVerbPUT:
			pr = problem(fhir.IssueTypeNotSupported, root+".request.method", "request.method %s: only POST or PUT of a fact is accepted",
				e.Request.Method.Code())
		}
		b.Items[i].Problem = at(i, pr)
	}
	// Patients first: in a transaction, any entry may refer to them.
	refs := map[string]string{}
	for i := range b.Items {
		it := &b.Items[i]
		if it.Problem != nil {
			continue
		}
		root := fmt.Sprintf("Bundle.entry[%d].resource", i)
		var h header
		if json.Unmarshal(entries[i].Resource, &h) != nil || h.ResourceType != "Patient" {
			continue
		}
		res, pr := p.k.resource(entries[i].Resource, root, now, nil)
		it.ResourceType, it.Problem = "Patient", at(i, pr)
		if pr == nil && b.Transaction {
			if u := entries[i].FullUrl; u != nil && *u != "" {
				refs[*u] = res.patient
			}
			if res.id != "" {
				refs["Patient/"+res.id] = res.patient
			}
		}
	}
	resolve := func(ref string) (string, string) {
		if !b.Transaction {
			return "", fmt.Sprintf("%s: a batch's entries are independent (FHIR): name the person by identifier (system %s, value the IIN), or send a transaction",
				clip(ref, 80), p.k.systems)
		}
		if person, ok := refs[ref]; ok {
			return person, ""
		}
		return "", fmt.Sprintf("%s names no Patient with an IIN in this transaction", clip(ref, 80))
	}
	keys := map[string]int{}
	for i := range b.Items {
		it := &b.Items[i]
		if it.Problem != nil || it.ResourceType == "Patient" {
			continue
		}
		res, pr := p.k.resource(entries[i].Resource, fmt.Sprintf("Bundle.entry[%d].resource", i), now, resolve)
		it.ResourceType, it.Fact, it.Problem = res.rt, res.fact, at(i, pr)
		if pr != nil || !b.Transaction {
			continue
		}
		// FHIR: a transaction whose entries overlap fails.
		if j, dup := keys[res.fact.Key()]; dup {
			it.Fact, it.Problem = nil, at(i, problem(fhir.IssueTypeDuplicate, fmt.Sprintf("Bundle.entry[%d].resource.identifier", i),
				"entry %d has the same identifier: a transaction's entries must not overlap", j))
			continue
		}
		keys[res.fact.Key()] = i
	}
	return b, nil
}

// at sets a problem's index.
func at(i int, p *Problem) *Problem {
	if p != nil {
		p.Index = i
	}
	return p
}

// EntryResponse is a batch-response or transaction-response entry for an
// entry: its HTTP status, and for a problem the OperationOutcome.
func EntryResponse(status string, pr *Problem) fhir.BundleEntry {
	e := fhir.BundleEntry{Response: &fhir.BundleEntryResponse{Status: status}}
	if pr != nil {
		oo, _ := json.Marshal(Outcome(pr)) // an OperationOutcome always encodes
		e.Response.Outcome = oo
	}
	return e
}

// ResponseBundle is the answer to a bundle: batch-response or
// transaction-response with one entry per entry of the request.
func ResponseBundle(transaction bool, entries []fhir.BundleEntry) fhir.Bundle {
	t := fhir.BundleTypeBatchResponse
	if transaction {
		t = fhir.BundleTypeTransactionResponse
	}
	return fhir.Bundle{Type: t, Entry: entries}
}

// StatusLine is the HTTP status text FHIR puts in entry.response.status.
func StatusLine(code int, text string) string {
	return fmt.Sprintf("%d %s", code, strings.TrimSpace(text))
}
