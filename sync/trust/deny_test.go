package trust_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/wire"
)

// endless is an upstream whose deny list never ends: every page is full
// and says more follow, up to total entries when total is set.
type endless struct {
	pages, total int
	key          wire.IssuerKey
}

func newEndless(total int) *endless {
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	return &endless{total: total, key: wire.IssuerKey{KID: "0a0b0c0d", Alg: "EdDSA", PublicKey: pub}}
}

func (e *endless) Keys(context.Context) (wire.KeySet, error) {
	return wire.KeySet{Keys: []wire.IssuerKey{e.key}, Time: time.Now()}, nil
}

func (e *endless) DenyList(_ context.Context, after uint64) (wire.DenyList, error) {
	e.pages++
	var dl wire.DenyList
	for i := range 1000 {
		seq := after + uint64(i) + 1
		if e.total > 0 && seq > uint64(e.total) {
			break
		}
		dl.Entries = append(dl.Entries, wire.DenyEntry{PassID: fmt.Sprintf("%032x", seq), Reason: wire.DenyRevoked,
			At: time.Now(), Seq: seq})
	}
	dl.More = e.total == 0 || after+uint64(len(dl.Entries)) < uint64(e.total)
	return dl, nil
}

// A deny list longer than the kiosk holds is bounded while it is read:
// the kiosk stops asking at its limit, keeps what it read (and refuses
// those passes), and says the list is full, so passes are not trusted
// offline. Before, pages were gathered in memory before any limit was
// checked (1,000 pages a refresh), and the limit was a million entries.
func TestDenyListBoundedWhileReading(t *testing.T) {
	path := filepath.Join(t.TempDir(), trust.File)
	st, err := trust.Open(path, trust.Options{MaxDenied: 20_000})
	if err != nil {
		t.Fatal(err)
	}
	up := newEndless(0)
	if err := st.Refresh(context.Background(), up); err != nil {
		t.Fatal(err)
	}
	s := st.Status()
	if s.Deny != trust.DenyFull || s.Denied != 20_000 || s.Keys != 1 {
		t.Fatalf("after an endless list: %+v", s)
	}
	if up.pages > 21 {
		t.Errorf("read %d pages of 1,000 for a limit of 20,000", up.pages)
	}
	if _, ok := st.Denied(fmt.Sprintf("%032x", 20_000)); !ok {
		t.Error("the last entry held is not denied")
	}
	// While full, a refresh asks one page, and holds no more.
	up.pages = 0
	if err := st.Refresh(context.Background(), up); err != nil || up.pages != 1 || st.Status().Denied != 20_000 {
		t.Fatalf("refresh while full: %v, %d pages, %+v", err, up.pages, st.Status())
	}
	// The state survives a restart; a larger limit reads on from where
	// the list stopped, and a list that ends is complete.
	again, err := trust.Open(path, trust.Options{MaxDenied: 50_000})
	if err != nil {
		t.Fatal(err)
	}
	if s := again.Status(); s.Deny != trust.DenyFull || s.Denied != 20_000 {
		t.Fatalf("reopened: %+v", s)
	}
	up = newEndless(30_000)
	if err := again.Refresh(context.Background(), up); err != nil {
		t.Fatal(err)
	}
	if s := again.Status(); s.Deny != trust.DenyComplete || s.Denied != 30_000 || up.pages != 10 {
		t.Fatalf("after the list ended: %+v, %d pages", s, up.pages)
	}
}

// A trust file written before the chunked layout (one JSON entry per pass
// id in the bucket "deny") is read and converted; the next refresh goes on
// from its cursor.
func TestOldDenyListLayoutIsRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), trust.File)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		deny, _ := tx.CreateBucket([]byte("deny"))
		meta, _ := tx.CreateBucket([]byte("meta"))
		for seq := uint64(1); seq <= 3; seq++ {
			e := wire.DenyEntry{PassID: fmt.Sprintf("%032x", seq), Reason: wire.DenyStatusChanged, At: time.Unix(1700000000, 0), Seq: seq}
			v, _ := json.Marshal(e)
			if err := deny.Put([]byte(e.PassID), v); err != nil {
				return err
			}
		}
		return meta.Put([]byte("deny_last"), binary.BigEndian.AppendUint64(nil, 3))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	for range 2 { // converted, then read from the new layout
		st, err := trust.Open(path, trust.Options{})
		if err != nil {
			t.Fatal(err)
		}
		d, ok := st.Denied(fmt.Sprintf("%032x", 2))
		if !ok || d.Reason != wire.DenyStatusChanged || d.At.Unix() != 1700000000 || st.Status().Denied != 3 {
			t.Fatalf("old entry: %+v %v, status %+v", d, ok, st.Status())
		}
	}
	st, _ := trust.Open(path, trust.Options{})
	up := newEndless(5)
	if err := st.Refresh(context.Background(), up); err != nil || st.Status().Denied != 5 {
		t.Fatalf("refresh after conversion: %v, %+v", err, st.Status())
	}
}
