package server

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/api"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
)

const operatorSecret = "test-operator-9d2f6a1c8e4b7d3a0f5c"

// clock is a settable clock for the server.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

var regNow = time.Date(2021, 3, 10, 12, 0, 0, 0, time.UTC)

// registryEnv is a server with an operator credential, a clock and a
// feeder credential made through the admin API.
func registryEnv(t *testing.T) (*env, *clock, string) {
	t.Helper()
	clk := &clock{t: regNow}
	e := newEnv(t, Options{Operators: map[string]string{operatorSecret: "test"}, Now: clk.Now, PassTTL: 7 * 24 * time.Hour})
	var nf api.NewTokenResponse
	e.callJSON("POST", "/v1/admin/feeders", operatorSecret, api.NewFeederRequest{Label: "lab 1"}, http.StatusCreated, &nf)
	if !strings.HasPrefix(nf.Token, "ashyq_f_") || !strings.HasPrefix(nf.ID, "f-") {
		t.Fatalf("feeder credential %+v", nf)
	}
	return e, clk, nf.Token
}

// observation is a lab result (LOINC code, SNOMED CT value) as JSON text.
func observation(id, person, loinc, snomed string, collected time.Time) string {
	return fmt.Sprintf(`{"resourceType":"Observation","identifier":[{"system":"urn:lab:1","value":%q}],"status":"final",
"code":{"coding":[{"system":"http://loinc.org","code":%q}]},
"subject":{"identifier":{"system":"urn:ashyq:iin","value":%q}},
"effectiveDateTime":%q,"performer":[{"display":"Lab 1"}],
"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":%q}]}}`, id, loinc, person, collected.Format(time.RFC3339), snomed)
}

func contactRecord(id, person string, at time.Time) string {
	return fmt.Sprintf(`{"resourceType":"Observation","identifier":[{"system":"urn:cc","value":%q}],"status":"final",
"code":{"coding":[{"system":"http://snomed.info/sct","code":"840546002"}]},
"subject":{"identifier":{"system":"urn:ashyq:iin","value":%q}},"effectiveDateTime":%q}`, id, person, at.Format(time.DateOnly))
}

func bundle(kind string, resources ...string) []byte {
	entries := make([]string, len(resources))
	for i, r := range resources {
		entries[i] = `{"resource":` + r + `,"request":{"method":"POST","url":"Observation"}}`
	}
	return []byte(`{"resourceType":"Bundle","type":"` + kind + `","entry":[` + strings.Join(entries, ",") + `]}`)
}

const (
	pcr         = "94500-6"
	detected    = "260373001"
	notDetected = "260415000"
)

// fhirAnswer is a response Bundle or an OperationOutcome, as JSON.
type fhirAnswer struct {
	ResourceType string `json:"resourceType"`
	Type         string `json:"type"`
	Entry        []struct {
		Response struct {
			Status  string          `json:"status"`
			Outcome json.RawMessage `json:"outcome"`
		} `json:"response"`
	} `json:"entry"`
	Issue []struct {
		Severity    string   `json:"severity"`
		Code        string   `json:"code"`
		Diagnostics string   `json:"diagnostics"`
		Expression  []string `json:"expression"`
	} `json:"issue"`
}

func (e *env) feed(token string, body []byte, want int) fhirAnswer {
	e.t.Helper()
	code, data := e.call("POST", "/v1/registry/fhir", token, body)
	if code != want {
		e.t.Fatalf("POST /v1/registry/fhir: %d, want %d: %s", code, want, data)
	}
	var a fhirAnswer
	if err := json.Unmarshal(data, &a); err != nil {
		e.t.Fatalf("decode %s: %v", data, err)
	}
	return a
}

func (e *env) status(person string) wire.StatusResponse {
	e.t.Helper()
	var sr wire.StatusResponse
	e.callJSON("POST", "/v1/status", tokA, wire.StatusRequest{IIN: person}, http.StatusOK, &sr)
	return sr
}

