package storetest

import (
	"context"
	"crypto/sha256"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

func codeHash(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// testEnrolCodes: one code per IIN, single use, attempts counted and
// bounded, expiry, a new code starting afresh, and the outcomes that tell a
// guesser nothing.
func testEnrolCodes(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	code := func(p int, secret string, ttl time.Duration) store.EnrolCode {
		return store.EnrolCode{IIN: person(p), Hash: codeHash(secret), CreatedAt: base, ExpiresAt: base.Add(ttl), MaxAttempts: 3}
	}
	redeem := func(p int, secret string, at time.Duration) store.Redeem {
		t.Helper()
		r, err := st.RedeemEnrolCode(ctx, person(p), codeHash(secret), base.Add(at))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	want := func(what string, got store.Redeem, out store.RedeemOutcome, left int) {
		t.Helper()
		if got.Outcome != out || got.AttemptsLeft != left {
			t.Errorf("%s: %+v, want %s with %d left", what, got, out, left)
		}
	}
	want("no code", redeem(1, "x", 0), store.RedeemNoCode, 0)
	if err := st.PutEnrolCode(ctx, code(1, "right", time.Hour)); err != nil {
		t.Fatal(err)
	}
	want("wrong 1", redeem(1, "wrong", time.Minute), store.RedeemWrong, 2)
	want("wrong 2", redeem(1, "wrong", time.Minute), store.RedeemWrong, 1)
	want("right", redeem(1, "right", 2*time.Minute), store.RedeemOK, 0)
	want("right again", redeem(1, "right", 3*time.Minute), store.RedeemUsed, 0)
	want("wrong after use", redeem(1, "wrong", 3*time.Minute), store.RedeemWrong, 0)

	// Too many: the third wrong code voids it, the right one then too.
	if err := st.PutEnrolCode(ctx, code(2, "right", time.Hour)); err != nil {
		t.Fatal(err)
	}
	for i, left := range []int{2, 1} {
		want("wrong", redeem(2, "w"+string(rune('a'+i)), time.Minute), store.RedeemWrong, left)
	}
	want("third wrong", redeem(2, "wc", time.Minute), store.RedeemTooMany, 0)
	want("right after too many", redeem(2, "right", time.Minute), store.RedeemTooMany, 0)
	// A new code for the IIN starts afresh.
	if err := st.PutEnrolCode(ctx, code(2, "again", time.Hour)); err != nil {
		t.Fatal(err)
	}
	want("the old code", redeem(2, "right", time.Minute), store.RedeemWrong, 2)
	want("the new code", redeem(2, "again", time.Minute), store.RedeemOK, 0)

	// Expired: said only to the right code, not counted.
	if err := st.PutEnrolCode(ctx, code(3, "right", time.Hour)); err != nil {
		t.Fatal(err)
	}
	want("wrong, expired", redeem(3, "wrong", time.Hour), store.RedeemWrong, 0)
	want("right, expired", redeem(3, "right", time.Hour), store.RedeemExpired, 0)
	want("right, expired, again", redeem(3, "right", 2*time.Hour), store.RedeemExpired, 0)

	// Another IIN's code is not this one's.
	if err := st.PutEnrolCode(ctx, code(4, "mine", time.Hour)); err != nil {
		t.Fatal(err)
	}
	want("another IIN's code", redeem(5, "mine", 0), store.RedeemNoCode, 0)
}

// testEnrolCodeOnce: many redeemers of one code at once (on a second
// handle too, as another replica), exactly one wins.
func testEnrolCodeOnce(t *testing.T, st store.Store, again func() store.Store) {
	ctx := context.Background()
	if err := st.PutEnrolCode(ctx, store.EnrolCode{IIN: person(7), Hash: codeHash("once"), CreatedAt: base,
		ExpiresAt: base.Add(time.Hour), MaxAttempts: 5}); err != nil {
		t.Fatal(err)
	}
	stores := []store.Store{st}
	if again != nil {
		other := again()
		defer other.Close()
		stores = append(stores, other)
	}
	var mu sync.Mutex
	counts := map[store.RedeemOutcome]int{}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := stores[i%len(stores)].RedeemEnrolCode(ctx, person(7), codeHash("once"), base.Add(time.Minute))
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			counts[r.Outcome]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if counts[store.RedeemOK] != 1 || counts[store.RedeemUsed] != 15 {
		t.Errorf("16 redeemers of one code: %v, want 1 ok and 15 used", counts)
	}
}

// testPassRevoked: the wallet learns whether its pass was revoked and why.
func testPassRevoked(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	if _, err := st.PassRevoked(ctx, "nope"); !errors.Is(err, store.ErrUnknownPass) {
		t.Errorf("an unknown pass: %v", err)
	}
	for i, id := range []string{"w1", "w2"} {
		if stale, err := st.RecordPass(ctx, id, store.PassRecord{IIN: person(20 + i), KID: "k1", Status: wire.Blue,
			IssuedAt: base, ValidUntil: base.Add(24 * time.Hour)}); err != nil || stale {
			t.Fatalf("record %s: %v %v", id, stale, err)
		}
	}
	if r, err := st.PassRevoked(ctx, "w1"); err != nil || r != "" {
		t.Errorf("a live pass: %q %v", r, err)
	}
	if err := st.RevokePass(ctx, "w1", wire.DenyRevoked, base); err != nil {
		t.Fatal(err)
	}
	if err := st.PutStatuses(ctx, map[string]wire.Status{person(21): wire.Red}); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{"w1": wire.DenyRevoked, "w2": wire.DenyStatusChanged} {
		if r, err := st.PassRevoked(ctx, id); err != nil || r != want {
			t.Errorf("%s: %q %v, want %q", id, r, err, want)
		}
	}
}
