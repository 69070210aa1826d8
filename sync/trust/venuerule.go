package trust

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// venueRule is the venue's last word on venue-bound proofs
// (docs/pass-format.md, "A live code works once"), kept so a kiosk that
// restarts without the upstream still refuses proofs that name no venue
// where its venue requires them.
type venueRule uint8

const (
	venueUnknown  venueRule = iota // never heard
	venueAny                       // proofs need not name the venue
	venueRequired                  // proofs must name the venue
)

// VenueRule is the venue's last word on venue-bound proofs this kiosk heard
// (SaveVenueRule); known is false when it never heard one.
func (s *Store) VenueRule() (required, known bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.venueRule == venueRequired, s.venueRule != venueUnknown
}

// SaveVenueRule keeps the venue's word on venue-bound proofs, for a restart
// without the upstream. The same word again writes nothing.
func (s *Store) SaveVenueRule(required bool) error {
	rule := venueAny
	if required {
		rule = venueRequired
	}
	s.mu.RLock()
	same := s.venueRule == rule
	s.mu.RUnlock()
	if same {
		return nil
	}
	err := s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(metaVenueRule, []byte{byte(rule)})
	})
	if err != nil {
		return fmt.Errorf("save the venue's rule on proofs to %s: %w", s.path, err)
	}
	s.mu.Lock()
	s.venueRule = rule
	s.mu.Unlock()
	return nil
}
