package outbox

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"

	"github.com/ashyq/kiosk/sync/atomicfile"
)

// seqLeaseStep is how many sequence numbers one sidecar write reserves. It
// bounds both the extra fsyncs (one per step) and the unassigned numbers a
// recovery skips.
const seqLeaseStep = 1024

// seqLease is the sidecar file that remembers the highest sequence number
// that may have been assigned, independent of the bbolt file, so a corrupt
// outbox cannot make the device reuse numbers the upstream already has.
// The file holds the number (8 bytes big-endian) and its CRC-32.
type seqLease struct {
	path string
	high uint64 // every assigned seq is <= high
}

// loadSeqLease reads the sidecar. A missing file is a zero lease; an
// unreadable or damaged one is reported so Open can log it and go on with
// what the outbox itself knows.
func loadSeqLease(path string) (*seqLease, error) {
	l := &seqLease{path: path}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return l, fmt.Errorf("read seq reservation %s: %w", path, err)
	}
	if len(b) != 12 || crc32.ChecksumIEEE(b[:8]) != binary.BigEndian.Uint32(b[8:]) {
		return l, fmt.Errorf("seq reservation %s is damaged (%d bytes)", path, len(b))
	}
	l.high = binary.BigEndian.Uint64(b[:8])
	return l, nil
}

// ensure makes the reservation cover seq, writing the sidecar (temp file,
// fsync, rename, fsync of the directory) only when it must grow.
func (l *seqLease) ensure(seq uint64) error {
	if seq <= l.high {
		return nil
	}
	return l.set(seq + seqLeaseStep)
}

func (l *seqLease) set(high uint64) error {
	b := binary.BigEndian.AppendUint64(nil, high)
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	if err := atomicfile.Write(l.path, b); err != nil {
		return fmt.Errorf("reserve seq up to %d: %w", high, err)
	}
	l.high = high
	return nil
}
