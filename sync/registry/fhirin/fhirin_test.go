package fhirin

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/registry"
)

var now = time.Date(2021, 3, 10, 12, 0, 0, 0, time.UTC)

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestBatch(t *testing.T) {
	b, pr := NewParser(DefaultConfig()).ParseBundle([]byte(read(t, "batch.json")), now)
	if pr != nil {
		t.Fatal(pr)
	}
	if b.Transaction || len(b.Items) != 4 {
		t.Fatalf("got transaction=%v, %d items", b.Transaction, len(b.Items))
	}
	for _, it := range b.Items {
		if it.Problem != nil {
			t.Fatalf("entry %d: %v", it.Index, it.Problem)
		}
	}
	want := []registry.Fact{
		{System: "urn:oid:1.2.398.7.1.99.1", Value: "LAB1-2021-000123", IIN: "061211600012", Kind: registry.Test,
			Method: registry.PCR, Result: registry.Positive, At: time.Date(2021, 3, 8, 3, 30, 0, 0, time.UTC),
			Lab: "Almaty City Laboratory No. 1"},
		{System: "urn:oid:1.2.398.7.1.99.1", Value: "LAB1-2021-000124", IIN: "900101300017", Kind: registry.Test,
			Method: registry.Antigen, Result: registry.Negative, At: time.Date(2021, 3, 9, 0, 0, 0, 0, time.UTC)},
		{System: "urn:ashyq:control-centre", Value: "CC-77", IIN: "771203300035", Kind: registry.Contact,
			At: time.Date(2021, 3, 5, 0, 0, 0, 0, time.UTC)},
		{System: "urn:ashyq:vaccination", Value: "V-1", IIN: "900101300017", Kind: registry.Vaccination, Complete: true,
			At: time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC)},
	}
	for i, w := range want {
		if got := *b.Items[i].Fact; got != w {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, got, w)
		}
	}
}

func TestTransactionResolvesPatients(t *testing.T) {
	b, pr := NewParser(DefaultConfig()).ParseBundle([]byte(read(t, "transaction.json")), now)
	if pr != nil {
		t.Fatal(pr)
	}
	if !b.Transaction || len(b.Problems()) > 0 {
		t.Fatalf("transaction=%v problems %v", b.Transaction, b.Problems())
	}
	f := b.Items[0].Fact
	if f == nil || f.IIN != "061211600012" || f.Result != registry.Negative || !f.At.Equal(time.Date(2021, 3, 7, 10, 0, 0, 0, time.UTC)) {
		t.Fatalf("fact %+v", f)
	}
	if b.Items[1].ResourceType != "Patient" || b.Items[1].Fact != nil {
		t.Fatalf("patient item %+v", b.Items[1])
	}
}

func TestBatchEntriesAreIndependent(t *testing.T) {
	text := strings.Replace(read(t, "transaction.json"), `"type": "transaction"`, `"type": "batch"`, 1)
	b, pr := NewParser(DefaultConfig()).ParseBundle([]byte(text), now)
	if pr != nil {
		t.Fatal(pr)
	}
	p := b.Items[0].Problem
	if p == nil || p.Index != 0 || !strings.Contains(p.Reason, "a batch's entries are independent") {
		t.Fatalf("problem %v", p)
	}
	if b.Items[1].Problem != nil {
		t.Fatalf("the patient entry: %v", b.Items[1].Problem)
	}
}

