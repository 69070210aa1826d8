package headless

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	e, ob := offlineEngine(t, door.PolicyRefuse, door.Entrance)
	lines := run(t, e, "900101300017\n\n900101300018\n\x1b]0;x\x07\n")
	if len(lines) != 4 {
		t.Fatalf("got %d lines: %+v", len(lines), lines)
	}
	first := lines[0]
	if first.Verdict != "unchecked" || first.Allowed || first.Reason != "offline-policy" || !first.Recorded || first.Seq != 1 ||
		first.IIN != "••••••••0017" || first.Source != "unchecked" || first.Status != "" || first.Unchecked != "not-asked" {
		t.Errorf("offline refuse: %+v", first)
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
	e, _ := offlineEngine(t, door.PolicyAdmit, door.Exit)
	lines := run(t, e, "900101300017\n")
	if len(lines) != 1 || lines[0].Verdict != "goodbye" || !lines[0].Allowed || lines[0].Kind != "exit" {
		t.Fatalf("%+v", lines)
	}
}

func TestStorageFailureIsAnErrorLine(t *testing.T) {
	e, ob := offlineEngine(t, door.PolicyAdmit, door.Entrance)
	ob.Close()
	lines := run(t, e, "900101300017\n")
	if len(lines) != 1 || lines[0].Verdict != "error" || lines[0].Recorded || !strings.Contains(lines[0].Error, "not recorded") {
		t.Fatalf("%+v", lines)
	}
}

// TestOversizedLineIsSkipped: a 1 MB line is answered invalid, and the
// scans after it are still judged (it used to end the run with
// "bufio.Scanner: token too long").
func TestOversizedLineIsSkipped(t *testing.T) {
	e, ob := offlineEngine(t, door.PolicyAdmit, door.Entrance)
	huge := "900101300017" + strings.Repeat("7", 1<<20)
	lines := run(t, e, "900101300017\n"+huge+"\n950630400059\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3: %+v", len(lines), lines)
	}
	if lines[1].Verdict != "invalid" || !strings.Contains(lines[1].Error, "too long") {
		t.Errorf("oversized line: %+v", lines[1])
	}
	if lines[2].Verdict != "unchecked" || !lines[2].Allowed || lines[2].IIN != "••••••••0059" {
		t.Errorf("line after the oversized one: %+v", lines[2])
	}
	if st, _ := ob.Stats(); st.Pending != 2 {
		t.Errorf("outbox holds %d events, want 2", st.Pending)
	}
}

// TestStopsWhenContextEndsWithQuietInput: stdin stays open and sends
// nothing (a turnstile waiting); cancelling must still end Run.
func TestStopsWhenContextEndsWithQuietInput(t *testing.T) {
	e, _ := offlineEngine(t, door.PolicyAdmit, door.Entrance)
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, e, pr, io.Discard) }()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run still waits for input after its context ended")
	}
}

// TestUncheckedIsNeverAColourOrAWelcome: whatever the policy, a person
// nobody could check gets the verdict "unchecked", no status key at all,
// and the source unchecked.
func TestUncheckedIsNeverAColourOrAWelcome(t *testing.T) {
	for _, p := range door.Policies {
		e, _ := offlineEngine(t, p, door.Entrance)
		var out bytes.Buffer
		if err := Run(context.Background(), e, strings.NewReader("771203300035\n"), &out); err != nil {
			t.Fatal(err)
		}
		var raw map[string]any
		if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		if _, has := raw["status"]; has || raw["verdict"] != "unchecked" || raw["source"] != "unchecked" ||
			raw["allowed"] != (p == door.PolicyAdmit) {
			t.Errorf("policy %s: %s", p, out.String())
		}
	}
}
