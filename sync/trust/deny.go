package trust

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/wire"
)

// The deny list in memory is a map from the pass id's 16 bytes to 8 bytes
// of record (where a wire.DenyEntry with its strings takes about 100). On
// disk it is a list of chunks, one per commit: the key is the sequence
// number of the chunk's last entry, the value the entries packed at
// recordSize bytes each. A chunk is written once and never read back but at
// start, so the file grows by about recordSize bytes an entry, with none of
// the per-key overhead and half-filled pages that one key per pass cost.
//
// Files written before the chunks held one JSON wire.DenyEntry per key in
// the bucket "deny"; Open turns it into one chunk.

// passID is a pass id (16 bytes, 32 hex digits on the wire).
type passID [16]byte

// denied is one revoked pass in memory: 8 bytes besides its id.
type denied struct {
	at     uint32 // unix seconds (until 2106), for the refusal's message
	reason denyReason
}

// unixSeconds bounds an entry's time to what denied holds.
func unixSeconds(t time.Time) uint32 { return uint32(min(max(t.Unix(), 0), 1<<32-1)) }

type denyReason uint8

const (
	reasonRevoked denyReason = iota
	reasonStatusChanged
)

// reasonOf maps a wire reason to its code. A reason this kiosk does not
// know counts as revoked: the strictest reading.
func reasonOf(s string) denyReason {
	if s == wire.DenyStatusChanged {
		return reasonStatusChanged
	}
	return reasonRevoked
}

func (r denyReason) String() string {
	if r == reasonStatusChanged {
		return wire.DenyStatusChanged
	}
	return wire.DenyRevoked
}

// parseID reads a pass id of 32 hex digits.
func parseID(s string) (passID, bool) {
	var id passID
	if len(s) != 2*len(id) {
		return id, false
	}
	_, err := hex.Decode(id[:], []byte(s))
	return id, err == nil
}

// recordSize is one packed entry: the id, the time (unix seconds) and the
// reason code.
const recordSize = 16 + 4 + 1

var bucketLegacyDeny = []byte("deny")

// encodeChunk packs entries whose ids were checked (checkDenyPage).
func encodeChunk(entries []wire.DenyEntry) []byte {
	b := make([]byte, 0, len(entries)*recordSize)
	for _, d := range entries {
		id, _ := parseID(d.PassID)
		b = append(b, id[:]...)
		b = binary.BigEndian.AppendUint32(b, unixSeconds(d.At))
		b = append(b, byte(reasonOf(d.Reason)))
	}
	return b
}

// addChunk adds a packed chunk to memory. mu must be held for writing (or
// the store not shared yet).
func (s *Store) addChunk(b []byte) {
	for ; len(b) >= recordSize; b = b[recordSize:] {
		var id passID
		copy(id[:], b)
		s.deny[id] = denied{at: binary.BigEndian.Uint32(b[16:20]), reason: denyReason(b[20])}
	}
}

// loadDenied reads the chunks into memory, after turning a file's
// per-key list from before the chunks into one.
func (s *Store) loadDenied(tx *bolt.Tx) error {
	if err := s.convertLegacyDeny(tx); err != nil {
		return err
	}
	// Sized once for every entry, the map takes about 30 bytes an entry;
	// grown one chunk at a time, up to twice that.
	n := 0
	_ = tx.Bucket(bucketDenied).ForEach(func(_, v []byte) error { n += len(v) / recordSize; return nil })
	s.deny = make(map[passID]denied, n)
	return tx.Bucket(bucketDenied).ForEach(func(k, v []byte) error {
		if len(k) != 8 || len(v)%recordSize != 0 {
			return fmt.Errorf("chunk %x of %d bytes is not a deny list chunk", k, len(v))
		}
		s.addChunk(v)
		return nil
	})
}

func (s *Store) convertLegacyDeny(tx *bolt.Tx) error {
	old := tx.Bucket(bucketLegacyDeny)
	if old == nil {
		return nil
	}
	var entries []wire.DenyEntry
	var last uint64
	err := old.ForEach(func(k, v []byte) error {
		var e wire.DenyEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("%.40q: %w", k, err)
		}
		if _, ok := parseID(e.PassID); !ok {
			return fmt.Errorf("%.40q: not a pass id", k)
		}
		entries, last = append(entries, e), max(last, e.Seq)
		return nil
	})
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		if err := tx.Bucket(bucketDenied).Put(binary.BigEndian.AppendUint64(nil, last), encodeChunk(entries)); err != nil {
			return err
		}
	}
	return tx.DeleteBucket(bucketLegacyDeny)
}

// Denied finds a revoked pass (pass.DenyList).
func (s *Store) Denied(id string) (wire.DenyEntry, bool) {
	key, ok := parseID(id)
	if !ok {
		return wire.DenyEntry{}, false
	}
	s.mu.RLock()
	d, ok := s.deny[key]
	s.mu.RUnlock()
	if !ok {
		return wire.DenyEntry{}, false
	}
	return wire.DenyEntry{PassID: id, Reason: d.reason.String(), At: time.Unix(int64(d.at), 0).UTC()}, true
}
