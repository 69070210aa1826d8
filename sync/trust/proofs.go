package trust

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/pass"
)

// The holder proofs this kiosk accepted, kept across a restart
// (docs/pass-format.md, "A live code works once"): without them, a
// screenshot of a code accepted just before the kiosk restarted would be
// accepted again after it, offline and (since the upstream does not tell a
// device about its own use) online. Key: the proof id; value: the proof's
// time. They are written in the background every few moments (KeepProofs), not at each
// scan: a scan waits for no extra fsync, and a power cut forgets at most
// the proofs of the last interval.
var bucketProofs = []byte("proofs")

// UsedProofs returns the proofs accepted by this kiosk and still
// remembered, for pass.Replay.Load.
func (s *Store) UsedProofs() ([]pass.Use, error) {
	var out []pass.Use
	err := s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketProofs)
		if err != nil {
			return err
		}
		return b.ForEach(func(k, v []byte) error {
			if len(k) == pass.IDSize && len(v) == 8 { // anything else is not ours: skipped
				out = append(out, pass.Use{ID: [pass.IDSize]byte(k), At: getTime(v)})
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read used proofs from %s: %w", s.path, err)
	}
	return out, nil
}

// SaveProofs applies the replay memory's changes (pass.Replay.Changes) in
// order, and forgets proofs made longer than pass.ProofMemory before now:
// outside every window a verifier may use.
func (s *Store) SaveProofs(changes []pass.Use, now time.Time) error {
	err := s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketProofs)
		if err != nil {
			return err
		}
		for _, u := range changes {
			if u.Released {
				err = b.Delete(u.ID[:])
			} else {
				err = b.Put(u.ID[:], putTime(u.At))
			}
			if err != nil {
				return err
			}
		}
		oldest := now.Add(-pass.ProofMemory)
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(v) != 8 || getTime(v).Before(oldest) {
				if err := c.Delete(); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save used proofs to %s: %w", s.path, err)
	}
	return nil
}

// KeepProofs saves r's changes every interval until ctx ends, and once more
// then: a kiosk stopped in order forgets nothing. A failed save is logged
// and its changes tried again with the next.
func (s *Store) KeepProofs(ctx context.Context, r *pass.Replay, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	var unsaved []pass.Use
	save := func() {
		unsaved = append(unsaved, r.Changes()...)
		if len(unsaved) == 0 {
			return
		}
		if err := s.SaveProofs(unsaved, s.now()); err != nil {
			s.log.Error("used proofs not saved; a restart would forget them", "err", err, "proofs", len(unsaved))
			if len(unsaved) > pass.MaxRemembered { // bounded, oldest dropped
				unsaved = unsaved[len(unsaved)-pass.MaxRemembered:]
			}
			return
		}
		unsaved = nil
	}
	for {
		select {
		case <-ctx.Done():
			save()
			return ctx.Err()
		case <-t.C:
			save()
		}
	}
}
