package registry

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

var at = time.Date(2021, 3, 1, 12, 0, 0, 0, time.UTC)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadCSV(t *testing.T) {
	p := writeFile(t, "reg.csv", "iin,status\n# a comment\n\n900101300017,green\n 771203300035 , RED\n061211600012,yellow\n")
	facts, err := LoadCSV(p, at)
	if err != nil {
		t.Fatal(err)
	}
	want := []Fact{ManualFact("900101300017", wire.Green, at), ManualFact("771203300035", wire.Red, at),
		ManualFact("061211600012", wire.Yellow, at)}
	if len(facts) != len(want) {
		t.Fatalf("got %v, want %v", facts, want)
	}
	for i := range want {
		if facts[i] != want[i] {
			t.Errorf("fact %d = %+v, want %+v", i, facts[i], want[i])
		}
		if err := facts[i].Validate(); err != nil {
			t.Error(err)
		}
	}
	if f, err := LoadCSV(writeFile(t, "nohdr.csv", "900101300017,blue\n"), at); err != nil || len(f) != 1 || f[0].Colour != wire.Blue {
		t.Errorf("without header: %v, %v", f, err)
	}
}

func TestLoadCSVErrors(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"bad check digit", "iin,status\n900101300017,green\n900101300018,red\n", "reg.csv:3: invalid IIN ••••••••0018: the check digit does not match"},
		{"bad status", "900101300017,purple\n", `reg.csv:1: unknown status "purple"`},
		{"three fields", "# header-less\n900101300017,green,extra\n", "reg.csv:2: want 2 fields iin,status, got 3"},
		{"one field", "\n\n900101300017\n", "reg.csv:3: want 2 fields"},
		{"duplicate", "900101300017,green\n#\n900101300017,red\n", "reg.csv:3: IIN ••••••••0017 is already listed on line 1"},
		{"header not first", "900101300017,green\niin,status\n", "reg.csv:2: invalid IIN"},
		{"bad quote", "900101300017,\"green\n", "reg.csv:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadCSV(writeFile(t, "reg.csv", tt.content), at)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
	if _, err := LoadCSV(filepath.Join(t.TempDir(), "missing.csv"), at); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: %v", err)
	}
}

func TestDigestTellsCorrectionsFromDuplicates(t *testing.T) {
	f := Fact{System: "lab", Value: "1", IIN: "061211600012", Kind: Test, Method: PCR, Result: Positive, At: at, Lab: "L"}
	same := f
	same.At = at.In(time.FixedZone("x", 3600)) // the same instant
	if f.Digest() != same.Digest() {
		t.Fatal("the same fact has another digest")
	}
	for name, change := range map[string]func(*Fact){
		"result":    func(g *Fact) { g.Result = Negative },
		"time":      func(g *Fact) { g.At = at.Add(time.Nanosecond) },
		"retracted": func(g *Fact) { g.Retracted = true },
		"lab":       func(g *Fact) { g.Lab = "M" },
		"iin":       func(g *Fact) { g.IIN = "900101300017" },
		"shifted":   func(g *Fact) { g.System, g.Value = "la", "b1" }, // the length prefix tells them apart
	} {
		g := f
		change(&g)
		if g.Digest() == f.Digest() {
			t.Errorf("a change of %s keeps the digest", name)
		}
	}
}

func TestValidate(t *testing.T) {
	good := Fact{System: "lab", Value: "1", IIN: "061211600012", Kind: Test, Method: PCR, Result: Positive, At: at}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		change func(*Fact)
		want   string
	}{
		"no value":   {func(f *Fact) { f.Value = "" }, "needs a system and a value"},
		"long value": {func(f *Fact) { f.Value = strings.Repeat("x", 129) }, "identifier value has 129 bytes"},
		"bad iin":    {func(f *Fact) { f.IIN = "061211600013" }, "invalid IIN"},
		"no date":    {func(f *Fact) { f.At = time.Time{} }, "no date"},
		"method":     {func(f *Fact) { f.Method = "culture" }, "test method"},
		"kind":       {func(f *Fact) { f.Kind = "rumour" }, "fact kind"},
		"colour":     {func(f *Fact) { f.Kind = Manual }, "manual colour"},
	} {
		f := good
		c.change(&f)
		if err := f.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}
