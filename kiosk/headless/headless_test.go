package headless

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/sync/outbox"
)

// An engine with a real outbox and no upstream: every status is unknown, so
// the offline policy decides.
func offlineEngine(t *testing.T, policy door.Policy, mode door.Mode) (*door.Engine, *outbox.Outbox) {
	t.Helper()
	ob, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ob.Close() })
	e, err := door.New(door.Config{Device: "h1", Venue: "v", Door: "d", Mode: mode, Offline: policy}, ob, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e, ob
}

func run(t *testing.T, e Engine, in string) []Line {
	t.Helper()
	var out bytes.Buffer
	if err := Run(context.Background(), e, strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	var lines []Line
	dec := json.NewDecoder(&out)
	for dec.More() {
		var l Line
		if err := dec.Decode(&l); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	return lines
}

func TestOneLinePerInputLine(t *testing.T) {
	e, ob := offlineEngine(t, door.PolicyDeny, door.Entrance)
	lines := run(t, e, "900101300017\n\n900101300018\n\x1b]0;x\x07\n")
	if len(lines) != 4 {
		t.Fatalf("got %d lines: %+v", len(lines), lines)
	}
	first := lines[0]
	if first.Verdict != "denied" || first.Reason != "offline-policy" || !first.Recorded || first.Seq != 1 ||
		first.IIN != "••••••••0017" || first.Source != "none" {
		t.Errorf("offline deny: %+v", first)
	}
	for i, l := range lines[1:] {
		if l.Verdict != "invalid" || l.Recorded || l.Error == "" {
			t.Errorf("line %d: %+v", i+1, l)
		}
	}
	if strings.ContainsAny(lines[3].Error, "\x1b\x07") {
		t.Errorf("raw control characters in %q", lines[3].Error)
	}
	if st, _ := ob.Stats(); st.Pending != 1 {
		t.Errorf("outbox holds %d events, want 1", st.Pending)
	}
}

func TestExitAndAllow(t *testing.T) {
	e, _ := offlineEngine(t, door.PolicyAllow, door.Exit)
	lines := run(t, e, "900101300017\n")
	if len(lines) != 1 || lines[0].Verdict != "goodbye" || !lines[0].Allowed || lines[0].Kind != "exit" {
		t.Fatalf("%+v", lines)
	}
}

func TestStorageFailureIsAnErrorLine(t *testing.T) {
	e, ob := offlineEngine(t, door.PolicyAllow, door.Entrance)
	ob.Close()
	lines := run(t, e, "900101300017\n")
	if len(lines) != 1 || lines[0].Verdict != "error" || lines[0].Recorded || !strings.Contains(lines[0].Error, "not recorded") {
		t.Fatalf("%+v", lines)
	}
}

func TestOverlongLine(t *testing.T) {
	e, _ := offlineEngine(t, door.PolicyAllow, door.Entrance)
	var out bytes.Buffer
	err := Run(context.Background(), e, strings.NewReader(strings.Repeat("9", MaxLine+10)+"\n"), &out)
	if err == nil || !strings.Contains(out.String(), `"invalid"`) {
		t.Fatalf("err %v, out %q", err, out.String())
	}
}