// TestBadEntries: each mutation of the first entry of batch.json gets its
// own specific reason at entry 0, and the other entries still pass.
func TestBadEntries(t *testing.T) {
	cases := []struct{ name, from, to, expr, reason string }{
		{"wrong LOINC code", `"code": "94500-6"`, `"code": "2345-7"`, "Bundle.entry[0].resource.code",
			"LOINC 2345-7 is not a SARS-CoV-2 RNA (PCR) or antigen test"},
		{"no LOINC coding", `"system": "http://loinc.org", "code": "94500-6"`, `"system": "http://example.org", "code": "x"`,
			"Bundle.entry[0].resource.code", "no LOINC coding"},
		{"invalid IIN", `"value": "061211600012"`, `"value": "061211600013"`, "Bundle.entry[0].resource.subject.identifier.value",
			"invalid IIN ••••••••0013"},
		{"IIN under another system", `"system": "urn:ashyq:iin", "value": "061211600012"`, `"system": "urn:other", "value": "061211600012"`,
			"Bundle.entry[0].resource.subject.identifier.system", "does not name the IIN"},
		{"future collection", `"2021-03-08T09:30:00+06:00"`, `"2021-03-11T09:30:00+06:00"`, "Bundle.entry[0].resource.effectiveDateTime",
			"is in the future"},
		{"collection a few minutes ahead is clock skew", `"2021-03-08T09:30:00+06:00"`, `"2021-03-10T18:03:00+06:00"`, "", ""},
		{"collection before the virus", `"2021-03-08T09:30:00+06:00"`, `"2012-03-08T09:30:00+06:00"`, "Bundle.entry[0].resource.effectiveDateTime",
			"before SARS-CoV-2"},
		{"not a dateTime", `"2021-03-08T09:30:00+06:00"`, `"08.03.2021"`, "Bundle.entry[0].resource.effectiveDateTime", "is not a FHIR dateTime"},
		{"a month is too vague", `"2021-03-08T09:30:00+06:00"`, `"2021-03"`, "Bundle.entry[0].resource.effectiveDateTime", "has no day"},
		{"no collection time", `"effectiveDateTime": "2021-03-08T09:30:00+06:00",`, ``, "Bundle.entry[0].resource.effectiveDateTime",
			"collection time (effectiveDateTime) is missing"},
		{"no identifier", `"identifier": [{"system": "urn:oid:1.2.398.7.1.99.1", "value": "LAB1-2021-000123"}],`, ``,
			"Bundle.entry[0].resource.identifier", "no identifier with a system and a value"},
		{"preliminary", `"status": "final",
        "category"`, `"status": "preliminary",
        "category"`, "Bundle.entry[0].resource.status", "only final, amended or corrected"},
		{"unknown status", `"status": "final",
        "category"`, `"status": "done",
        "category"`, "Bundle.entry[0].resource", "not a valid Observation"},
		{"no status", `"status": "final",
        "category"`, `"category"`, "Bundle.entry[0].resource.status", "status is missing"},
		{"unknown result", `"code": "260373001"`, `"code": "123"`, "Bundle.entry[0].resource.valueCodeableConcept",
			"SNOMED CT 123 is not a result"},
		{"no result", `"valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "260373001", "display": "Detected"}]}`,
			`"note": [{"text": "x"}]`, "Bundle.entry[0].resource.valueCodeableConcept", "the result is missing"},
		{"no subject", `"subject": {"identifier": {"system": "urn:ashyq:iin", "value": "061211600012"}},`, ``,
			"Bundle.entry[0].resource.subject", "the subject (the person, by IIN) is missing"},
		{"another resource type", `"resourceType": "Observation",
        "identifier": [{"system": "urn:oid:1.2.398.7.1.99.1", "value": "LAB1-2021-000123"}]`, `"resourceType": "Condition",
        "identifier": [{"system": "urn:oid:1.2.398.7.1.99.1", "value": "LAB1-2021-000123"}]`, "Bundle.entry[0].resource",
			"resourceType Condition is not accepted"},
		{"GET", `"request": {"method": "POST", "url": "Observation"}
    },
    {
      "resource": {
        "resourceType": "Observation",
        "identifier": [{"system": "urn:oid:1.2.398.7.1.99.1", "value": "LAB1-2021-000124"}]`, `"request": {"method": "GET", "url": "Observation"}
    },
    {
      "resource": {
        "resourceType": "Observation",
        "identifier": [{"system": "urn:oid:1.2.398.7.1.99.1", "value": "LAB1-2021-000124"}]`, "Bundle.entry[0].request.method",
			"only POST or PUT"},
		{"modifier extension", `"status": "final",
        "category"`, `"status": "final", "modifierExtension": [{"url": "urn:x", "valueBoolean": true}],
        "category"`, "Bundle.entry[0].resource.modifierExtension", "not understood"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := read(t, "batch.json")
			if !strings.Contains(text, c.from) {
				t.Fatalf("batch.json has no %q", c.from)
			}
			text = strings.Replace(text, c.from, c.to, 1)
			b, pr := NewParser(DefaultConfig()).ParseBundle([]byte(text), now)
			if pr != nil {
				t.Fatal(pr)
			}
			p := b.Items[0].Problem
			if c.reason == "" {
				if p != nil {
					t.Fatalf("unexpected problem %v", p)
				}
				return
			}
			if p == nil {
				t.Fatalf("accepted: %+v", b.Items[0].Fact)
			}
			if p.Index != 0 || p.Expression != c.expr || !strings.Contains(p.Reason, c.reason) {
				t.Fatalf("got entry %d %q: %q\nwant %q: %q", p.Index, p.Expression, p.Reason, c.expr, c.reason)
			}
			if strings.Contains(p.Error(), "061211600012") {
				t.Fatalf("problem quotes an IIN: %v", p)
			}
			for _, it := range b.Items[1:] {
				if it.Problem != nil {
					t.Fatalf("entry %d spoiled too: %v", it.Index, it.Problem)
				}
			}
		})
	}
}