func (e *env) auditKinds(person string) []string {
	e.t.Helper()
	var page api.AuditPage
	e.callJSON("GET", "/v1/admin/audit?iin="+person, operatorSecret, nil, http.StatusOK, &page)
	var out []string
	for _, en := range page.Entries {
		out = append(out, string(en.Kind)+" "+en.Detail)
	}
	return out
}

// TestPositiveResultTurnsAGreenPersonRed is the issue's first test: a
// bundle with a positive PCR for a person who is green makes the kiosk's
// next online lookup red, puts their pass on the deny list, and the audit
// shows the fact and the change.
func TestPositiveResultTurnsAGreenPersonRed(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e, _, feeder := registryEnv(t)
		const person = "061211600012"
		e.feed(feeder, bundle("batch", observation("neg-1", person, pcr, notDetected, regNow.Add(-24*time.Hour))), http.StatusOK)
		if sr := e.status(person); sr.Status != wire.Green {
			t.Fatalf("after a negative yesterday: %+v", sr)
		}
		holder, _, err := ed25519.GenerateKey(nil)
		if err != nil {
			t.Fatal(err)
		}
		var pass wire.PassResponse
		e.callJSON("POST", "/v1/passes", operatorSecret, wire.PassRequest{IIN: person, HolderKey: holder}, http.StatusOK, &pass)
		if pass.Status != wire.Green || !pass.ValidUntil.Equal(regNow.Add(48*time.Hour)) {
			t.Fatalf("pass %s until %v: want green until the negative's 72 h end, before the 7-day pass TTL", pass.Status, pass.ValidUntil)
		}

		a := e.feed(feeder, bundle("batch", observation("pos-1", person, pcr, detected, regNow.Add(-2*time.Hour))), http.StatusOK)
		if a.ResourceType != "Bundle" || a.Type != "batch-response" || a.Entry[0].Response.Status != "201 Created" {
			t.Fatalf("answer %+v", a)
		}
		// The kiosk's next online lookup, through the kiosk's own client.
		var sr wire.StatusResponse
		cl, err := upstream.New(e.ts.URL, tokA, nil)
		if err != nil {
			t.Fatal(err)
		}
		sr, err = cl.Status(context.Background(), person)
		if err != nil {
			t.Fatal(err)
		}
		if sr.Status != wire.Red || sr.Reason == nil || sr.Reason.Code != wire.BecausePositive ||
			!sr.ValidUntil.Equal(regNow.Add(-2*time.Hour+14*24*time.Hour)) {
			t.Fatalf("after the positive: %+v %+v", sr, sr.Reason)
		}
		var deny wire.DenyList
		e.callJSON("GET", "/v1/denylist", tokA, nil, http.StatusOK, &deny)
		if len(deny.Entries) != 1 || deny.Entries[0].PassID != pass.PassID || deny.Entries[0].Reason != wire.DenyStatusChanged {
			t.Fatalf("deny list %+v, want pass %s", deny.Entries, pass.PassID)
		}
		got := strings.Join(e.auditKinds(person), "\n")
		for _, want := range []string{"fact.received pcr negative", "status.changed blue -> green", "fact.received pcr positive",
			"status.changed green -> red"} {
			if !strings.Contains(got, want) {
				t.Errorf("audit lacks %q:\n%s", want, got)
			}
		}
	})
}

