package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/registry"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// severest is a judge for the store tests: red for any positive, else
// green for any negative, else blue (the store never judges by itself).
func severest(facts []registry.Fact) wire.Status {
	s := wire.Blue
	for _, f := range facts {
		switch {
		case f.Retracted:
		case f.Result == registry.Positive:
			return wire.Red
		case f.Result == registry.Negative:
			s = wire.Green
		}
	}
	return s
}

func labFact(id string, p int, r registry.Result) registry.Fact {
	return registry.Fact{System: "urn:lab", Value: id, IIN: person(p), Kind: registry.Test, Method: registry.PCR,
		Result: r, At: base.Add(-time.Hour), Lab: "lab 1"}
}

func putFacts(t *testing.T, st store.Store, feeder string, facts ...registry.Fact) store.FactResult {
	t.Helper()
	res, err := st.PutFacts(context.Background(), store.FactBatch{Facts: facts, Feeder: feeder, Now: base, Judge: severest})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func testFacts(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	if stale, err := st.RecordPass(ctx, "pass-1", store.PassRecord{IIN: person(1), KID: "k", Status: wire.Blue,
		IssuedAt: base, ValidUntil: base.Add(time.Hour)}); err != nil || stale {
		t.Fatalf("record a blue pass: %v %v", stale, err)
	}
	res := putFacts(t, st, "f-1", labFact("a", 1, registry.Negative), labFact("b", 2, registry.Positive))
	if len(res.Outcomes) != 2 || res.Outcomes[0] != store.FactNew || res.Outcomes[1] != store.FactNew {
		t.Fatalf("outcomes %v", res.Outcomes)
	}
	if len(res.Changes) != 2 || res.Changes[0] != (store.StatusChange{IIN: person(1), From: wire.Blue, To: wire.Green}) {
		t.Fatalf("changes %+v", res.Changes)
	}
	// The colour changed: the blue pass is on the deny list, in the same
	// transaction as the fact.
	deny, _, err := st.DenyList(ctx, 0, 10)
	if err != nil || len(deny) != 1 || deny[0].PassID != "pass-1" || deny[0].Reason != wire.DenyStatusChanged {
		t.Fatalf("deny list %+v, %v", deny, err)
	}
	// The same facts again change nothing.
	res = putFacts(t, st, "f-1", labFact("a", 1, registry.Negative), labFact("b", 2, registry.Positive))
	if res.Outcomes[0] != store.FactDuplicate || res.Outcomes[1] != store.FactDuplicate || len(res.Changes) != 0 {
		t.Fatalf("sent twice: %+v", res)
	}
	// A correction replaces the fact and changes the colour.
	res = putFacts(t, st, "f-2", labFact("b", 2, registry.Negative))
	if res.Outcomes[0] != store.FactCorrected || len(res.Changes) != 1 || res.Changes[0].To != wire.Green {
		t.Fatalf("correction: %+v", res)
	}
	p, err := st.PersonFacts(ctx, person(2))
	if err != nil || p.Recorded != wire.Green || len(p.Facts) != 1 || p.Facts[0].Result != registry.Negative ||
		p.Facts[0].Feeder != "f-2" || !p.Facts[0].Received.Equal(base) {
		t.Fatalf("person 2: %+v, %v", p, err)
	}
	// A correction that names another person moves the fact: both are judged.
	moved := labFact("b", 3, registry.Positive)
	res = putFacts(t, st, "f-2", moved)
	if len(res.Changes) != 2 || res.Changes[0].IIN > res.Changes[1].IIN {
		t.Fatalf("moved fact: %+v", res.Changes)
	}
	if p, _ := st.PersonFacts(ctx, person(2)); len(p.Facts) != 0 || p.Recorded != wire.Blue {
		t.Fatalf("person 2 after the move: %+v", p)
	}
	if p, _ := st.PersonFacts(ctx, person(3)); len(p.Facts) != 1 || p.Recorded != wire.Red {
		t.Fatalf("person 3 after the move: %+v", p)
	}
	if p, _ := st.PersonFacts(ctx, person(9)); len(p.Facts) != 0 || p.Recorded != wire.Blue {
		t.Fatalf("unknown person: %+v", p)
	}
	// A batch whose first person keeps their colour still records the next
	// person's change and every fact's entry.
	before, _, err := st.ListAudit(ctx, audit.Query{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	res = putFacts(t, st, "f-1", labFact("a2", 1, registry.Negative), labFact("d", 5, registry.Positive))
	if len(res.Changes) != 1 || res.Changes[0].IIN != person(5) {
		t.Fatalf("the second person's change: %+v", res.Changes)
	}
	if p, _ := st.PersonFacts(ctx, person(5)); p.Recorded != wire.Red {
		t.Fatalf("person 5 recorded %s", p.Recorded)
	}
	after, _, err := st.ListAudit(ctx, audit.Query{Limit: 1000})
	if err != nil || len(after) != len(before)+3 {
		t.Fatalf("%d entries after %d: want two facts and one change more (%v)", len(after), len(before), err)
	}
	// A key twice in one batch: the later one wins.
	res = putFacts(t, st, "f-1", labFact("c", 4, registry.Positive), labFact("c", 4, registry.Negative))
	if res.Outcomes[0] != store.FactNew || res.Outcomes[1] != store.FactCorrected {
		t.Fatalf("a key twice: %v", res.Outcomes)
	}
	if p, _ := st.PersonFacts(ctx, person(4)); len(p.Facts) != 1 || p.Recorded != wire.Green {
		t.Fatalf("person 4: %+v", p)
	}
	// Settle records a colour changed by time alone, once.
	blue := func([]registry.Fact) wire.Status { return wire.Blue }
	if s, changed, err := st.Settle(ctx, person(1), base.Add(time.Hour), blue, audit.ActorSystem); err != nil || !changed || s != wire.Blue {
		t.Fatalf("settle: %s %v %v", s, changed, err)
	}
	if _, changed, _ := st.Settle(ctx, person(1), base.Add(time.Hour), blue, audit.ActorSystem); changed {
		t.Fatal("settled twice")
	}
	if s, _ := st.Status(ctx, person(1)); s != wire.Blue {
		t.Fatalf("recorded colour after settle: %s", s)
	}
	// The trail: every fact received or corrected, every change, in order.
	entries, more, err := st.ListAudit(ctx, audit.Query{Limit: 100})
	if err != nil || more {
		t.Fatal(err, more)
	}
	var kinds []string
	for i, e := range entries {
		if e.Seq != uint64(i+1) {
			t.Fatalf("entry %d has seq %d", i, e.Seq)
		}
		kinds = append(kinds, string(e.Kind))
	}
	want := []string{"fact.received", "fact.received", "status.changed", "status.changed", "fact.corrected", "status.changed",
		"fact.corrected", "status.changed", "status.changed", "fact.received", "fact.received", "status.changed",
		"fact.received", "fact.corrected", "status.changed", "status.changed"}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Fatalf("audit kinds\n got %v\nwant %v", kinds, want)
	}
	if e := entries[0]; e.Actor != "f-1" || e.IIN != person(1) || e.Subject != "urn:lab|a" || !e.At.Equal(base) {
		t.Fatalf("first entry %+v", e)
	}
	if e := entries[len(entries)-1]; e.Actor != audit.ActorSystem || e.Detail != "green -> blue (expired)" {
		t.Fatalf("last entry %+v", e)
	}
}

func testAudit(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	for i := range 5 {
		e := audit.Entry{At: base.Add(time.Duration(i) * time.Hour), Kind: audit.IINRead, Actor: "o-1", Subject: "test"}
		if i%2 == 0 {
			e.IIN = person(1)
		}
		if i == 4 {
			e.Kind = "security.throttled"
		}
		if err := st.AppendAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.AppendAudit(ctx, audit.Entry{At: base, Kind: "nodot", Actor: "o-1"}); err == nil {
		t.Fatal("an entry without area.event was stored")
	}
	seqs := func(q audit.Query) string {
		t.Helper()
		es, more, err := st.ListAudit(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		s := ""
		for _, e := range es {
			s += fmt.Sprint(e.Seq) + " "
		}
		if more {
			s += "+"
		}
		return s
	}
	for q, want := range map[audit.Query]string{
		{}:                                        "1 2 3 4 5 ",
		{After: 2, Limit: 2}:                      "3 4 +",
		{IIN: person(1)}:                          "1 3 5 ",
		{IIN: person(1), After: 1, Limit: 1}:      "3 +",
		{Kind: "security."}:                       "5 ",
		{Kind: "iin.read", IIN: person(1)}:        "1 3 ",
		{Newest: true, Limit: 2}:                  "5 4 +",
		{Newest: true, IIN: person(1)}:            "5 3 1 ",
		{Newest: true, IIN: person(2)}:            "",
		{Newest: true, Before: 4, Limit: 2}:       "3 2 +",
		{Newest: true, Before: 2}:                 "1 ",
		{Newest: true, Before: 5, IIN: person(1)}: "3 1 ",
		{Newest: true, Before: 3, IIN: person(1)}: "1 ",
		{Newest: true, Before: 99}:                "5 4 3 2 1 ",
	} {
		if got := seqs(q); got != want {
			t.Errorf("%+v: %q, want %q", q, got, want)
		}
	}
	n, err := st.PruneAudit(ctx, base.Add(2*time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("prune: %d, %v", n, err)
	}
	if got := seqs(audit.Query{}); got != "3 4 5 " {
		t.Fatalf("after pruning: %q", got)
	}
	if got := seqs(audit.Query{IIN: person(1)}); got != "3 5 " {
		t.Fatalf("after pruning, one person: %q", got)
	}
}

// testFactsReplicas: two writers of the same person's facts at once end
// with the colour their facts give, and every change audited once.
func testFactsReplicas(t *testing.T, st store.Store, again func() store.Store) {
	second := st
	if again != nil {
		second = again()
		defer second.Close()
	}
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for w, s := range []store.Store{st, second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				r := registry.Negative
				if (i+w)%5 == 0 {
					r = registry.Positive
				}
				_, err := s.PutFacts(context.Background(), store.FactBatch{Facts: []registry.Fact{labFact(fmt.Sprint(w, "-", i), 1, r)},
					Feeder: "f-1", Now: base, Judge: severest})
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	p, err := st.PersonFacts(context.Background(), person(1))
	if err != nil || len(p.Facts) != 40 || p.Recorded != wire.Red {
		t.Fatalf("%d facts, recorded %s, %v", len(p.Facts), p.Recorded, err)
	}
	changes, _, err := st.ListAudit(context.Background(), audit.Query{Kind: "status.changed"})
	if err != nil || len(changes) != 2 { // blue -> green or red, then to red at most once more
		if err == nil && len(changes) == 1 && changes[0].Detail[:13] == "blue -> red (" {
			return
		}
		t.Fatalf("colour changes %+v, %v", changes, err)
	}
}
