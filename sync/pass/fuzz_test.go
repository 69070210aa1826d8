package pass

import (
	"errors"
	"testing"
	"time"
)

// FuzzParseVerify: any text parses or fails with an *Error, verifying a
// parsed code does too, and nothing but the genuine pass verifies: a fuzzed
// code that passes every check carries the vector's claims.
func FuzzParseVerify(f *testing.F) {
	h := mustHolder(f, vecClaims())
	good := show(f, h, vecShown, "")
	for _, s := range []string{good, show(f, h, vecShown, "demo-cafe"), good[:200], good + "BB8", "AQ2:" + good[4:], "AQ1:", "aq1:x"} {
		f.Add(s)
	}
	keys := newKeyring()
	f.Fuzz(func(t *testing.T, text string) {
		code, err := Parse(text)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Reason == "" {
				t.Fatalf("Parse(%q): %T %v is not an *Error", text, err, err)
			}
			return
		}
		v := &Verifier{Keys: keys, Deny: keys}
		got, err := v.Verify(code, vecShown.Add(time.Second))
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Verify: %T %v is not an *Error", err, err)
			}
			return
		}
		if got.IIN != vecIIN || got.Status != vecClaims().Status || !got.ValidUntil.Equal(vecUntil) {
			t.Fatalf("a fuzzed code verified with other claims: %+v", got)
		}
	})
}