// TestColoursExpireByThemselves: the default rules at an injected clock.
func TestColoursExpireByThemselves(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e, clk, feeder := registryEnv(t)
		day := 24 * time.Hour
		const neg4, contact15, posThenNeg = "061211600012", "900101300017", "771203300035"
		e.feed(feeder, bundle("transaction",
			observation("n4", neg4, pcr, notDetected, regNow.Add(-4*day)),
			contactRecord("c15", contact15, regNow.Add(-15*day)),
			observation("p10", posThenNeg, pcr, detected, regNow.Add(-10*day)),
			observation("n1", posThenNeg, pcr, notDetected, regNow.Add(-day)),
		), http.StatusOK)
		if sr := e.status(neg4); sr.Status != wire.Blue || !sr.ValidUntil.IsZero() {
			t.Errorf("a negative from 4 days ago: %+v", sr)
		}
		if sr := e.status(contact15); sr.Status != wire.Blue {
			t.Errorf("a contact from 15 days ago: %+v", sr)
		}
		sr := e.status(posThenNeg)
		if sr.Status != wire.Red || !sr.ValidUntil.Equal(regNow.Add(4*day)) {
			t.Errorf("a positive 10 days ago then a negative yesterday: %+v", sr)
		}
		// A contact 13 days ago ends by itself the next day.
		e.feed(feeder, bundle("batch", contactRecord("c13", neg4, regNow.Add(-13*day))), http.StatusOK)
		if sr := e.status(neg4); sr.Status != wire.Yellow || sr.Reason.Code != wire.BecauseContact {
			t.Fatalf("a contact 13 days ago: %+v", sr)
		}
		holder, _, err := ed25519.GenerateKey(nil)
		if err != nil {
			t.Fatal(err)
		}
		var pass wire.PassResponse
		e.callJSON("POST", "/v1/passes", operatorSecret, wire.PassRequest{IIN: neg4, HolderKey: holder}, http.StatusOK, &pass)
		if end := regNow.Add(-13 * day).Truncate(day).Add(14 * day); pass.Status != wire.Yellow || !pass.ValidUntil.Equal(end) {
			t.Fatalf("a pass while yellow: %s until %v, want yellow until the contact's end", pass.Status, pass.ValidUntil)
		}
		clk.Set(regNow.Add(day))
		if sr := e.status(neg4); sr.Status != wire.Blue {
			t.Fatalf("the next day: %+v", sr)
		}
		// The expiry, noticed at that lookup, put the yellow pass on the
		// deny list.
		var deny wire.DenyList
		e.callJSON("GET", "/v1/denylist", tokA, nil, http.StatusOK, &deny)
		if len(deny.Entries) != 1 || deny.Entries[0].PassID != pass.PassID || deny.Entries[0].Reason != wire.DenyStatusChanged {
			t.Fatalf("deny list after the expiry %+v, want pass %s", deny.Entries, pass.PassID)
		}
		if got := strings.Join(e.auditKinds(neg4), "\n"); !strings.Contains(got, "status.changed yellow -> blue (expired)") {
			t.Fatalf("the expiry is not audited:\n%s", got)
		}
	})
}

// TestSameBundleTwiceChangesNothing: idempotent by identifier; a corrected
// result replaces the old one.
func TestSameBundleTwiceChangesNothing(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e, _, feeder := registryEnv(t)
		const person = "061211600012"
		b := bundle("batch", observation("r1", person, pcr, detected, regNow.Add(-time.Hour)),
			observation("r2", "900101300017", pcr, notDetected, regNow.Add(-time.Hour)))
		e.feed(feeder, b, http.StatusOK)
		before := e.auditKinds(person)
		a := e.feed(feeder, b, http.StatusOK)
		for i, en := range a.Entry {
			if en.Response.Status != "200 OK" {
				t.Errorf("entry %d sent again: %s", i, en.Response.Status)
			}
		}
		if after := e.auditKinds(person); len(after) != len(before) {
			t.Fatalf("the same bundle twice changed the trail:\n%v\n%v", before, after)
		}
		// The lab corrects r1 to not detected: it replaces the positive.
		e.feed(feeder, bundle("batch", observation("r1", person, pcr, notDetected, regNow.Add(-time.Hour))), http.StatusOK)
		if sr := e.status(person); sr.Status != wire.Green {
			t.Fatalf("after the correction: %+v", sr)
		}
		if got := strings.Join(e.auditKinds(person), "\n"); !strings.Contains(got, "fact.corrected pcr negative") ||
			!strings.Contains(got, "replaces pcr positive") {
			t.Fatalf("the correction is not audited:\n%s", got)
		}
	})
}

