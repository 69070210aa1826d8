package store_test

import (
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// TestShortHashIsNeverMasked: an id shown on the console must read the same
// after the IIN masking every page and log applies. Before, a credential
// whose hash began 41 12 08 22 58 39 showed as "d-••••••••5839" (the
// console's test failed on it once in a few hundred runs).
func TestShortHashIsNeverMasked(t *testing.T) {
	for _, c := range []struct {
		hash []byte
		want string
	}{
		{[]byte{0x41, 0x12, 0x08, 0x22, 0x58, 0x39, 0xff}, "k11208225839"},
		{[]byte{0x09, 0x01, 0x01, 0x30, 0x00, 0x17}, "g90101300017"},
		{[]byte{0x41, 0x12, 0x08, 0x22, 0x58, 0x3a}, "41120822583a"},
		{[]byte{0xde, 0xad, 0xbe, 0xef, 0x00, 0x01}, "deadbeef0001"},
	} {
		got := store.ShortHash(c.hash)
		if got != c.want {
			t.Errorf("ShortHash(% x) = %q, want %q", c.hash[:6], got, c.want)
		}
		if id := "d-" + got; iin.Redact(id) != id {
			t.Errorf("%s is masked as %s", id, iin.Redact(id))
		}
		if strings.ContainsAny(got[:1], "ghijklmnop") && strings.ContainsAny(got[1:], "abcdefghijklmnop") {
			t.Errorf("%s: a remapped id holds a letter beyond its first", got)
		}
	}
}
