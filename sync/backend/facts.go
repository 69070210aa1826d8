package backend

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"

	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/registry"
	"github.com/ashyq/kiosk/sync/registry/fhirin"
	"github.com/ashyq/kiosk/sync/registry/rules"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// judge is the rules at now, as a store.Judge.
func (b *Backend) judge(now time.Time) store.Judge {
	return func(facts []registry.Fact) wire.Status { return b.rules.Evaluate(facts, now).Status }
}

// Rules are the registry's rules.
func (b *Backend) Rules() rules.Rules { return b.rules }

// Judge is a person's status now, from their facts: the colour, when it can
// next change by time alone, and why. A colour that differs from the one
// recorded (a negative test that aged out since) is recorded first, which
// revokes the person's passes and audits the change.
func (b *Backend) Judge(ctx context.Context, person string) (rules.Answer, error) {
	now := b.now()
	p, err := b.st.PersonFacts(ctx, person)
	if err != nil {
		return rules.Answer{}, fmt.Errorf("read facts: %w", err)
	}
	a := b.rules.Evaluate(p.Plain(), now)
	if a.Status == p.Recorded {
		return a, nil
	}
	s, changed, err := b.st.Settle(ctx, person, now, b.judge(now), audit.ActorSystem)
	if err != nil {
		return rules.Answer{}, fmt.Errorf("record status: %w", err)
	}
	if changed {
		b.log.Info("status changed by time", "iin", iin.Mask(person), "status", s)
	}
	if s != a.Status { // a fact came in meanwhile: judge what is held now
		if p, err = b.st.PersonFacts(ctx, person); err != nil {
			return rules.Answer{}, fmt.Errorf("read facts: %w", err)
		}
		a = b.rules.Evaluate(p.Plain(), now)
	}
	return a, nil
}

// Status is a person's colour now (Judge without the why).
func (b *Backend) Status(ctx context.Context, person string) (wire.Status, error) {
	a, err := b.Judge(ctx, person)
	return a.Status, err
}

// SetStatus sets a person's colour by hand: a manual fact that holds until
// set again (tests of other packages, the demo).
func (b *Backend) SetStatus(ctx context.Context, person string, st wire.Status) error {
	if err := iin.Validate(person); err != nil {
		return fmt.Errorf("set status: %w", err)
	}
	if !st.Valid() {
		return fmt.Errorf("set status: %q is not a colour", st)
	}
	_, err := b.PutFacts(ctx, []registry.Fact{registry.ManualFact(person, st, b.now())}, audit.ActorCLI)
	return err
}

// PutFacts stores valid facts from a feeder in one transaction and logs
// corrections and colour changes.
func (b *Backend) PutFacts(ctx context.Context, facts []registry.Fact, feeder string) (store.FactResult, error) {
	now := b.now()
	for i := range facts {
		if err := facts[i].Validate(); err != nil {
			return store.FactResult{}, invalid(fmt.Errorf("fact %d: %w", i, err))
		}
	}
	res, err := b.st.PutFacts(ctx, store.FactBatch{Facts: facts, Feeder: feeder, Now: now, Judge: b.judge(now)})
	if err != nil {
		return store.FactResult{}, err
	}
	for i, o := range res.Outcomes {
		if o == store.FactCorrected {
			b.log.LogAttrs(ctx, slog.LevelInfo, "fact corrected: the new content replaced the old",
				slog.String("fact", facts[i].Key()), slog.String("feeder", feeder), slog.String("iin", iin.Mask(facts[i].IIN)))
		}
	}
	for _, c := range res.Changes {
		b.log.LogAttrs(ctx, slog.LevelInfo, "status changed", slog.String("iin", iin.Mask(c.IIN)),
			slog.String("from", string(c.From)), slog.String("to", string(c.To)), slog.String("feeder", feeder))
	}
	return res, nil
}

// FHIRAnswer is what POST /v1/registry/fhir answers: an HTTP status and a
// FHIR resource (a response Bundle or an OperationOutcome).
type FHIRAnswer struct {
	Code     int
	Resource any
}

