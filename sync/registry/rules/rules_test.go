package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/registry"
	"github.com/ashyq/kiosk/sync/wire"
)

const person = "061211600012"

var now = time.Date(2021, 3, 10, 12, 0, 0, 0, time.UTC)

func ago(d time.Duration) time.Time { return now.Add(-d) }

func test(m registry.Method, r registry.Result, at time.Time) registry.Fact {
	return registry.Fact{System: "lab", Value: at.String() + string(r), IIN: person, Kind: registry.Test, Method: m, Result: r, At: at}
}

func contact(at time.Time) registry.Fact {
	return registry.Fact{System: "cc", Value: at.String(), IIN: person, Kind: registry.Contact, At: at}
}

func TestEvaluate(t *testing.T) {
	r := Default()
	cases := []struct {
		name   string
		facts  []registry.Fact
		status wire.Status
		until  time.Time // ValidUntil
		code   wire.ReasonCode
	}{
		{"nothing is blue", nil, wire.Blue, time.Time{}, wire.BecauseNothing},
		{"negative yesterday is green for 72h from collection", []registry.Fact{test(registry.PCR, registry.Negative, ago(Day))},
			wire.Green, ago(Day).Add(72 * time.Hour), wire.BecauseNegative},
		{"negative 4 days ago is blue", []registry.Fact{test(registry.PCR, registry.Negative, ago(4*Day))},
			wire.Blue, time.Time{}, wire.BecauseNothing},
		{"negative exactly 72h ago has ended", []registry.Fact{test(registry.PCR, registry.Negative, ago(72*time.Hour))},
			wire.Blue, time.Time{}, wire.BecauseNothing},
		{"contact 15 days ago is no longer yellow", []registry.Fact{contact(ago(15 * Day))}, wire.Blue, time.Time{}, wire.BecauseNothing},
		{"contact 3 days ago is yellow until day 14", []registry.Fact{contact(ago(3 * Day))},
			wire.Yellow, ago(3 * Day).Add(14 * Day), wire.BecauseContact},
		{"positive 10 days ago then negative yesterday is still red",
			[]registry.Fact{test(registry.PCR, registry.Positive, ago(10*Day)), test(registry.PCR, registry.Negative, ago(Day))},
			// red ends at day 14, when the negative has ended too: blue.
			wire.Red, ago(10 * Day).Add(14 * Day), wire.BecausePositive},
		{"positive 12 days ago then negative today: red, then green until the negative ends",
			[]registry.Fact{test(registry.Antigen, registry.Positive, ago(12*Day)), test(registry.PCR, registry.Negative, ago(time.Hour))},
			wire.Red, ago(12 * Day).Add(14 * Day), wire.BecausePositive},
		{"contact beats a negative", []registry.Fact{contact(ago(2 * Day)), test(registry.PCR, registry.Negative, ago(Day))},
			wire.Yellow, ago(2 * Day).Add(14 * Day), wire.BecauseContact},
		{"positive beats a contact", []registry.Fact{contact(ago(2 * Day)), test(registry.PCR, registry.Positive, ago(Day))},
			// red until day 13 from now; the contact ended before: blue.
			wire.Red, ago(Day).Add(14 * Day), wire.BecausePositive},
		{"red then yellow: valid until the positive ends, the contact goes on",
			[]registry.Fact{test(registry.PCR, registry.Positive, ago(13*Day)), contact(ago(Day))},
			wire.Red, ago(13 * Day).Add(14 * Day), wire.BecausePositive},
		{"inconclusive gives nothing", []registry.Fact{test(registry.PCR, registry.Inconclusive, ago(Day))}, wire.Blue, time.Time{}, wire.BecauseNothing},
		{"a retracted positive counts for nothing",
			[]registry.Fact{func() registry.Fact {
				f := test(registry.PCR, registry.Positive, ago(Day))
				f.Retracted = true
				return f
			}()},
			wire.Blue, time.Time{}, wire.BecauseNothing},
		{"a manual colour holds for good", []registry.Fact{registry.ManualFact(person, wire.Red, now.Add(time.Hour))},
			wire.Red, time.Time{}, wire.BecauseManual},
		{"manual blue says so", []registry.Fact{registry.ManualFact(person, wire.Blue, now)}, wire.Blue, time.Time{}, wire.BecauseManual},
		{"a vaccination gives nothing by default",
			[]registry.Fact{{System: "v", Value: "1", IIN: person, Kind: registry.Vaccination, Complete: true, At: ago(Day)}},
			wire.Blue, time.Time{}, wire.BecauseNothing},
		{"two negatives: the later decides and lasts longer",
			[]registry.Fact{test(registry.PCR, registry.Negative, ago(2*Day)), test(registry.PCR, registry.Negative, ago(Day))},
			wire.Green, ago(Day).Add(72 * time.Hour), wire.BecauseNegative},
		{"a negative collected after the question (clock skew) starts later",
			[]registry.Fact{test(registry.PCR, registry.Negative, now.Add(time.Minute))},
			wire.Blue, now.Add(time.Minute), wire.BecauseNothing},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := r.Evaluate(c.facts, now)
			if a.Status != c.status || !a.ValidUntil.Equal(c.until) || a.Reason.Code != c.code {
				t.Fatalf("got %s until %v (%s), want %s until %v (%s)", a.Status, a.ValidUntil, a.Reason.Code, c.status, c.until, c.code)
			}
		})
	}
}

