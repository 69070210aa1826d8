package pgstore

import (
	"bytes"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// TestArraysAsPgxEncodesThem: each array is the bytes pgx's own codecs
// send for the same slice, for random values and the edges.
func TestArraysAsPgxEncodesThem(t *testing.T) {
	m := pgtype.NewMap()
	pgx := func(oid uint32, v any) []byte {
		t.Helper()
		b, err := m.Encode(oid, pgtype.BinaryFormatCode, v, nil)
		if err != nil {
			t.Fatalf("pgx: %v", err)
		}
		return b
	}
	same := func(what string, got arrayParam, want []byte) {
		t.Helper()
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: got %x, pgx sends %x", what, []byte(got), want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	edgeTimes := []time.Time{time.Unix(0, 0), time.Unix(-1, 999_999_999), time.Date(1969, 12, 31, 23, 59, 59, 1, time.UTC),
		time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.FixedZone("x", 5*3600)),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 7, 10, 0, 0, 123_456_789, time.FixedZone("a", -3*3600))}
	for round := range 200 {
		n := rng.IntN(40)
		if round < 2 {
			n = round // empty, then one
		}
		texts, bytea := make([]string, n), make([][]byte, n)
		int8s, int2s, bools, times := make([]int64, n), make([]int16, n), make([]bool, n), make([]time.Time, n)
		for i := range n {
			raw := make([]byte, rng.IntN(70))
			for j := range raw {
				raw[j] = byte(rng.IntN(256))
			}
			texts[i] = string([]rune("айдар Öz 💡 venue-00017")[:rng.IntN(20)]) + string(rune('a'+rng.IntN(26)))
			bytea[i] = raw
			int8s[i] = []int64{rng.Int64(), -rng.Int64(), 0, math.MaxInt64, math.MinInt64}[rng.IntN(5)]
			int2s[i] = int16(rng.IntN(1<<16) - 1<<15)
			bools[i] = rng.IntN(2) == 1
			times[i] = edgeTimes[rng.IntN(len(edgeTimes))].Add(time.Duration(rng.Int64N(1 << 50)))
		}
		same("text[]", textArray(texts), pgx(pgtype.TextArrayOID, texts))
		same("bytea[]", byteaArray(bytea), pgx(pgtype.ByteaArrayOID, bytea))
		same("int8[]", int8Array(int8s), pgx(pgtype.Int8ArrayOID, int8s))
		same("int2[]", int2Array(int2s), pgx(pgtype.Int2ArrayOID, int2s))
		same("bool[]", boolArray(bools), pgx(pgtype.BoolArrayOID, bools))
		same("timestamptz[]", timestamptzArray(times), pgx(pgtype.TimestamptzArrayOID, times))
	}
	same("an edge time", timestamptzArray(edgeTimes), pgx(pgtype.TimestamptzArrayOID, edgeTimes))
	// nil is an empty array, not NULL
	same("nil text[]", textArray(nil), pgx(pgtype.TextArrayOID, []string{}))
}

// TestRawArraysSendThemAsTheyAre: a connection's types, once set, send an
// arrayParam as it is and every other value as before.
func TestRawArraysSendThemAsTheyAre(t *testing.T) {
	plain, raw := pgtype.NewMap(), pgtype.NewMap()
	sendArraysRaw(raw)
	arr := textArray([]string{"a", "bc"})
	got, err := raw.Encode(pgtype.TextArrayOID, pgtype.BinaryFormatCode, arr, nil)
	if err != nil || !bytes.Equal(got, arr) {
		t.Fatalf("arrayParam sent as %x, %v; want %x", got, err, []byte(arr))
	}
	for _, c := range []struct {
		oid uint32
		v   any
	}{{pgtype.TextArrayOID, []string{"x", "y"}}, {pgtype.Int8ArrayOID, []int64{1, -2}}, {pgtype.BoolArrayOID, []bool{true}},
		{pgtype.TimestamptzArrayOID, []time.Time{time.Unix(5, 6)}}} {
		for _, format := range []int16{pgtype.BinaryFormatCode, pgtype.TextFormatCode} {
			want, werr := plain.Encode(c.oid, format, c.v, nil)
			got, gerr := raw.Encode(c.oid, format, c.v, nil)
			if !bytes.Equal(got, want) || (werr == nil) != (gerr == nil) {
				t.Errorf("%T in format %d: %q, %v; before %q, %v", c.v, format, got, gerr, want, werr)
			}
		}
	}
}

// BenchmarkGroupArrays encodes a small group's parameters (13 door batches
// of 6 events, each of another venue) as pgx's own codecs do and as
// asArrays does, in the same loop: ns a group for each, and the ratio.
func BenchmarkGroupArrays(b *testing.B) {
	cols := planGroup(b, doorBatches(13, 6), time.Now())
	args := append(cols.eventsArgs(), cols.derivedArgs()...)
	oids := map[reflect.Type]uint32{reflect.TypeFor[[]string](): pgtype.TextArrayOID, reflect.TypeFor[[][]byte](): pgtype.ByteaArrayOID,
		reflect.TypeFor[[]int64](): pgtype.Int8ArrayOID, reflect.TypeFor[[]int16](): pgtype.Int2ArrayOID,
		reflect.TypeFor[[]bool](): pgtype.BoolArrayOID, reflect.TypeFor[[]time.Time](): pgtype.TimestamptzArrayOID,
		reflect.TypeFor[int64](): pgtype.Int8OID}
	m := pgtype.NewMap()
	var spent [2]time.Duration
	var buf []byte
	var err error
	for b.Loop() {
		t0 := time.Now()
		for _, a := range args {
			if buf, err = m.Encode(oids[reflect.TypeOf(a)], pgtype.BinaryFormatCode, a, buf[:0]); err != nil {
				b.Fatal(err)
			}
		}
		t1 := time.Now()
		raw := asArrays(args...)
		spent[0], spent[1] = spent[0]+time.Since(t1), spent[1]+t1.Sub(t0)
		if len(raw) != len(args) {
			b.Fatal("parameters lost")
		}
	}
	b.ReportMetric(float64(spent[0].Nanoseconds())/float64(b.N), "ns/group")
	b.ReportMetric(float64(spent[1].Nanoseconds())/float64(b.N), "pgx-ns/group")
	b.ReportMetric(float64(spent[1])/float64(spent[0]), "speedup")
}