// IngestFHIR reads a Bundle from a feeder and stores its facts: a batch
// entry by entry, a transaction all or nothing (FHIR's meanings). Every
// refusal names its entry and why; a store failure is the error.
func (b *Backend) IngestFHIR(ctx context.Context, feeder string, body []byte) (FHIRAnswer, error) {
	bundle, pr := b.fhir.ParseBundle(body, b.now())
	if pr != nil {
		return FHIRAnswer{Code: http.StatusBadRequest, Resource: fhirin.Outcome(pr)}, nil
	}
	if probs := bundle.Problems(); bundle.Transaction && len(probs) > 0 {
		return FHIRAnswer{Code: http.StatusBadRequest, Resource: fhirin.Outcome(probs...)}, nil
	}
	var facts []registry.Fact
	for _, it := range bundle.Items {
		if it.Fact != nil {
			facts = append(facts, *it.Fact)
		}
	}
	var res store.FactResult
	if len(facts) > 0 {
		var err error
		if res, err = b.PutFacts(ctx, facts, feeder); err != nil {
			var inv *InvalidError
			if errors.As(err, &inv) {
				return FHIRAnswer{Code: http.StatusBadRequest, Resource: fhirin.Outcome(&fhirin.Problem{Index: -1,
					Code: fhir.IssueTypeValue, Reason: inv.Error()})}, nil
			}
			return FHIRAnswer{}, err
		}
	}
	entries := make([]fhir.BundleEntry, len(bundle.Items))
	n := 0
	for i, it := range bundle.Items {
		switch {
		case it.Problem != nil:
			entries[i] = fhirin.EntryResponse(fhirin.StatusLine(http.StatusBadRequest, "Bad Request"), it.Problem)
		case it.Fact == nil: // a Patient: read, nothing stored
			entries[i] = fhirin.EntryResponse(fhirin.StatusLine(http.StatusOK, "OK"), nil)
		default:
			code, text := http.StatusOK, "OK" // the same fact again, or a correction
			if res.Outcomes[n] == store.FactNew {
				code, text = http.StatusCreated, "Created"
			}
			entries[i] = fhirin.EntryResponse(fhirin.StatusLine(code, text), nil)
			n++
		}
	}
	return FHIRAnswer{Code: http.StatusOK, Resource: fhirin.ResponseBundle(bundle.Transaction, entries)}, nil
}

// ImportStats count what an import did.
type ImportStats struct {
	Lines, New, Duplicates, Corrected, Bad, Changes int
}

// importBatch is how many facts an import stores per transaction.
const importBatch = 1000

// ImportNDJSON reads FHIR Bulk Data NDJSON from r and stores its facts in
// transactions of importBatch, as actor. Each bad line goes to bad (its line
// number and reason) and is skipped; an error is a reader or store failure.
func (b *Backend) ImportNDJSON(ctx context.Context, r io.Reader, actor string, bad func(*fhirin.Problem)) (ImportStats, error) {
	var st ImportStats
	rd := b.fhir.NewReader(r, b.now())
	batch := make([]registry.Fact, 0, importBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := b.PutFacts(ctx, batch, actor)
		if err != nil {
			return fmt.Errorf("store facts before line %d: %w", rd.Line(), err)
		}
		for _, o := range res.Outcomes {
			switch o {
			case store.FactNew:
				st.New++
			case store.FactDuplicate:
				st.Duplicates++
			case store.FactCorrected:
				st.Corrected++
			}
		}
		st.Changes += len(res.Changes)
		batch = batch[:0]
		return nil
	}
	for {
		it, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return st, err
		}
		st.Lines = rd.Line()
		switch {
		case it.Problem != nil:
			st.Bad++
			if bad != nil {
				bad(it.Problem)
			}
		case it.Fact != nil:
			batch = append(batch, *it.Fact)
			if len(batch) == importBatch {
				if err := flush(); err != nil {
					return st, err
				}
			}
		}
		if err := ctx.Err(); err != nil {
			return st, err
		}
	}
	st.Lines = rd.Line()
	return st, flush()
}

// Audit lists the audit trail; IINs masked unless full. A full listing is
// itself audited as read by actor.
func (b *Backend) Audit(ctx context.Context, q audit.Query, full bool, actor string) ([]audit.Entry, bool, error) {
	entries, more, err := b.st.ListAudit(ctx, q)
	if err != nil {
		return nil, false, fmt.Errorf("list audit: %w", err)
	}
	if !full {
		for i := range entries {
			entries[i] = entries[i].Masked()
		}
		return entries, more, nil
	}
	var iins []string
	for _, e := range entries {
		if e.IIN != "" {
			iins = append(iins, e.IIN)
		}
	}
	if err := b.NoteIINRead(ctx, actor, "the audit trail", iins); err != nil {
		return nil, false, err
	}
	return entries, more, nil
}

// NoteIINRead audits that actor (an operator credential's id) saw these
// full IINs through what (an endpoint, a command): one entry per person.
func (b *Backend) NoteIINRead(ctx context.Context, actor, what string, iins []string) error {
	seen := map[string]bool{}
	var entries []audit.Entry
	now := b.now()
	for _, id := range iins {
		if seen[id] || iin.Validate(id) != nil {
			continue
		}
		seen[id] = true
		entries = append(entries, audit.Entry{At: now, Kind: audit.IINRead, Actor: actor, Subject: what, IIN: id})
	}
	if len(entries) == 0 {
		return nil
	}
	if err := b.st.AppendAudit(ctx, entries...); err != nil {
		return fmt.Errorf("audit the reading: %w", err)
	}
	return nil
}

// PruneAudit removes audit entries older than the retention.
func (b *Backend) PruneAudit(ctx context.Context, retention time.Duration) (int, error) {
	n, err := b.st.PruneAudit(ctx, b.now().Add(-retention))
	if err != nil {
		return 0, fmt.Errorf("prune audit: %w", err)
	}
	if n > 0 {
		b.log.Info("audit entries past their retention removed", "entries", n, "retention", retention)
	}
	return n, nil
}