// TestValidUntilIsWhenTheColourChanges walks every answer's valid_until and
// checks that the colour is the same just before it and differs at it.
func TestValidUntilIsWhenTheColourChanges(t *testing.T) {
	r := Default()
	facts := []registry.Fact{test(registry.PCR, registry.Positive, ago(10*Day)), test(registry.PCR, registry.Negative, ago(Day)),
		contact(ago(12 * Day)), contact(now.Add(5 * Day)), test(registry.Antigen, registry.Negative, now.Add(30*Day))}
	at := now
	var seen []wire.Status
	for range 10 {
		a := r.Evaluate(facts, at)
		seen = append(seen, a.Status)
		if a.ValidUntil.IsZero() {
			break
		}
		if before := r.Evaluate(facts, a.ValidUntil.Add(-time.Nanosecond)); before.Status != a.Status {
			t.Fatalf("at %v: %s changed to %s before valid_until %v", at, a.Status, before.Status, a.ValidUntil)
		}
		if next := r.Evaluate(facts, a.ValidUntil); next.Status == a.Status {
			t.Fatalf("at %v: still %s at valid_until %v", at, a.Status, a.ValidUntil)
		}
		at = a.ValidUntil
	}
	want := []wire.Status{wire.Red, wire.Blue, wire.Yellow, wire.Blue, wire.Green, wire.Blue}
	if len(seen) != len(want) {
		t.Fatalf("colours over time %v, want %v", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Fatalf("colours over time %v, want %v", seen, want)
		}
	}
}

func TestReasonCarriesOnlyWhatTheDoorShows(t *testing.T) {
	r := Default()
	neg := r.Evaluate([]registry.Fact{test(registry.PCR, registry.Negative, ago(2*Day))}, now).Reason
	if neg.Code != wire.BecauseNegative || !neg.Since.Equal(ago(2*Day)) || neg.Method != "pcr" {
		t.Fatalf("negative reason %+v", neg)
	}
	c := r.Evaluate([]registry.Fact{contact(ago(2 * Day))}, now).Reason
	if c.Code != wire.BecauseContact || !c.Since.IsZero() || !c.Until.Equal(ago(2*Day).Add(14*Day)) {
		t.Fatalf("contact reason %+v: want until only", c)
	}
	p := r.Evaluate([]registry.Fact{test(registry.PCR, registry.Positive, ago(2*Day))}, now).Reason
	if !p.Since.IsZero() {
		t.Fatalf("positive reason %+v carries the collection time", p)
	}
}

func TestVaccinationRule(t *testing.T) {
	r := Default()
	r.Vaccinated = 270 * Day
	v := registry.Fact{System: "v", Value: "1", IIN: person, Kind: registry.Vaccination, Complete: true, At: ago(10 * Day)}
	if a := r.Evaluate([]registry.Fact{v}, now); a.Status != wire.Green || a.Reason.Code != wire.BecauseVaccinated {
		t.Fatalf("completed vaccination: %+v", a)
	}
	v.Complete = false
	if a := r.Evaluate([]registry.Fact{v}, now); a.Status != wire.Blue {
		t.Fatalf("incomplete series: %+v", a)
	}
}

func TestParse(t *testing.T) {
	r, err := Parse("positive = \"10d\"\nnegative_antigen = \"24h\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if r.Positive != 10*Day || r.NegativeAntigen != 24*time.Hour || r.Contact != 14*Day || r.Negative != 72*time.Hour {
		t.Fatalf("parsed %+v", r)
	}
	for text, want := range map[string]string{
		"postive = \"10d\"":    "unknown key \"postive\"",
		"positive = \"ten\"":   "positive: duration \"ten\"",
		"contact = \"-1h\"":    "rule contact",
		"negative = \"0h\"":    "rule negative",
		"vaccinated = \"0\"":   "",
		"positive = \"9999d\"": "longer than ten years",
	} {
		_, err := Parse(text)
		if want == "" {
			if err != nil {
				t.Errorf("%s: %v", text, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", text, err, want)
		}
	}
}

func TestDefaultsAreValid(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatal(err)
	}
}
