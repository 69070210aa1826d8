package pass

import (
	"bytes"
	"errors"
	"testing"
)

// The examples of RFC 9285, sections 4.3 and 4.4.
func TestBase45RFCVectors(t *testing.T) {
	for _, tt := range []struct{ raw, enc string }{
		{"AB", "BB8"},
		{"Hello!!", "%69 VD92EX0"},
		{"base-45", "UJCLQE7W581"},
		{"ietf!", "QED8WEX0"},
		{"", ""},
	} {
		if got := EncodeBase45([]byte(tt.raw)); got != tt.enc {
			t.Errorf("encode %q = %q, want %q", tt.raw, got, tt.enc)
		}
		got, err := DecodeBase45(tt.enc)
		if err != nil || string(got) != tt.raw {
			t.Errorf("decode %q = %q, %v; want %q", tt.enc, got, err, tt.raw)
		}
	}
}

func TestBase45Refuses(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want error
	}{
		{"GGW", errBase45Value},   // 65536: RFC 9285 section 4.4's own example
		{"ZZZ", errBase45Value},   // 91124
		{"BB8A", errBase45Length}, // one character left over
		{"BB8a", errBase45Char},   // characters are checked first
		{"B", errBase45Length},
		{"bb8", errBase45Char}, // lower case is not in the alphabet
		{"BB\x00", errBase45Char},
		{"BB8:Z", errBase45Tail}, // final pair 35*45+... > 255
	} {
		if _, err := DecodeBase45(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("decode %q: err %v, want %v", tt.in, err, tt.want)
		}
	}
}

func TestBase45RoundTripAllByteValues(t *testing.T) {
	data := make([]byte, 0, 513)
	for i := 0; i < 256; i++ {
		data = append(data, byte(i), byte(255-i))
	}
	data = append(data, 0xff)
	for n := 0; n <= len(data); n += 37 {
		got, err := DecodeBase45(EncodeBase45(data[:n]))
		if err != nil || !bytes.Equal(got, data[:n]) {
			t.Fatalf("round trip of %d bytes: %v", n, err)
		}
	}
	// The largest values each group can hold.
	for _, b := range [][]byte{{0xff, 0xff}, {0xff}, {0, 0}, {0}} {
		if got, err := DecodeBase45(EncodeBase45(b)); err != nil || !bytes.Equal(got, b) {
			t.Errorf("round trip %x: %x, %v", b, got, err)
		}
	}
}

func FuzzBase45(f *testing.F) {
	f.Add([]byte("Hello!!"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := DecodeBase45(EncodeBase45(data))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("round trip of %x: %x, %v", data, got, err)
		}
		// Any text decodes or fails, and never panics.
		_, _ = DecodeBase45(string(data))
	})
}
