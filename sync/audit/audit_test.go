package audit

import (
	"strings"
	"testing"
	"time"
)

func TestValidateCleansFreeText(t *testing.T) {
	e := Entry{At: time.Now(), Kind: IINRead, Actor: "o-1", IIN: "061211600012",
		Subject: "GET /v1/venues/x/events", Detail: "listed 061211600012\x1b[2J"}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.Detail, "061211600012") || strings.Contains(e.Detail, "\x1b") {
		t.Fatalf("detail %q keeps an IIN or a control character", e.Detail)
	}
	if m := e.Masked(); m.IIN == e.IIN || !strings.HasSuffix(m.IIN, "0012") {
		t.Fatalf("masked %q", m.IIN)
	}
	for name, bad := range map[string]Entry{
		"no time":  {Kind: IINRead, Actor: "o-1"},
		"no area":  {At: time.Now(), Kind: "read", Actor: "o-1"},
		"no actor": {At: time.Now(), Kind: IINRead},
		"bad iin":  {At: time.Now(), Kind: IINRead, Actor: "o-1", IIN: "061211600013"},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestQueryMatches(t *testing.T) {
	e := Entry{Kind: FactCorrected, IIN: "061211600012"}
	for q, want := range map[Query]bool{
		{}:                           true,
		{Kind: "fact."}:              true,
		{Kind: "fact.received"}:      false,
		{Kind: "fact.corrected"}:     true,
		{IIN: "061211600012"}:        true,
		{IIN: "900101300017"}:        false,
		{Kind: "fact", IIN: ""}:      false, // a prefix ends in "."
		{Kind: "status.", IIN: "06"}: false,
	} {
		if got := q.Matches(e); got != want {
			t.Errorf("%+v: %v, want %v", q, got, want)
		}
	}
}
