package pass

import (
	"errors"
	"strings"
)

// base45 per RFC 9285: every two bytes become three characters of the QR
// alphanumeric alphabet (a trailing byte becomes two), which packs binary
// data into QR alphanumeric mode with no waste worth mentioning.
const base45Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

var base45Value = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base45Alphabet); i++ {
		t[base45Alphabet[i]] = int8(i)
	}
	return t
}()

// Base45 decoding errors: a length that cannot come from the encoder (the
// code was cut short), and characters or values it cannot produce.
var (
	errBase45Length = errors.New("base45: length leaves a single character")
	errBase45Char   = errors.New("base45: character outside the alphabet")
	errBase45Value  = errors.New("base45: group value out of range")
	// errBase45Tail is a final pair worth more than a byte: what is left
	// when the last character of a full group is lost.
	errBase45Tail = errors.New("base45: final pair value out of range")
)

// EncodeBase45 encodes data as RFC 9285 base45.
func EncodeBase45(data []byte) string {
	var b strings.Builder
	b.Grow((len(data)/2)*3 + 2)
	for i := 0; i+1 < len(data); i += 2 {
		n := int(data[i])<<8 | int(data[i+1])
		b.WriteByte(base45Alphabet[n%45])
		b.WriteByte(base45Alphabet[(n/45)%45])
		b.WriteByte(base45Alphabet[n/2025])
	}
	if len(data)%2 == 1 {
		n := int(data[len(data)-1])
		b.WriteByte(base45Alphabet[n%45])
		b.WriteByte(base45Alphabet[n/45])
	}
	return b.String()
}

// DecodeBase45 decodes RFC 9285 base45. It refuses what an encoder cannot
// produce: characters outside the alphabet, a group worth more than two
// bytes (or a final pair worth more than one), a single leftover character.
func DecodeBase45(s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		if base45Value[s[i]] < 0 {
			return nil, errBase45Char
		}
	}
	if len(s)%3 == 1 {
		return nil, errBase45Length
	}
	out := make([]byte, 0, len(s)/3*2+1)
	for i := 0; i < len(s); i += 3 {
		n := 0
		w := 1
		end := min(i+3, len(s))
		for j := i; j < end; j++ {
			n += int(base45Value[s[j]]) * w
			w *= 45
		}
		if end-i == 3 {
			if n > 0xffff {
				return nil, errBase45Value
			}
			out = append(out, byte(n>>8), byte(n))
			continue
		}
		if n > 0xff {
			return nil, errBase45Tail
		}
		out = append(out, byte(n))
	}
	return out, nil
}
