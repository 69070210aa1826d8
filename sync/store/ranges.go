package store

import (
	"sort"

	"github.com/ashyq/kiosk/sync/wire"
)

// SeqSet is the set of sequence numbers received from one device, kept as
// sorted, disjoint, non-adjacent inclusive ranges. A device that sends in
// order is a single range however many events it sent, so the per-batch
// read-modify-write of a device record stays small.
type SeqSet []wire.SeqRange

// Add inserts n and reports whether it was new.
func (s *SeqSet) Add(n uint64) bool {
	r := *s
	// Fast path: the next number after the highest one, or beyond it.
	if len(r) == 0 || n > r[len(r)-1].To+1 {
		*s = append(r, wire.SeqRange{From: n, To: n})
		return true
	}
	if n == r[len(r)-1].To+1 {
		r[len(r)-1].To = n
		return true
	}
	// First range that n is inside of, or directly before/after.
	i := sort.Search(len(r), func(i int) bool { return r[i].To+1 >= n })
	cur := &r[i]
	switch {
	case n >= cur.From && n <= cur.To:
		return false
	case n == cur.To+1:
		cur.To = n
		if i+1 < len(r) && r[i+1].From == n+1 {
			cur.To = r[i+1].To
			*s = append(r[:i+1], r[i+2:]...)
		}
		return true
	case n+1 == cur.From:
		// The previous range ends below n-1, or Search would have found it.
		cur.From = n
		return true
	default:
		r = append(r, wire.SeqRange{})
		copy(r[i+1:], r[i:])
		r[i] = wire.SeqRange{From: n, To: n}
		*s = r
		return true
	}
}

// Max returns the highest number in the set, 0 if empty.
func (s SeqSet) Max() uint64 {
	if len(s) == 0 {
		return 0
	}
	return s[len(s)-1].To
}

// Gaps returns the numbers in 1..max(s) that are missing, as ranges. It never
// returns nil, so the JSON says [] rather than null.
func (s SeqSet) Gaps() []wire.SeqRange {
	out := []wire.SeqRange{}
	next := uint64(1)
	for _, r := range s {
		if r.From > next {
			out = append(out, wire.SeqRange{From: next, To: r.From - 1})
		}
		next = r.To + 1
	}
	return out
}