func TestPatientWithoutIIN(t *testing.T) {
	text := strings.Replace(read(t, "transaction.json"), `{"system": "urn:ashyq:iin", "value": "061211600012"}`,
		`{"system": "urn:ashyq:passport", "value": "N1234"}`, 1)
	b, _ := NewParser(DefaultConfig()).ParseBundle([]byte(text), now)
	p := b.Items[1].Problem
	if p == nil || p.Expression != "Bundle.entry[1].resource.identifier" || !strings.Contains(p.Reason, "no identifier with system urn:ashyq:iin") {
		t.Fatalf("patient: %v", p)
	}
	if p := b.Items[0].Problem; p == nil || !strings.Contains(p.Reason, "names no Patient with an IIN in this transaction") {
		t.Fatalf("observation: %v", p)
	}
	text = strings.Replace(read(t, "transaction.json"), `"value": "061211600012"`, `"value": "06121160001"`, 1)
	b, _ = NewParser(DefaultConfig()).ParseBundle([]byte(text), now)
	if p := b.Items[1].Problem; p == nil || !strings.Contains(p.Reason, "invalid IIN") {
		t.Fatalf("short IIN: %v", p)
	}
}

func TestTransactionEntriesMustNotOverlap(t *testing.T) {
	text := read(t, "batch.json")
	text = strings.Replace(text, `"type": "batch"`, `"type": "transaction"`, 1)
	text = strings.Replace(text, `"LAB1-2021-000124"}]`, `"LAB1-2021-000123"}]`, 1)
	b, _ := NewParser(DefaultConfig()).ParseBundle([]byte(text), now)
	if p := b.Items[1].Problem; p == nil || !strings.Contains(p.Reason, "entry 0 has the same identifier") {
		t.Fatalf("got %v", p)
	}
}

func TestBadBundles(t *testing.T) {
	batch := read(t, "batch.json")
	cases := []struct{ name, text, want string }{
		{"not JSON", `{"resourceType": "Bundle", "type": "batch", "entry": [`, "malformed bundle"},
		{"not a bundle", `{"resourceType": "Observation"}`, `resourceType "Observation": post a Bundle`},
		{"no type", `{"resourceType": "Bundle", "entry": []}`, "Bundle.type is missing"},
		{"a collection", strings.Replace(batch, `"type": "batch"`, `"type": "collection"`, 1), `Bundle.type "collection": only batch or transaction`},
		{"no entries", `{"resourceType": "Bundle", "type": "batch"}`, "the bundle has no entries"},
		{"entry not an object", `{"resourceType": "Bundle", "type": "batch", "entry": [1]}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, pr := NewParser(DefaultConfig()).ParseBundle([]byte(c.text), now)
			if c.want == "" {
				if pr != nil || b.Items[0].Problem == nil || !strings.Contains(b.Items[0].Problem.Reason, "not a valid entry") {
					t.Fatalf("bundle problem %v, entry %+v", pr, b.Items)
				}
				return
			}
			if pr == nil || pr.Index != -1 || !strings.Contains(pr.Reason, c.want) {
				t.Fatalf("got %v, want %q", pr, c.want)
			}
		})
	}
}

func TestOutcomeNamesTheEntry(t *testing.T) {
	oo := Outcome(&Problem{Index: 3, Expression: "Bundle.entry[3].resource.code", Reason: "LOINC 1 is not"})
	data, err := json.Marshal(oo)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"resourceType":"OperationOutcome"`, `"severity":"error"`, `"expression":["Bundle.entry[3].resource.code"]`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("%s lacks %s", data, want)
		}
	}
}

