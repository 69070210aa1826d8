package outbox_test

import (
	"encoding/binary"
	"errors"
	"os"
	"testing"

	"github.com/ashyq/kiosk/sync/outbox"
)

// pendingLeafHolding finds the file offset of the leaf page that holds the
// pending event with seq want, by reading bbolt's page layout directly:
// a 16-byte header (id, flags, count, overflow), then 16-byte leaf elements
// (flags, pos, ksize, vsize) whose key lies pos bytes after the element.
func pendingLeafHolding(t *testing.T, path string, want uint64) int64 {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const pageSize = 4096
	for off := 2 * pageSize; off+pageSize <= len(data); off += pageSize {
		p := data[off : off+pageSize]
		if binary.LittleEndian.Uint16(p[8:10]) != 0x02 { // leaf
			continue
		}
		count := int(binary.LittleEndian.Uint16(p[10:12]))
		for i := range count {
			e := 16 + i*16
			pos := int(binary.LittleEndian.Uint32(p[e+4 : e+8]))
			ksize := int(binary.LittleEndian.Uint32(p[e+8 : e+12]))
			if ksize != 8 || e+pos+8 > pageSize {
				break
			}
			if binary.BigEndian.Uint64(p[e+pos:e+pos+8]) == want && i > 0 {
				return int64(off)
			}
		}
	}
	t.Fatalf("no leaf page holds pending seq %d", want)
	return 0
}

func TestDamageFoundLaterIsAnErrorThenRecoveredAtReopen(t *testing.T) {
	path, lastSeq := filled(t, 3000)
	off := pendingLeafHolding(t, path, 1500)
	writeAt(t, path, off, []byte("this is not a page header at all, it is damage"))

	// Pretend the file is too big for the full check: Open misses the damage.
	restore := outbox.SetFullCheckBytes(1)
	o, err := outbox.Open(path, outbox.Options{})
	restore()
	if err != nil {
		t.Fatal(err)
	}
	if o.Recovered() != nil {
		t.Fatalf("the bounded check was expected to miss a middle page: %v", o.Recovered().Cause)
	}
	if _, err := o.Pending(0); !errors.Is(err, outbox.ErrDamaged) {
		t.Fatalf("reading over the damaged page: %v, want ErrDamaged", err)
	}
	// The outbox still works for what is intact.
	if _, err := o.Pending(10); err != nil {
		t.Fatalf("reading intact pages: %v", err)
	}
	if _, err := os.Stat(path + ".damaged"); err != nil {
		t.Fatalf("no damage marker: %v", err)
	}
	o.Close()

	// The marker makes the next Open check every page, whatever the size.
	restore = outbox.SetFullCheckBytes(1)
	defer restore()
	o2 := openAt(t, path, outbox.Options{})
	if o2.Recovered() == nil {
		t.Fatal("reopen after damage did not recover")
	}
	if _, err := os.Stat(path + ".damaged"); !os.IsNotExist(err) {
		t.Fatalf("damage marker left after the full check: %v", err)
	}
	if ev := mustAppend(t, o2, testEvent(1)); ev.Seq <= lastSeq {
		t.Fatalf("seq %d reused after recovery (old last %d)", ev.Seq, lastSeq)
	}
}
