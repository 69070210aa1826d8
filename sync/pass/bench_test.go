package pass

import (
	"crypto/ed25519"
	"testing"
	"time"
)

// BenchmarkVerify is what a kiosk spends on one scanned pass: reading the
// text and checking both signatures, the key, the times, the deny list and
// the replay memory.
func BenchmarkVerify(b *testing.B) {
	h := mustHolder(b, vecClaims())
	// Distinct proofs, so the replay memory accepts each one.
	codes := make([]string, 256)
	for i := range codes {
		codes[i] = show(b, h, vecShown.Add(time.Duration(i)*time.Second), "demo-cafe")
	}
	keys := newKeyring()
	var v *Verifier
	now := vecShown.Add(2 * time.Minute)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%len(codes) == 0 {
			v = &Verifier{Keys: keys, Deny: keys, Venue: "demo-cafe", Replay: NewReplay(), Tolerance: time.Hour}
		}
		c, err := Parse(codes[i%len(codes)])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := v.Verify(c, now); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/pass")
}

// BenchmarkEd25519Verify is one bare signature check, the floor of
// BenchmarkVerify's two: on a noisy machine compare the two as a ratio.
func BenchmarkEd25519Verify(b *testing.B) {
	msg := []byte("AQ1 holder proof")
	sig := ed25519.Sign(vecHolderKey, msg)
	pub := vecHolderKey.Public().(ed25519.PublicKey)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !ed25519.Verify(pub, msg, sig) {
			b.Fatal("bad signature")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/verify")
}

// BenchmarkCheckHolderKey is what refusing keys no phone makes costs an
// issuer per pass (docs/pass-format.md, "Holder keys"): a decoding, three
// doublings and, for the prime-order subgroup, one variable-time scalar
// multiplication. Compare it with BenchmarkEd25519Verify in the same run.
func BenchmarkCheckHolderKey(b *testing.B) {
	pub := vecHolderKey.Public().(ed25519.PublicKey)
	for i := 0; i < b.N; i++ {
		if err := CheckHolderKey(pub); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/check")
}

// BenchmarkHolderPoint is the part of it a kiosk does at every scan:
// without the prime-order subgroup's scalar multiplication.
func BenchmarkHolderPoint(b *testing.B) {
	pub := vecHolderKey.Public().(ed25519.PublicKey)
	for i := 0; i < b.N; i++ {
		if _, err := holderPoint(pub); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/check")
}
