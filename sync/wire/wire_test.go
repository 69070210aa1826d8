package wire

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestStatusRules(t *testing.T) {
	may := map[Status]bool{Red: false, Yellow: false, Green: true, Blue: true}
	for _, s := range Statuses {
		if !s.Valid() || s.MayEnter() != may[s] {
			t.Errorf("%s: valid %v, may enter %v", s, s.Valid(), s.MayEnter())
		}
		if got, err := ParseStatus(string(s)); err != nil || got != s {
			t.Errorf("ParseStatus(%s) = %v, %v", s, got, err)
		}
	}
	for _, bad := range []string{"", "GREEN", "purple"} {
		if _, err := ParseStatus(bad); err == nil {
			t.Errorf("ParseStatus(%q) accepted", bad)
		}
	}
}

func TestEventValidate(t *testing.T) {
	good := Event{ID: "0190-x", Device: "d", Seq: 1, Venue: "v", Door: "main", Kind: Entry,
		IIN: "900101300017", Status: Green, Source: SourceOnline, ScannedAt: time.Now()}
	if err := good.Validate(); err != nil {
		t.Fatalf("valid event refused: %v", err)
	}
	bad := good
	bad.ID, bad.Seq, bad.Kind, bad.Status, bad.Source, bad.IIN = "", 0, "visit", "pink", "rumour", "123"
	bad.ScannedAt = time.Time{}
	err := bad.Validate()
	if err == nil {
		t.Fatal("invalid event accepted")
	}
	for _, want := range []string{"id", "seq", "kind", "status", "source", "iin", "scanned_at"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func TestAckedIsAcceptedPlusDuplicates(t *testing.T) {
	r := BatchResult{Accepted: []string{"a", "b"}, Duplicates: []string{"c"}, Rejected: []Rejection{{ID: "d"}}}
	if got := strings.Join(r.Acked(), ","); got != "a,b,c" {
		t.Errorf("Acked = %s", got)
	}
}

func TestEventJSONFieldNames(t *testing.T) {
	b, _ := json.Marshal(Event{ID: "x", ScannedAt: time.Date(2021, 7, 14, 12, 0, 0, 0, time.UTC)})
	for _, key := range []string{`"id"`, `"device"`, `"seq"`, `"venue"`, `"door"`, `"kind"`, `"iin"`, `"status"`, `"source"`, `"scanned_at":"2021-07-14T12:00:00Z"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("%s missing from %s (docs/api.md documents it)", key, b)
		}
	}
}

// TestUncheckedNeverCarriesAColour: an unchecked person is recorded
// without a status; a colour on an unchecked event is refused, as is an
// unchecked exit. The older source none (status blue) is still accepted
// from kiosks that wrote it.
func TestUncheckedNeverCarriesAColour(t *testing.T) {
	base := Event{ID: "0190-x", Device: "d", Seq: 1, Venue: "v", Door: "main", Kind: Entry,
		IIN: "900101300017", Source: SourceUnchecked, ScannedAt: time.Now()}
	tests := []struct {
		name string
		edit func(e *Event)
		ok   bool
	}{
		{"unchecked entry", func(e *Event) {}, true},
		{"unchecked refusal", func(e *Event) { e.Kind, e.Reason = Refusal, ReasonOfflinePolicy }, true},
		{"unchecked override", func(e *Event) { e.Kind, e.Reason, e.Staff = Override, OverrideIDChecked, "aigerim" }, true},
		{"unchecked with blue", func(e *Event) { e.Status = Blue }, false},
		{"unchecked with green", func(e *Event) { e.Status = Green }, false},
		{"unchecked exit", func(e *Event) { e.Kind = Exit }, false},
		{"legacy none with blue", func(e *Event) { e.Source, e.Status = SourceNone, Blue }, true},
		{"legacy none without colour", func(e *Event) { e.Source = SourceNone }, false},
		{"online without colour", func(e *Event) { e.Source = SourceOnline }, false},
		{"override without reason", func(e *Event) { e.Kind = Override }, false},
		{"override of a red person", func(e *Event) {
			e.Kind, e.Source, e.Status, e.Reason = Override, SourceOnline, Red, OverridePaperResult
		}, true},
		{"staff on an entry", func(e *Event) { e.Staff = "aigerim" }, false},
		{"staff too long", func(e *Event) {
			e.Kind, e.Reason, e.Staff = Override, OverrideManager, strings.Repeat("x", MaxStaff+1)
		}, false},
	}
	for _, tt := range tests {
		e := base
		tt.edit(&e)
		if err := e.Validate(); (err == nil) != tt.ok {
			t.Errorf("%s: Validate() = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

func TestKindsAndSources(t *testing.T) {
	for k, admits := range map[Kind]bool{Entry: true, Override: true, Exit: false, Refusal: false} {
		if !k.Valid() || k.Admits() != admits {
			t.Errorf("%s: valid %v, admits %v", k, k.Valid(), k.Admits())
		}
	}
	for s, unchecked := range map[Source]bool{SourceUnchecked: true, SourceNone: true, SourceOnline: false,
		SourceCache: false, SourcePass: false, SourceSkipped: false} {
		if !s.Valid() || s.Unchecked() != unchecked {
			t.Errorf("%s: valid %v, unchecked %v", s, s.Valid(), s.Unchecked())
		}
	}
	if OverrideReason(OverridePaperResult) != OverridePaperResult || OverrideReason("bribe") != OverrideOther {
		t.Error("OverrideReason does not bound its labels")
	}
}

func TestCheckTexts(t *testing.T) {
	type inner struct {
		Note string `json:"note"`
		Raw  []byte `json:"raw"`
	}
	type outer struct {
		Name   string            `json:"name"`
		Items  []inner           `json:"items"`
		Labels map[string]string `json:"labels"`
		Ptr    *inner            `json:"ptr,omitempty"`
		Skip   string            `json:"-"`
	}
	for _, tt := range []struct {
		v           outer
		field, want string
	}{
		{outer{Name: "ok", Items: []inner{{Note: "fine", Raw: []byte{0, 0xff}}}, Skip: "\x00"}, "", ""},
		{outer{Name: "a\x00"}, "body.name", "NUL"},
		{outer{Items: []inner{{}, {Note: "\xff"}}}, "body.items[1].note", "UTF-8"},
		{outer{Labels: map[string]string{"k": "\x00"}}, "body.labels[…]", "NUL"},
		{outer{Labels: map[string]string{"\xfe": "v"}}, "body.labels key", "UTF-8"},
		{outer{Ptr: &inner{Note: "\x00"}}, "body.ptr.note", "NUL"},
	} {
		field, problem := CheckTexts("body", tt.v)
		if field != tt.field || !strings.Contains(problem, tt.want) {
			t.Errorf("%+v: %q %q, want %q %q", tt.v, field, problem, tt.field, tt.want)
		}
	}
	if f, p := CheckTexts("", Event{Door: "d\x00"}); f != "door" || p == "" {
		t.Errorf("event without prefix: %q %q", f, p)
	}
}

// TestCheckTextsFollowsEveryKindOfField covers what the cached field lists
// must keep: an embedded struct's fields as the outer's, an embedded struct
// with a JSON name, a type that refers to itself, strings behind an
// interface, and a second call on the same type.
func TestCheckTextsFollowsEveryKindOfField(t *testing.T) {
	type Base struct {
		Kind string `json:"kind"`
	}
	type node struct {
		Base
		Named Base      `json:"named"`
		Next  *node     `json:"next"`
		Any   any       `json:"any"`
		N     int       `json:"n"`
		At    time.Time `json:"at"`
	}
	for range 2 {
		for _, tt := range []struct {
			v           node
			field, want string
		}{
			{node{Base: Base{Kind: "k\x00"}}, "kind", "NUL"},
			{node{Named: Base{Kind: "\xff"}}, "named.kind", "UTF-8"},
			{node{Next: &node{Next: &node{Any: []string{"x", "\x00"}}}}, "next.next.any[1]", "NUL"},
			{node{Next: &node{Base: Base{Kind: "fine"}}, N: 3, At: time.Unix(0, 0)}, "", ""},
		} {
			field, problem := CheckTexts("", tt.v)
			if field != tt.field || !strings.Contains(problem, tt.want) {
				t.Errorf("%+v: %q %q, want %q %q", tt.v, field, problem, tt.field, tt.want)
			}
		}
	}
}

// BenchmarkCheckTextsEvent is the check every event of every batch passes.
func BenchmarkCheckTextsEvent(b *testing.B) {
	e := Event{ID: "0193b3c1-7a3e-7c4d-9f2e-1a2b3c4d5e6f", Device: "door-1", Seq: 7, Venue: "cafe", Door: "main",
		Kind: Entry, IIN: "900101300017", Status: Green, Source: SourceOnline, ScannedAt: time.Now()}
	b.ReportAllocs()
	for b.Loop() {
		if _, p := CheckTexts("", &e); p != "" {
			b.Fatal(p)
		}
	}
}
