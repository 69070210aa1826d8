package config

import (
	"fmt"
	"strings"
	"testing"
)

func TestOwnerPIN(t *testing.T) {
	tests := []struct {
		name, pin string
		ok        bool
	}{
		{"empty disables", "", true},
		{"four digits", "1234", true},
		{"eight digits", "00000000", true},
		{"three digits", "123", false},
		{"nine digits", "123456789", false},
		{"letters", "12ab", false},
		{"space", "12 34", false},
		{"arabic-indic digits", "١٢٣٤", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(t, minimal+fmt.Sprintf("\n[owner]\npin = %q\n", tt.pin))
			cfg, err := Load(p, nil)
			if tt.ok {
				if err != nil {
					t.Fatalf("pin %q refused: %v", tt.pin, err)
				}
				if cfg.Owner.PIN != tt.pin {
					t.Errorf("owner.pin = %q, want %q", cfg.Owner.PIN, tt.pin)
				}
				return
			}
			if err == nil {
				t.Fatalf("pin %q accepted", tt.pin)
			}
			for _, w := range []string{p, "owner.pin", "4 to 8 digits"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			// The file's path is a temporary directory with random digits
			// in it (it once held "123"): look for the PIN beside it.
			if strings.Contains(strings.ReplaceAll(err.Error(), p, ""), tt.pin) {
				t.Errorf("error %q shows the PIN", err)
			}
		})
	}
}

func TestOwnerPINFromEnv(t *testing.T) {
	cfg, err := Load(write(t, minimal+"\n[owner]\npin = \"1111\"\n"), []string{"ASHYQ_OWNER_PIN=4826"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Owner.PIN != "4826" {
		t.Errorf("owner.pin = %q, want the environment's 4826", cfg.Owner.PIN)
	}
	_, err = Load(write(t, minimal), []string{"ASHYQ_OWNER_PIN=12"})
	if err == nil || !strings.Contains(err.Error(), "owner.pin") {
		t.Errorf("a bad PIN from the environment: err = %v", err)
	}
}

// TestOwnerPINNotPrinted: a Config printed whole (as a test failure or a
// debug line would) does not show the PIN.
func TestOwnerPINNotPrinted(t *testing.T) {
	cfg := Default()
	cfg.Owner.PIN = "97531"
	for _, s := range []string{fmt.Sprintf("%v", cfg), fmt.Sprintf("%+v", cfg), fmt.Sprint(cfg.Owner)} {
		if strings.Contains(s, "97531") {
			t.Fatalf("printed config shows the PIN: %s", s)
		}
		if !strings.Contains(s, "pin:set") {
			t.Errorf("printed config does not say a PIN is set: %s", s)
		}
	}
	if s := fmt.Sprint(Default().Owner); s != "{pin:off}" {
		t.Errorf("no PIN prints %q", s)
	}
}
