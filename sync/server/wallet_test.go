package server

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/wallet"
	"github.com/ashyq/kiosk/sync/wire"
)

// phoneKey is a wallet's holder key.
func phoneKey(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	_, k, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// walletCheck is the wallet's signed request about its pass (id in hex)
// at time at.
func walletCheck(t *testing.T, p []byte, id string, key ed25519.PrivateKey, at time.Time) wire.WalletCheck {
	t.Helper()
	raw, err := hex.DecodeString(id)
	if err != nil || len(raw) != pass.IDSize {
		t.Fatalf("pass id %q", id)
	}
	return wire.WalletCheck{Pass: p, Time: at.Unix(), Sig: ed25519.Sign(key, pass.RequestMessage([pass.IDSize]byte(raw), at.Unix()))}
}

// The wallet's API on both stores: codes from the operator only, enrolment
// with its refusals and throttle, and the holder's signed checks.
func TestWalletAPI(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		clock := newTestClock(time.Now().UTC().Truncate(time.Second))
		e := newEnv(t, Options{Demo: true, Now: clock.now})
		const person = "900101300017"

		// Codes: operators only; the IIN is checked and masked.
		if code, _ := e.call("POST", "/v1/enrolment-codes", tokA, wire.EnrolCodeRequest{IIN: person}); code != http.StatusForbidden {
			t.Errorf("a device token made a code: %d", code)
		}
		code, body := e.call("POST", "/v1/enrolment-codes", DemoOperatorToken, wire.EnrolCodeRequest{IIN: "900101300018"})
		if code != http.StatusBadRequest || strings.Contains(string(body), "900101300018") {
			t.Errorf("a bad IIN: %d %s", code, body)
		}
		if code, _ := e.call("POST", "/v1/enrolment-codes", DemoOperatorToken, wire.EnrolCodeRequest{IIN: person, TTL: "30s"}); code != http.StatusBadRequest {
			t.Errorf("a 30 s code: %d", code)
		}
		var ec wire.EnrolCode
		e.callJSON("POST", "/v1/enrolment-codes", DemoOperatorToken, wire.EnrolCodeRequest{IIN: person}, http.StatusCreated, &ec)
		if len(strings.ReplaceAll(ec.Code, " ", "")) != 8 || !ec.ExpiresAt.Equal(clock.now().Add(time.Hour)) || ec.Attempts != 5 {
			t.Fatalf("code: %+v", ec)
		}

		key := phoneKey(t)
		enrol := func(iin, code string) (int, wire.WalletError) {
			t.Helper()
			c, b := e.call("POST", "/v1/wallet/enrol", "", wire.EnrolRequest{IIN: iin, Code: code, HolderKey: key.Public().(ed25519.PublicKey)})
			var we wire.WalletError
			_ = json.Unmarshal(b, &we)
			return c, we
		}
		wrong := "00000000"
		if strings.ReplaceAll(ec.Code, " ", "") == wrong {
			wrong = "11111111"
		}
		if c, we := enrol(person, wrong); c != http.StatusForbidden || we.Reason != wire.EnrolWrongCode || we.AttemptsLeft != 4 || we.Time.IsZero() {
			t.Errorf("a wrong code: %d %+v", c, we)
		}
		if c, we := enrol("900101300018", ec.Code); c != http.StatusBadRequest || we.Reason != wire.EnrolInvalidIIN {
			t.Errorf("an invalid IIN: %d %+v", c, we)
		}
		// A key no generator makes (the identity point) is refused before
		// the code is tried: the code still works after.
		identity := append([]byte{1}, make([]byte, 31)...)
		if c, b := e.call("POST", "/v1/wallet/enrol", "", wire.EnrolRequest{IIN: person, Code: ec.Code, HolderKey: identity}); c != http.StatusBadRequest {
			t.Errorf("the identity point as a holder key: %d %s", c, b)
		}
		var wp wire.WalletPass
		e.callJSON("POST", "/v1/wallet/enrol", "", wire.EnrolRequest{IIN: person, Code: ec.Code, HolderKey: key.Public().(ed25519.PublicKey)}, http.StatusOK, &wp)
		if wp.Status != wire.Green || !wp.Time.Equal(clock.now()) || len(wp.Pass) == 0 {
			t.Fatalf("enrolled: %+v", wp)
		}
		if c, we := enrol(person, ec.Code); c != http.StatusForbidden || we.Reason != wire.EnrolUsed {
			t.Errorf("the code again: %d %+v", c, we)
		}

		// The wallet's checks.
		check := func(req wire.WalletCheck) (int, wire.WalletCheckResult, wire.WalletError) {
			t.Helper()
			c, b := e.call("POST", "/v1/wallet/pass", "", req)
			var res wire.WalletCheckResult
			var we wire.WalletError
			_ = json.Unmarshal(b, &res)
			_ = json.Unmarshal(b, &we)
			return c, res, we
		}
		if c, res, _ := check(walletCheck(t, wp.Pass, wp.PassID, key, clock.now())); c != 200 || res.State != wire.WalletCurrent || res.Pass != nil {
			t.Errorf("a fresh pass: %d %+v", c, res)
		}
		if c, _, we := check(walletCheck(t, wp.Pass, wp.PassID, phoneKey(t), clock.now())); c != http.StatusForbidden || we.Reason != wire.WalletBadSig {
			t.Errorf("another key's signature: %d %+v", c, we)
		}
		if c, _, we := check(walletCheck(t, wp.Pass, wp.PassID, key, clock.now().Add(-10*time.Minute))); c != http.StatusBadRequest || we.Reason != wire.WalletClock {
			t.Errorf("a clock 10 min slow: %d %+v", c, we)
		}
		forged := append([]byte(nil), wp.Pass...)
		forged[len(forged)-1] ^= 1
		if c, _, we := check(wire.WalletCheck{Pass: forged, Time: clock.now().Unix(), Sig: make([]byte, 64)}); c != http.StatusForbidden || we.Reason != wire.WalletBadPass {
			t.Errorf("a forged pass: %d %+v", c, we)
		}
		// Past half its life: renewed, same colour.
		clock.add(13 * time.Hour)
		c, res, _ := check(walletCheck(t, wp.Pass, wp.PassID, key, clock.now()))
		if c != 200 || res.State != wire.WalletRenewed || res.Status != wire.Green || res.PassID == wp.PassID {
			t.Fatalf("past half its life: %d %+v", c, res)
		}
		renewed, renewedID := res.Pass, res.PassID
		// The status changes: the next check brings a red pass.
		if err := e.srv.SetStatus(person, wire.Red); err != nil {
			t.Fatal(err)
		}
		c, res, _ = check(walletCheck(t, renewed, renewedID, key, clock.now()))
		if c != 200 || res.State != wire.WalletStatusChanged || res.Status != wire.Red {
			t.Fatalf("after a status change: %d %+v", c, res)
		}
		red, redID := res.Pass, res.PassID
		// Revoked by the operator: said so, no new pass.
		if err := e.srv.RevokePass(t.Context(), res.PassID); err != nil {
			t.Fatal(err)
		}
		if c, res, _ := check(walletCheck(t, red, redID, key, clock.now())); c != 200 || res.State != wire.WalletRevoked || res.Pass != nil {
			t.Errorf("revoked: %d %+v", c, res)
		}
		// A pass ended more than RenewFor ago is not renewed.
		clock.add(32 * 24 * time.Hour)
		if c, _, we := check(walletCheck(t, renewed, renewedID, key, clock.now())); c != http.StatusGone || we.Reason != wire.WalletTooOld {
			t.Errorf("a pass ended a month ago: %d %+v", c, we)
		}

		// The wallet itself is served beside the API.
		resp, page, err := e.do("GET", "/wallet/", "", nil)
		if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Security-Policy") != wallet.CSP || len(page) == 0 {
			t.Errorf("/wallet/: %v %v", resp, err)
		}
	})
}

