package boltstore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/registry"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// The registry's buckets (FactStore and AuditStore in bbolt).
var (
	bktFacts      = []byte("facts")        // system|value -> registry.Stored JSON
	bktFactsByIIN = []byte("facts_by_iin") // iin + system|value -> nothing
	bktAudit      = []byte("audit")        // seq (u64) -> audit.Entry JSON
	bktAuditByIIN = []byte("audit_by_iin") // iin + seq -> nothing
)

// initFacts makes the registry's buckets. A file from before facts keeps
// its colours: each registry entry that is not blue becomes a manual fact,
// as if set by hand now, so every colour stays what it was.
func initFacts(tx *bolt.Tx, now time.Time) error {
	for _, b := range [][]byte{bktAudit, bktAuditByIIN, bktFactsByIIN} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	if tx.Bucket(bktFacts) != nil {
		return nil
	}
	if _, err := tx.CreateBucket(bktFacts); err != nil {
		return err
	}
	var facts []registry.Fact
	err := tx.Bucket(bktRegistry).ForEach(func(k, v []byte) error {
		if s := wire.Status(v); s.Valid() && s != wire.Blue {
			facts = append(facts, registry.ManualFact(string(k), s, now))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, f := range facts {
		if err := putFact(tx, registry.Stored{Fact: f, Feeder: audit.ActorCLI, Received: now.UTC()}, nil); err != nil {
			return fmt.Errorf("registry entry as a fact: %w", err)
		}
	}
	return nil
}

// putFact stores s, replacing old (nil: none) and its index entry.
func putFact(tx *bolt.Tx, s registry.Stored, old *registry.Stored) error {
	key := []byte(s.Key())
	byIIN := tx.Bucket(bktFactsByIIN)
	if old != nil && old.IIN != s.IIN {
		if err := byIIN.Delete(append([]byte(old.IIN), key...)); err != nil {
			return err
		}
	}
	if err := putJSON(tx.Bucket(bktFacts), key, s); err != nil {
		return err
	}
	return byIIN.Put(append([]byte(s.IIN), key...), nil)
}

// factsOf reads a person's facts.
func factsOf(tx *bolt.Tx, iin string) ([]registry.Stored, error) {
	var out []registry.Stored
	facts := tx.Bucket(bktFacts)
	c := tx.Bucket(bktFactsByIIN).Cursor()
	prefix := []byte(iin)
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		v := facts.Get(k[len(prefix):])
		if v == nil {
			continue
		}
		var s registry.Stored
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, fmt.Errorf("decode fact: %w", err)
		}
		out = append(out, s)
	}
	return out, nil
}

func plain(ss []registry.Stored) []registry.Fact {
	return store.Person{Facts: ss}.Plain()
}

// PutFacts: one transaction, in bbolt's single writer, so the plan made
// from what it reads is what it writes.
func (st *Store) PutFacts(_ context.Context, b store.FactBatch) (store.FactResult, error) {
	var res store.FactResult
	err := st.db.Update(func(tx *bolt.Tx) error {
		held := map[string]registry.Stored{}
		facts := tx.Bucket(bktFacts)
		for _, f := range b.Facts {
			if v := facts.Get([]byte(f.Key())); v != nil {
				var s registry.Stored
				if err := json.Unmarshal(v, &s); err != nil {
					return fmt.Errorf("decode fact: %w", err)
				}
				held[f.Key()] = s
			}
		}
		plan := store.PlanFacts(b, held)
		for _, w := range plan.Writes {
			var old *registry.Stored
			if o, ok := plan.Old[w.Key()]; ok {
				old = &o
			}
			if err := putFact(tx, w, old); err != nil {
				return fmt.Errorf("put fact: %w", err)
			}
		}
		entries := plan.Entries
		res = store.FactResult{Outcomes: plan.Outcomes}
		for _, id := range plan.Touched {
			ss, err := factsOf(tx, id)
			if err != nil {
				return err
			}
			c, err := settle(tx, id, b.Judge(plain(ss)), b.Now)
			if err != nil {
				return err
			}
			if c == nil {
				continue // this person's colour is the same
			}
			res.Changes = append(res.Changes, *c)
			entries = append(entries, store.ChangeEntry(*c, b.Now, b.Feeder, "facts from "+b.Feeder))
		}
		return appendAudit(tx, entries)
	})
	if err != nil {
		return store.FactResult{}, fmt.Errorf("put facts: %w", err)
	}
	return res, nil
}

// settle records colour s for iin if it differs from the recorded one,
// revoking the person's passes; it returns the change, nil if none.
func settle(tx *bolt.Tx, iin string, s wire.Status, now time.Time) (*store.StatusChange, error) {
	old := registryStatus(tx, iin)
	if old == s {
		return nil, nil
	}
	if err := revokeForIIN(tx, iin, now); err != nil {
		return nil, fmt.Errorf("revoke passes: %w", err)
	}
	if err := tx.Bucket(bktRegistry).Put([]byte(iin), []byte(s)); err != nil {
		return nil, fmt.Errorf("put registry entry: %w", err)
	}
	return &store.StatusChange{IIN: iin, From: old, To: s}, nil
}

func (st *Store) PersonFacts(_ context.Context, iin string) (store.Person, error) {
	var p store.Person
	err := st.db.View(func(tx *bolt.Tx) error {
		p.Recorded = registryStatus(tx, iin)
		var err error
		p.Facts, err = factsOf(tx, iin)
		return err
	})
	return p, err
}

func (st *Store) Settle(_ context.Context, iin string, now time.Time, judge store.Judge, actor string) (wire.Status, bool, error) {
	var s wire.Status
	var changed bool
	err := st.db.Update(func(tx *bolt.Tx) error {
		ss, err := factsOf(tx, iin)
		if err != nil {
			return err
		}
		s = judge(plain(ss))
		c, err := settle(tx, iin, s, now)
		if err != nil || c == nil {
			return err
		}
		changed = true
		return appendAudit(tx, []audit.Entry{store.ChangeEntry(*c, now, actor, "expired")})
	})
	return s, changed, err
}

// appendAudit numbers and stores entries in tx.
func appendAudit(tx *bolt.Tx, entries []audit.Entry) error {
	b, byIIN := tx.Bucket(bktAudit), tx.Bucket(bktAuditByIIN)
	b.FillPercent = 1.0 // append-only
	for _, e := range entries {
		if err := e.Validate(); err != nil {
			return fmt.Errorf("audit entry: %w", err)
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		e.Seq = seq
		if err := putJSON(b, u64(seq), e); err != nil {
			return err
		}
		if e.IIN != "" {
			if err := byIIN.Put(append([]byte(e.IIN), u64(seq)...), nil); err != nil {
				return err
			}
		}
	}
	return nil
}

func (st *Store) AppendAudit(_ context.Context, entries ...audit.Entry) error {
	return st.db.Update(func(tx *bolt.Tx) error { return appendAudit(tx, entries) })
}

func (st *Store) ListAudit(_ context.Context, q audit.Query) ([]audit.Entry, bool, error) {
	out := []audit.Entry{}
	more := false
	limit := q.PageLimit()
	err := st.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktAudit)
		// One person's entries through the index, everyone's through the
		// log; both in sequence order.
		var next func() []byte
		if q.IIN != "" {
			c := tx.Bucket(bktAuditByIIN).Cursor()
			prefix := []byte(q.IIN)
			var k []byte
			first := true
			next = func() []byte {
				switch {
				case first && q.Newest:
					// The last key of the prefix (below Before): before the
					// first key after it.
					top := ^uint64(0)
					if q.Before > 0 {
						top = q.Before
					}
					if k, _ = c.Seek(append(append([]byte{}, prefix...), u64(top)...)); k == nil {
						k, _ = c.Last()
					} else if q.Before > 0 || !bytes.HasPrefix(k, prefix) {
						k, _ = c.Prev()
					}
				case first:
					k, _ = c.Seek(append(append([]byte{}, prefix...), u64(q.After+1)...))
				case q.Newest:
					k, _ = c.Prev()
				default:
					k, _ = c.Next()
				}
				first = false
				if k == nil || !bytes.HasPrefix(k, prefix) || len(k) != len(prefix)+8 {
					return nil
				}
				return k[len(prefix):]
			}
		} else {
			c := b.Cursor()
			first := true
			next = func() []byte {
				var k []byte
				switch {
				case first && q.Newest && q.Before > 0:
					if k, _ = c.Seek(u64(q.Before)); k == nil {
						k, _ = c.Last()
					} else {
						k, _ = c.Prev()
					}
				case first && q.Newest:
					k, _ = c.Last()
				case first:
					k, _ = c.Seek(u64(q.After + 1))
				case q.Newest:
					k, _ = c.Prev()
				default:
					k, _ = c.Next()
				}
				first = false
				return k
			}
		}
		for k := next(); k != nil; k = next() {
			var e audit.Entry
			if err := json.Unmarshal(b.Get(k), &e); err != nil {
				return fmt.Errorf("decode audit entry: %w", err)
			}
			if q.Newest && q.After > 0 && e.Seq <= q.After {
				break
			}
			if !q.Matches(e) {
				continue
			}
			if len(out) == limit {
				more = true
				break
			}
			out = append(out, e)
		}
		return nil
	})
	return out, more, err
}

// PruneAudit deletes entries older than before, oldest first, with their
// index entries.
func (st *Store) PruneAudit(_ context.Context, before time.Time) (int, error) {
	n := 0
	err := st.db.Update(func(tx *bolt.Tx) error {
		b, byIIN := tx.Bucket(bktAudit), tx.Bucket(bktAuditByIIN)
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.First() {
			var e audit.Entry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode audit entry: %w", err)
			}
			if !e.At.Before(before) {
				return nil
			}
			if e.IIN != "" {
				if err := byIIN.Delete(append([]byte(e.IIN), k...)); err != nil {
					return err
				}
			}
			if err := c.Delete(); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
