package backend

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/store"
)

func TestCheckSecretStrength(t *testing.T) {
	for _, tt := range []struct {
		secret string
		ok     bool
	}{
		{"a", false},
		{"token-a", false},
		{strings.Repeat("a", 64), false},
		{strings.Repeat("ab", 32), false},
		{"01234567890123456789012345678901", false}, // 32 digits: about 106 bits
		{"0123456789012345678901234567890123456789", true},
		{"9f86d081884c7d659a2feaa0c55ad015", true}, // openssl rand -hex 16
		{"correct horse battery staple abc", false},
		{"tok\x00en-0123456789abcdefghijklmnopq", false},
		{"ashyq_d_kT3vX9qL2mN8pR4sW7yZ1bC5dF6gH0jK", true},
		{"Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0", true},
	} {
		err := CheckSecretStrength(tt.secret)
		if (err == nil) != tt.ok {
			t.Errorf("%q: %v, want ok %v", tt.secret, err, tt.ok)
		}
		if err != nil && (!errors.Is(err, ErrWeakSecret) || len(tt.secret) > 3 && strings.Contains(err.Error(), tt.secret)) {
			t.Errorf("%q: %v", tt.secret, err)
		}
	}
	// Every secret the server makes passes.
	for range 100 {
		s, _, err := NewSecret(store.KindDevice, "cafe", "", time.Time{})
		if err != nil || CheckSecretStrength(s) != nil {
			t.Fatalf("a made secret: %v %v", err, CheckSecretStrength(s))
		}
	}
}
