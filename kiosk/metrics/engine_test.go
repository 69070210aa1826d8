package metrics

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/wire"
)

// TestUncheckedAndOverridesCounted: a person nobody could check is counted
// by what the policy did, and a staff override by its reason, apart from
// the other verdicts.
func TestUncheckedAndOverridesCounted(t *testing.T) {
	ob, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ob.Close()
	eng, err := door.New(door.Config{Device: "d", Venue: "v", Mode: door.Entrance, Offline: door.PolicyAsk}, ob, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	k := New(Sources{Device: "d", Venue: "v", Version: "t"})
	e := k.Wrap(eng)
	ctx := context.Background()
	v, err := e.Handle(ctx, scanner.Scan{Payload: "771203300035", Source: scanner.SourceKeyboard, At: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Override(ctx, v.EventID, wire.OverrideIDChecked, "aigerim"); err != nil {
		t.Fatal(err)
	}
	text := scrapeText(t, k)
	for series, want := range map[string]float64{
		`ashyq_kiosk_unchecked_total{decision="refused"}`:                                1,
		`ashyq_kiosk_overrides_total{reason="id-checked"}`:                               1,
		`ashyq_kiosk_verdicts_total{input="keyboard",kind="refusal",source="unchecked"}`: 1,
		`ashyq_kiosk_verdicts_total{input="staff",kind="override",source="unchecked"}`:   1,
	} {
		if got := value(t, text, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
}