// TestBadFHIRGetsSpecificAnswers: each bad input gets its own reason, as an
// OperationOutcome, never a 500.
func TestBadFHIRGetsSpecificAnswers(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e, _, feeder := registryEnv(t)
		good := observation("g", "061211600012", pcr, detected, regNow.Add(-time.Hour))
		cases := []struct {
			name string
			body []byte
			code int
			want string
		}{
			{"malformed bundle", []byte(`{"resourceType":"Bundle","type":"batch","entry":[{`), 400, "malformed bundle"},
			{"wrong LOINC code", bundle("transaction", good, observation("w", "900101300017", "2345-7", detected, regNow)), 400,
				"LOINC 2345-7 is not a SARS-CoV-2"},
			{"invalid IIN", bundle("transaction", observation("i", "061211600013", pcr, detected, regNow)), 400, "invalid IIN ••••••••0013"},
			{"future collection", bundle("transaction", observation("f", "061211600012", pcr, detected, regNow.Add(time.Hour))), 400,
				"is in the future"},
			{"patient without IIN", []byte(`{"resourceType":"Bundle","type":"transaction","entry":[
{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","identifier":[{"system":"urn:passport","value":"N1"}]},"request":{"method":"POST","url":"Patient"}}]}`),
				400, "the Patient has no identifier with system urn:ashyq:iin"},
			{"over the limit", append(append([]byte(`{"resourceType":"Bundle","type":"batch","entry":[`), []byte(strings.Repeat(" ", api.MaxFHIRBytes))...), ']', '}'),
				413, "the bundle exceeds"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := e.feed(feeder, c.body, c.code)
				if a.ResourceType != "OperationOutcome" || len(a.Issue) == 0 || !strings.Contains(a.Issue[len(a.Issue)-1].Diagnostics, c.want) {
					t.Fatalf("answer %+v, want %q", a, c.want)
				}
			})
		}
		// In a batch the bad entry is answered on its own, with its index.
		a := e.feed(feeder, bundle("batch", good, observation("w", "900101300017", "2345-7", detected, regNow)), http.StatusOK)
		if a.Entry[0].Response.Status != "201 Created" || a.Entry[1].Response.Status != "400 Bad Request" ||
			!strings.Contains(string(a.Entry[1].Response.Outcome), "Bundle.entry[1].resource.code") {
			t.Fatalf("batch with a bad entry: %+v", a)
		}
		// The transaction with the wrong code kept nothing.
		if sr := e.status("900101300017"); sr.Status != wire.Blue {
			t.Fatalf("a refused transaction stored a fact: %+v", sr)
		}
		// Only a feeder credential may feed, and it may do nothing else.
		for _, tok := range []string{tokA, operatorSecret} {
			if code, _ := e.call("POST", "/v1/registry/fhir", tok, bundle("batch", good)); code != http.StatusForbidden {
				t.Errorf("a %s feeding: %d", tok, code)
			}
		}
		if code, _ := e.call("POST", "/v1/status", feeder, wire.StatusRequest{IIN: "061211600012"}); code != http.StatusForbidden {
			t.Errorf("a feeder asking a status: %d", code)
		}
	})
}

// TestAuditMasksIINsUnlessAsked: the operator's listing masks IINs; a full
// one is itself audited.
func TestAuditMasksIINsUnlessAsked(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e, _, feeder := registryEnv(t)
		e.feed(feeder, bundle("batch", observation("r", "061211600012", pcr, detected, regNow.Add(-time.Hour))), http.StatusOK)
		_, masked := e.call("GET", "/v1/admin/audit", operatorSecret, nil)
		if strings.Contains(string(masked), "061211600012") || !strings.Contains(string(masked), "••••••••0012") {
			t.Fatalf("masked listing: %s", masked)
		}
		_, full := e.call("GET", "/v1/admin/audit?full=1", operatorSecret, nil)
		if !strings.Contains(string(full), "061211600012") {
			t.Fatalf("full listing: %s", full)
		}
		var page api.AuditPage
		e.callJSON("GET", "/v1/admin/audit?kind=iin.read", operatorSecret, nil, http.StatusOK, &page)
		if len(page.Entries) != 1 || page.Entries[0].Subject != "the audit trail" {
			t.Fatalf("the full reading is not audited: %+v", page.Entries)
		}
		if code, _ := e.call("GET", "/v1/admin/audit", tokA, nil); code != http.StatusForbidden {
			t.Fatalf("a device token reading the audit: %d", code)
		}
	})
}
