package pgstore

import (
	"encoding/binary"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// ingestFast's columns go to PostgreSQL as arrays in their binary form,
// built here in one pass. pgx builds the same bytes, but element by element
// through an interface (each string or number boxed, its type looked up,
// its plan called), and a small group's write waits for that while it holds
// the turn: about 1,600 elements for a group of 13 door batches.

// arrayParam is a one-dimensional array parameter in PostgreSQL's binary
// form, without NULLs; a connection of the ingest pool sends it as it is
// (rawArrays). An empty or nil column is an empty array, never NULL.
type arrayParam []byte

// appendArrayHeader starts an array of n elements of the type elemOID, as
// pgx starts a slice's (one dimension, from 1).
func appendArrayHeader(buf []byte, n int, elemOID uint32) []byte {
	buf = binary.BigEndian.AppendUint32(buf, 1) // dimensions
	buf = binary.BigEndian.AppendUint32(buf, 0) // no NULLs
	buf = binary.BigEndian.AppendUint32(buf, elemOID)
	buf = binary.BigEndian.AppendUint32(buf, uint32(n))
	return binary.BigEndian.AppendUint32(buf, 1) // lower bound
}

// varArray is an array of variable-width elements (text, bytea): each its
// length, then its bytes.
func varArray[B ~string | ~[]byte](v []B, elemOID uint32) arrayParam {
	size := 20
	for _, e := range v {
		size += 4 + len(e)
	}
	buf := appendArrayHeader(make([]byte, 0, size), len(v), elemOID)
	for _, e := range v {
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(e)))
		buf = append(buf, e...)
	}
	return buf
}

// fixedArray is an array of elements width bytes wide, each its length,
// then what put appends of it.
func fixedArray[T any](v []T, elemOID uint32, width int, put func([]byte, T) []byte) arrayParam {
	buf := appendArrayHeader(make([]byte, 0, 20+(4+width)*len(v)), len(v), elemOID)
	for _, e := range v {
		buf = put(binary.BigEndian.AppendUint32(buf, uint32(width)), e)
	}
	return buf
}

func textArray(v []string) arrayParam  { return varArray(v, pgtype.TextOID) }
func byteaArray(v [][]byte) arrayParam { return varArray(v, pgtype.ByteaOID) }

func int8Array(v []int64) arrayParam {
	return fixedArray(v, pgtype.Int8OID, 8, func(b []byte, n int64) []byte { return binary.BigEndian.AppendUint64(b, uint64(n)) })
}

func int2Array(v []int16) arrayParam {
	return fixedArray(v, pgtype.Int2OID, 2, func(b []byte, n int16) []byte { return binary.BigEndian.AppendUint16(b, uint16(n)) })
}

func boolArray(v []bool) arrayParam {
	return fixedArray(v, pgtype.BoolOID, 1, func(b []byte, t bool) []byte {
		if t {
			return append(b, 1)
		}
		return append(b, 0)
	})
}

// unixToY2K is 2000-01-01 UTC, timestamptz's zero, in microseconds since
// 1970.
const unixToY2K = 946_684_800 * 1_000_000

// timestamptzArray keeps whole microseconds, the nanoseconds below cut off
// as pgx cuts them.
func timestamptzArray(v []time.Time) arrayParam {
	return fixedArray(v, pgtype.TimestamptzOID, 8, func(b []byte, t time.Time) []byte {
		return binary.BigEndian.AppendUint64(b, uint64(t.Unix()*1_000_000+int64(t.Nanosecond())/1000-unixToY2K))
	})
}

// asArrays turns each column of args into its arrayParam; other values
// stay as they are.
func asArrays(args ...any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case []string:
			out[i] = textArray(v)
		case [][]byte:
			out[i] = byteaArray(v)
		case []int64:
			out[i] = int8Array(v)
		case []int16:
			out[i] = int2Array(v)
		case []bool:
			out[i] = boolArray(v)
		case []time.Time:
			out[i] = timestamptzArray(v)
		default:
			out[i] = a
		}
	}
	return out
}

// rawArrays is an array type's codec that sends an arrayParam as it is,
// and any other value as the codec it wraps does.
type rawArrays struct{ pgtype.Codec }

func (c rawArrays) PlanEncode(m *pgtype.Map, oid uint32, format int16, value any) pgtype.EncodePlan {
	if _, ok := value.(arrayParam); ok && format == pgtype.BinaryFormatCode {
		return sendRaw{}
	}
	return c.Codec.PlanEncode(m, oid, format, value)
}

type sendRaw struct{}

func (sendRaw) Encode(value any, buf []byte) ([]byte, error) {
	return append(buf, value.(arrayParam)...), nil
}

// rawArrayOIDs are the array types ingestFast's statements take.
var rawArrayOIDs = []uint32{pgtype.TextArrayOID, pgtype.ByteaArrayOID, pgtype.Int8ArrayOID, pgtype.Int2ArrayOID,
	pgtype.BoolArrayOID, pgtype.TimestamptzArrayOID}

// sendArraysRaw makes a connection's types send arrayParams as they are.
func sendArraysRaw(m *pgtype.Map) {
	for _, oid := range rawArrayOIDs {
		if t, ok := m.TypeForOID(oid); ok {
			m.RegisterType(&pgtype.Type{Name: t.Name, OID: oid, Codec: rawArrays{t.Codec}})
		}
	}
}
