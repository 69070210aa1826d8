package boltstore

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/store"
)

// bktProofs holds the used holder proofs: proof id -> store.ProofUse JSON.
var bktProofs = []byte("proofs")

// proofFlushEvery is how often the memory of used proofs is written to the
// file: a crash forgets at most this long's uses.
const proofFlushEvery = time.Second

// proofMemory is the bbolt store's memory of used proofs. A bbolt file
// belongs to one process, so the map in RAM is the truth; the proofs
// bucket is its copy for the next start, written in the background once a
// second, because a status lookup must not wait for a disk write (1-2 ms
// here, the whole of a lookup).
//
//	UseProof ──▶ uses (RAM) ──▶ dirty ──flush, every second──▶ proofs/ (file)
//	PruneProofs removes from uses and marks the ids gone for the flush.
type proofMemory struct {
	db        *bolt.DB
	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
	closeErr  error

	mu    sync.Mutex // guards everything below
	uses  map[[store.ProofIDSize]byte]store.ProofUse
	dirty map[[store.ProofIDSize]byte]bool // true: write the use; false: delete it
}

// openProofs loads the uses still remembered at now, deletes the others
// from the file, and starts the flusher.
func openProofs(db *bolt.DB, now time.Time) (*proofMemory, error) {
	m := &proofMemory{db: db, stop: make(chan struct{}), done: make(chan struct{}),
		uses: map[[store.ProofIDSize]byte]store.ProofUse{}, dirty: map[[store.ProofIDSize]byte]bool{}}
	err := db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktProofs)
		var gone [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var u store.ProofUse
			if len(k) != store.ProofIDSize || json.Unmarshal(v, &u) != nil || u.Until.Before(now) {
				gone = append(gone, k) // expired, or damaged: nothing to remember
				return nil
			}
			m.uses[u.ID] = u
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range gone {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load used proofs: %w", err)
	}
	go m.run()
	return m, nil
}

func (m *proofMemory) run() {
	defer close(m.done)
	t := time.NewTicker(proofFlushEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := m.flush(); err != nil {
				slog.Default().Warn("write used proofs", "error", err.Error())
			}
		case <-m.stop:
			return
		}
	}
}

// flush writes what changed since the last flush in one transaction; on
// failure the changes stay for the next one.
func (m *proofMemory) flush() error {
	m.mu.Lock()
	if len(m.dirty) == 0 {
		m.mu.Unlock()
		return nil
	}
	batch := m.dirty
	m.dirty = map[[store.ProofIDSize]byte]bool{}
	puts := make(map[[store.ProofIDSize]byte][]byte, len(batch))
	for id, put := range batch {
		if u, ok := m.uses[id]; put && ok {
			puts[id], _ = json.Marshal(u)
		}
	}
	m.mu.Unlock()
	err := m.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktProofs)
		for id := range batch {
			var err error
			if data, ok := puts[id]; ok {
				err = b.Put(id[:], data)
			} else {
				err = b.Delete(id[:])
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		m.mu.Lock()
		for id, put := range batch {
			if _, newer := m.dirty[id]; !newer {
				m.dirty[id] = put
			}
		}
		m.mu.Unlock()
	}
	return err
}

// close stops the flusher and writes what is left; the file must still be
// open.
func (m *proofMemory) close() error {
	m.closeOnce.Do(func() {
		close(m.stop)
		<-m.done
		m.closeErr = m.flush()
	})
	return m.closeErr
}

// UseProof answers from memory (store.ProofStore).
func (st *Store) UseProof(_ context.Context, u store.ProofUse, peek bool) (store.ProofUse, bool, error) {
	m := st.proofs
	m.mu.Lock()
	defer m.mu.Unlock()
	if first, ok := m.uses[u.ID]; ok && !first.Until.Before(u.At) {
		return first, true, nil
	}
	if !peek {
		m.uses[u.ID] = u
		m.dirty[u.ID] = true
	}
	return store.ProofUse{}, false, nil
}

// PruneProofs forgets expired uses (store.ProofStore).
func (st *Store) PruneProofs(_ context.Context, now time.Time) (int, error) {
	m := st.proofs
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, u := range m.uses {
		if u.Until.Before(now) {
			delete(m.uses, id)
			m.dirty[id] = false
		}
	}
	return len(m.uses), nil
}
