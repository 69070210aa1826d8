package qrdecode

import (
	"errors"
	"testing"

	"github.com/makiuchi-d/gozxing/common"
)

// TestAcceptedRefusesWhatDoesNotHoldUp: a decoded grid is a read only
// with its error correction passed, text in it, and no structured-append
// header.
func TestAcceptedRefusesWhatDoesNotHoldUp(t *testing.T) {
	whole := common.NewDecoderResult([]byte{1}, "061211600012", nil, "M")
	empty := common.NewDecoderResult([]byte{1}, "", nil, "M")
	fragment := common.NewDecoderResultWithSA([]byte{1}, "0612", nil, "M", 2, 0x5a)
	cases := []struct {
		name string
		res  *common.DecoderResult
		err  error
		ok   bool
	}{
		{"whole", whole, nil, true},
		{"failed error correction", nil, errors.New("checksum"), false},
		{"empty payload", empty, nil, false},
		{"structured-append fragment", fragment, nil, false},
	}
	for _, c := range cases {
		if text, ok := accepted(c.res, c.err); ok != c.ok || (ok && text != "061211600012") {
			t.Errorf("%s: accepted %q, %v; want %v", c.name, text, ok, c.ok)
		}
	}
}