func TestNDJSON(t *testing.T) {
	r := NewParser(DefaultConfig()).NewReader(strings.NewReader(read(t, "bulk.ndjson")), now)
	var items []Item
	for {
		it, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, it)
	}
	if len(items) != 5 {
		t.Fatalf("%d items", len(items))
	}
	if items[0].ResourceType != "Patient" || items[0].Problem != nil {
		t.Fatalf("line 1: %+v", items[0])
	}
	if f := items[1].Fact; f == nil || f.IIN != "061211600012" || items[1].Index != 2 {
		t.Fatalf("line 2: %+v", items[1])
	}
	if p := items[2].Problem; p == nil || items[2].Index != 4 || p.Expression != "Observation.subject.reference" ||
		!strings.Contains(p.Reason, "no such Patient earlier in the file") {
		t.Fatalf("line 4: %+v %v", items[2], p)
	}
	if f := items[3].Fact; f == nil || f.Result != registry.Positive {
		t.Fatalf("line 5: %+v", items[3])
	}
	if p := items[4].Problem; p == nil || items[4].Index != 6 || !strings.Contains(p.Reason, "not a JSON object") {
		t.Fatalf("line 6: %+v", items[4])
	}
}

func TestNDJSONLongLine(t *testing.T) {
	long := `{"resourceType":"Observation","note":"` + strings.Repeat("x", MaxLineBytes) + `"}`
	obs := strings.Split(read(t, "bulk.ndjson"), "\n")[4]
	r := NewParser(DefaultConfig()).NewReader(strings.NewReader(long+"\n"+obs), now)
	it, err := r.Next()
	if err != nil || it.Problem == nil || !strings.Contains(it.Problem.Reason, "line 1 has more than") {
		t.Fatalf("long line: %+v %v", it, err)
	}
	it, err = r.Next()
	if err != nil || it.Fact == nil || it.Index != 2 {
		t.Fatalf("the next line: %+v %v", it, err)
	}
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Fatalf("end: %v", err)
	}
}

func TestNDJSONPatientLimit(t *testing.T) {
	c := DefaultConfig()
	c.MaxPatients = 1
	text := `{"resourceType":"Patient","id":"a","identifier":[{"system":"urn:ashyq:iin","value":"061211600012"}]}
{"resourceType":"Patient","id":"b","identifier":[{"system":"urn:ashyq:iin","value":"900101300017"}]}`
	r := NewParser(c).NewReader(strings.NewReader(text), now)
	if it, _ := r.Next(); it.Problem != nil {
		t.Fatal(it.Problem)
	}
	if it, _ := r.Next(); it.Problem == nil || !strings.Contains(it.Problem.Reason, "more than 1 Patients") {
		t.Fatalf("second patient: %+v", it)
	}
}

func TestParseDay(t *testing.T) {
	almaty := time.FixedZone("ALMT", 6*3600)
	for in, want := range map[string]time.Time{
		"2021-03-01":                    time.Date(2021, 2, 28, 18, 0, 0, 0, time.UTC),
		"2021-03-01T09:30:00Z":          time.Date(2021, 3, 1, 9, 30, 0, 0, time.UTC),
		"2021-03-01T09:30:00.123+05:00": time.Date(2021, 3, 1, 4, 30, 0, 123e6, time.UTC),
	} {
		got, err := parseDay(in, almaty)
		if err != nil || !got.Equal(want) {
			t.Errorf("%s: %v %v, want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"2021", "2021-02-30", "2021-03-01T09:30", "2021-03-01T09:30:00", "2021-02-31T09:30:00Z", " 2021-03-01"} {
		if _, err := parseDay(in, almaty); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}
