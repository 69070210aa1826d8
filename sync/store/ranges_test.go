package store

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ashyq/kiosk/sync/wire"
)

func TestSeqSetAdd(t *testing.T) {
	tests := []struct {
		name string
		add  []uint64
		want []wire.SeqRange
		gaps []wire.SeqRange
	}{
		{"in order", []uint64{1, 2, 3}, []wire.SeqRange{{From: 1, To: 3}}, []wire.SeqRange{}},
		{"missing 3..5 and 8", []uint64{1, 2, 6, 7, 9, 10}, []wire.SeqRange{{From: 1, To: 2}, {From: 6, To: 7}, {From: 9, To: 10}}, []wire.SeqRange{{From: 3, To: 5}, {From: 8, To: 8}}},
		{"fill bridges", []uint64{1, 3, 2}, []wire.SeqRange{{From: 1, To: 3}}, []wire.SeqRange{}},
		{"prepend", []uint64{5, 4}, []wire.SeqRange{{From: 4, To: 5}}, []wire.SeqRange{{From: 1, To: 3}}},
		{"insert between", []uint64{1, 9, 5}, []wire.SeqRange{{From: 1, To: 1}, {From: 5, To: 5}, {From: 9, To: 9}}, []wire.SeqRange{{From: 2, To: 4}, {From: 6, To: 8}}},
		{"duplicates", []uint64{2, 2, 1, 2}, []wire.SeqRange{{From: 1, To: 2}}, []wire.SeqRange{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s SeqSet
			for _, n := range tt.add {
				s.Add(n)
			}
			if !slices.Equal(s, tt.want) {
				t.Errorf("set %v, want %v", s, tt.want)
			}
			if g := s.Gaps(); !slices.Equal(g, tt.gaps) {
				t.Errorf("gaps %v, want %v", g, tt.gaps)
			}
		})
	}
}

// TestSeqSetMatchesNaive adds random numbers in random order and compares
// with a plain map.
func TestSeqSetMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for round := 0; round < 50; round++ {
		var s SeqSet
		seen := map[uint64]bool{}
		for i := 0; i < 200; i++ {
			n := uint64(rng.IntN(120) + 1)
			if s.Add(n) == seen[n] {
				t.Fatalf("add(%d) new=%v but seen=%v", n, !seen[n], seen[n])
			}
			seen[n] = true
		}
		for i, r := range s {
			if r.From > r.To || (i > 0 && r.From <= s[i-1].To+1) {
				t.Fatalf("ranges not sorted, disjoint and non-adjacent: %v", s)
			}
		}
		missing := map[uint64]bool{}
		for _, g := range s.Gaps() {
			for n := g.From; n <= g.To; n++ {
				missing[n] = true
			}
		}
		for n := uint64(1); n <= s.Max(); n++ {
			if seen[n] == missing[n] {
				t.Fatalf("%d: seen %v, reported missing %v", n, seen[n], missing[n])
			}
		}
	}
}
