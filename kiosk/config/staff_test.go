package config

import (
	"strings"
	"testing"
)

// TestOldPoliciesStillLoad: a file from before the unchecked verdict loads;
// "allow" (let in as blue) becomes "admit" with a notice saying why blue is
// gone, "deny" becomes "refuse" quietly but noted; today's values load as
// they are.
func TestOldPoliciesStillLoad(t *testing.T) {
	tests := []struct {
		policy, want string
		notice       []string // words the notice must hold; nil: no notice
	}{
		{"allow", "admit", []string{"allow", "BLUE", "NOT CHECKED", "admit", "ask"}},
		{"deny", "refuse", []string{"deny", "refuse"}},
		{"admit", "admit", nil},
		{"refuse", "refuse", nil},
	}
	for _, tt := range tests {
		cfg, err := Load(write(t, minimal+"[offline]\npolicy = \""+tt.policy+"\"\n"), nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.policy, err)
		}
		if cfg.Offline.Policy != tt.want {
			t.Errorf("%s: policy %q, want %q", tt.policy, cfg.Offline.Policy, tt.want)
		}
		var said []string
		for _, n := range cfg.Notices {
			said = append(said, n.Error())
		}
		notices := strings.Join(said, "\n")
		if tt.notice == nil && notices != "" {
			t.Errorf("%s: unexpected notice %q", tt.policy, notices)
		}
		for _, w := range tt.notice {
			if !strings.Contains(notices, w) {
				t.Errorf("%s: notice %q does not say %q", tt.policy, notices, w)
			}
		}
		if tt.notice != nil && !strings.Contains(notices, cfg.Path) {
			t.Errorf("%s: notice does not name the file", tt.policy)
		}
	}
	if _, err := Load(write(t, minimal+"[offline]\npolicy = \"maybe\"\n"), nil); err == nil ||
		!strings.Contains(err.Error(), `"ask", "refuse", "admit"`) {
		t.Errorf("unknown policy: %v", err)
	}
}

// TestDefaultPolicyIsAsk: the default asks staff; without a staff code it
// says it will refuse.
func TestDefaultPolicyIsAsk(t *testing.T) {
	cfg, err := Load(write(t, minimal), nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Offline.Policy != "ask" || !cfg.Display.Identity {
		t.Errorf("defaults: policy %q, identity %v", cfg.Offline.Policy, cfg.Display.Identity)
	}
	if n := strings.Join(cfg.Advice, "\n"); !strings.Contains(n, "no staff code") || len(cfg.Notices) != 0 {
		t.Errorf("ask without a staff code: advice %q, notices %q", n, cfg.Notices)
	}
	cfg, err = Load(write(t, minimal+"[override]\ncodes = [\"aigerim:4821\"]\n"), nil)
	if err != nil || len(cfg.Advice) != 0 {
		t.Errorf("ask with a staff code: %v, advice %q", err, cfg.Advice)
	}
}

func TestStaffCodes(t *testing.T) {
	cfg, err := Load(write(t, minimal+"[owner]\npin = \"9911\"\n[override]\ncodes = [\"aigerim:4821\", \"Айгерим.Б:48210\"]\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.StaffCodes()
	want := []StaffCode{{"aigerim", "4821"}, {"Айгерим.Б", "48210"}, {OwnerStaffName, "9911"}}
	if len(got) != len(want) {
		t.Fatalf("codes %v", len(got))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("code %d: %v, want %v", i, got[i].Name, want[i].Name)
		}
	}
	if s := cfg.Override.String(); strings.Contains(s, "4821") {
		t.Errorf("String() shows a code: %s", s)
	}
	for _, bad := range []struct{ codes, why string }{
		{`["aigerim"]`, "not \"name:code\""},
		{`["aigerim:12"]`, "4 to 8 digits"},
		{`["a b:1234"]`, "the name"},
		{`["a:1234", "b:1234"]`, "same code"},
		{`["a:1234", "a:5678"]`, "used twice"},
		{`["owner:5678"]`, "used twice"},
		{`["boss:9911"]`, "owner PIN"},
	} {
		_, err := Load(write(t, minimal+"[owner]\npin = \"9911\"\n[override]\ncodes = "+bad.codes+"\n"), nil)
		if err == nil || !strings.Contains(err.Error(), bad.why) || !strings.Contains(err.Error(), "override.codes") {
			t.Errorf("%s: %v, want %q", bad.codes, err, bad.why)
		}
		if err != nil && (strings.Contains(err.Error(), "9911") || strings.Contains(err.Error(), "5678")) {
			t.Errorf("%s: the error quotes a code: %v", bad.codes, err)
		}
	}
}