// Failed enrolments count in the per-client throttle of failed
// authentication, past each code's own limit: a guesser moving across IINs
// is stopped too, and so are its bearer-token guesses.
func TestEnrolThrottle(t *testing.T) {
	e := newEnv(t, Options{Demo: true})
	key := phoneKey(t)
	var last int
	var retry string
	for i := range backend.AuthFailBurst + 2 {
		resp, _, err := e.do("POST", "/v1/wallet/enrol", "", wire.EnrolRequest{IIN: personIIN(uint64(i + 1)), Code: "12345678",
			HolderKey: key.Public().(ed25519.PublicKey)})
		if err != nil {
			t.Fatal(err)
		}
		last, retry = resp.StatusCode, resp.Header.Get("Retry-After")
		if i < backend.AuthFailBurst && last != http.StatusForbidden {
			t.Fatalf("failure %d: %d", i+1, last)
		}
	}
	if last != http.StatusTooManyRequests || retry == "" {
		t.Errorf("after %d failures: %d, Retry-After %q", backend.AuthFailBurst+2, last, retry)
	}
	// The same client's token guesses are refused as well.
	if code, _ := e.call("GET", "/v1/keys", "a-wrong-token-that-is-long-enough-000000", nil); code != http.StatusTooManyRequests {
		t.Errorf("a token guess after the enrolment failures: %d", code)
	}
}
