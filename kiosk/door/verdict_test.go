package door_test

import (
	"testing"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/sync/wire"
)

func TestVerdictWord(t *testing.T) {
	tests := []struct {
		v    door.Verdict
		want door.Word
	}{
		{door.Verdict{Allowed: true, Kind: wire.Entry}, door.WordWelcome},
		{door.Verdict{Kind: wire.Refusal, Reason: wire.ReasonStatus}, door.WordDenied},
		{door.Verdict{Kind: wire.Refusal, Reason: wire.ReasonOfflinePolicy}, door.WordDenied},
		{door.Verdict{Allowed: true, Kind: wire.Exit}, door.WordGoodbye},
	}
	for _, tt := range tests {
		if got := tt.v.Word(); got != tt.want {
			t.Errorf("%+v: Word() = %q, want %q", tt.v, got, tt.want)
		}
	}
}
