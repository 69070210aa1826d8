package outbox

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/ashyq/kiosk/sync/wire"
)

// Stored events use a small binary form instead of JSON: about 75 bytes per
// event against about 260 for JSON, which matters on a kiosk's SD card. The
// Seq is not stored in the value because every bucket keys events by it.
//
//	version(1) flags(1) id(16 raw bytes, or uvarint length + text)
//	device venue door (uvarint length + text each)
//	kind (enum) iin (text) status (enum) source (enum) reason (text)
//	scanned_at (varint Unix nanoseconds, absent when zero)
//	staff (text, only with flagStaff: an override's staff name)
//
// A field added later goes at the end behind a flag of its own, so the
// version stays 1 and an older kiosk binary (after a downgrade) still reads
// every record, ignoring what it does not know.
const codecVersion = 1

const (
	flagRawUUID  = 1 << 0 // the id is a canonical UUID stored as 16 bytes
	flagZeroTime = 1 << 1 // scanned_at is the zero time
	flagStaff    = 1 << 2 // a staff name follows scanned_at
)

var errShortValue = errors.New("truncated value")

// encodeEvent returns the stored form of ev (without its Seq).
func encodeEvent(ev wire.Event) []byte {
	b := make([]byte, 0, 96+len(ev.Reason))
	var flags byte
	u, rawID := canonicalUUID(ev.ID)
	if rawID {
		flags |= flagRawUUID
	}
	if ev.ScannedAt.IsZero() {
		flags |= flagZeroTime
	}
	if ev.Staff != "" {
		flags |= flagStaff
	}
	b = append(b, codecVersion, flags)
	if rawID {
		b = append(b, u[:]...)
	} else {
		b = appendString(b, ev.ID)
	}
	b = appendString(b, ev.Device)
	b = appendString(b, ev.Venue)
	b = appendString(b, ev.Door)
	b = appendEnum(b, string(ev.Kind), kinds)
	b = appendString(b, ev.IIN)
	b = appendEnum(b, string(ev.Status), statuses)
	b = appendEnum(b, string(ev.Source), sources)
	b = appendString(b, ev.Reason)
	if !ev.ScannedAt.IsZero() {
		b = binary.AppendVarint(b, ev.ScannedAt.UnixNano())
	}
	if ev.Staff != "" {
		b = appendString(b, ev.Staff)
	}
	return b
}

// decodeEvent parses a stored event and gives it seq.
func decodeEvent(b []byte, seq uint64) (wire.Event, error) {
	ev := wire.Event{Seq: seq}
	if len(b) < 2 {
		return ev, fmt.Errorf("decode event %d: %w", seq, errShortValue)
	}
	if b[0] != codecVersion {
		return ev, fmt.Errorf("decode event %d: unknown encoding version %d", seq, b[0])
	}
	flags := b[1]
	r := reader{b: b[2:]}
	if flags&flagRawUUID != 0 {
		raw := r.bytes(16)
		if raw != nil {
			ev.ID = uuid.UUID(raw).String()
		}
	} else {
		ev.ID = r.string()
	}
	ev.Device = r.string()
	ev.Venue = r.string()
	ev.Door = r.string()
	ev.Kind = wire.Kind(r.enum(kinds))
	ev.IIN = r.string()
	ev.Status = wire.Status(r.enum(statuses))
	ev.Source = wire.Source(r.enum(sources))
	ev.Reason = r.string()
	if flags&flagZeroTime == 0 {
		n, k := binary.Varint(r.b)
		if k <= 0 {
			r.err = errShortValue
		} else {
			ev.ScannedAt = time.Unix(0, n).UTC()
			r.b = r.b[k:]
		}
	}
	if flags&flagStaff != 0 {
		ev.Staff = r.string()
	}
	if r.err != nil {
		return ev, fmt.Errorf("decode event %d: %w", seq, r.err)
	}
	return ev, nil
}

// canonicalUUID reports whether id is a UUID in its canonical lowercase form,
// the only form that survives a round trip through 16 raw bytes.
func canonicalUUID(id string) (uuid.UUID, bool) {
	if len(id) != 36 {
		return uuid.UUID{}, false
	}
	u, err := uuid.Parse(id)
	if err != nil || u.String() != id {
		return uuid.UUID{}, false
	}
	return u, true
}

// idKey is the key of an id in the ids index: 16 raw bytes for a canonical
// UUID, otherwise the text behind a zero byte and never 16 bytes long, so the
// two forms cannot collide.
func idKey(id string) []byte {
	if u, ok := canonicalUUID(id); ok {
		return u[:]
	}
	k := append([]byte{0}, id...)
	if len(k) == 16 {
		k = append(k, 0)
	}
	return k
}

// Enumerations are stored as one byte: the value's index + 1 in its table,
// or enumText followed by the text for a value the table does not know, so
// an unexpected value is kept rather than lost.
var (
	// Append only: stored codes are indexes.
	kinds    = []string{string(wire.Entry), string(wire.Exit), string(wire.Refusal), string(wire.Override)}
	statuses = []string{string(wire.Red), string(wire.Yellow), string(wire.Green), string(wire.Blue)}
	sources  = []string{string(wire.SourceOnline), string(wire.SourceCache), string(wire.SourceNone), string(wire.SourcePass),
		string(wire.SourceUnchecked), string(wire.SourceSkipped)}
)

const enumText = 0xff

func appendEnum(b []byte, v string, table []string) []byte {
	for i, t := range table {
		if t == v {
			return append(b, byte(i+1))
		}
	}
	return appendString(append(b, enumText), v)
}

func (r *reader) enum(table []string) string {
	code := r.bytes(1)
	if code == nil {
		return ""
	}
	switch c := int(code[0]); {
	case c == enumText:
		return r.string()
	case c >= 1 && c <= len(table):
		return table[c-1]
	default:
		r.err = fmt.Errorf("unknown enum code %d", c)
		return ""
	}
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// reader consumes a stored value and remembers the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || len(r.b) < n {
		r.err = errShortValue
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) string() string {
	if r.err != nil {
		return ""
	}
	n, k := binary.Uvarint(r.b)
	if k <= 0 || n > uint64(len(r.b)-k) {
		r.err = errShortValue
		return ""
	}
	r.b = r.b[k:]
	return string(r.bytes(int(n)))
}

// u64 and i64 are the fixed 8-byte big-endian forms used in keys, so that
// byte order equals numeric order.
func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

func getU64(b []byte) uint64 {
	if len(b) < 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// timeKey encodes t as Unix nanoseconds; times before 1970 clamp to zero so
// that the key order stays the time order.
func timeKey(t time.Time) []byte {
	n := t.UnixNano()
	if n < 0 {
		n = 0
	}
	return u64(uint64(n))
}

func keyTime(b []byte) time.Time {
	n := getU64(b)
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, int64(n)).UTC()
}
