// Package headless runs the door engine without a TUI: one scanned payload per
// line on stdin, one JSON verdict per line on stdout, each line written only
// after its event is durable. Turnstiles, tests and load generators use it.
package headless

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Engine is the door engine.
type Engine interface {
	Handle(ctx context.Context, s scanner.Scan) (door.Verdict, error)
}

// Line is one output line. Verdict is "welcome", "denied" or "goodbye" for a
// recorded event, "invalid" for input that was not accepted (nothing
// recorded) and "error" when the event could not be recorded.
type Line struct {
	Verdict string    `json:"verdict"`
	Allowed bool      `json:"allowed"`
	Kind    string    `json:"kind,omitempty"`
	Status  string    `json:"status,omitempty"`
	Source  string    `json:"source,omitempty"`
	IIN     string    `json:"iin,omitempty"` // masked
	EventID string    `json:"event_id,omitempty"`
	Seq     uint64    `json:"seq,omitempty"`
	Time    time.Time `json:"time"`
	// Reason is why a refusal was made ("status", "offline-policy") or,
	// for an invalid pass, why it was not accepted ("replay", "deny-listed",
	// ... as in docs/pass-format.md).
	Reason string `json:"reason,omitempty"`
	// PassID is set when a pass was shown; PassNote says why its colour
	// was not used ("status-expired", "status-changed", "keys-stale").
	PassID   string `json:"pass_id,omitempty"`
	PassNote string `json:"pass_note,omitempty"`
	Error    string `json:"error,omitempty"`
	Recorded bool   `json:"recorded"`
}

// MaxLine is the longest input line read; longer lines are reported invalid.
const MaxLine = 64 * 1024

// Run reads until EOF or ctx ends. It returns an error only when it cannot go
// on (stdout closed, stdin broken); bad lines are answered, not fatal.
func Run(ctx context.Context, eng Engine, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 4096), MaxLine)
	enc := json.NewEncoder(out)
	for sc.Scan() {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		scan := scanner.Scan{Payload: sc.Text(), Source: scanner.SourceStdin, At: time.Now()}
		if err := enc.Encode(judge(ctx, eng, scan)); err != nil {
			return fmt.Errorf("write verdict: %w", err)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			_ = enc.Encode(Line{Verdict: "invalid", Time: time.Now(), Error: scanner.ErrTooLong.Error()})
		}
		return fmt.Errorf("read stdin: %w", err)
	}
	return nil
}

func judge(ctx context.Context, eng Engine, scan scanner.Scan) Line {
	v, err := eng.Handle(ctx, scan)
	l := LineFor(v, err, scan.At)
	l.Recorded = err == nil
	return l
}

// LineFor is the output line for a verdict or an error; Recorded is left
// false for the caller to set. `ashyq-kiosk check` prints the same.
func LineFor(v door.Verdict, err error, at time.Time) Line {
	var pe *scanner.PayloadError
	switch {
	case errors.As(err, &pe):
		return Line{Verdict: "invalid", Time: at, Reason: door.PassReasonOf(err), Error: safetext.Clean(pe.Error(), 200)}
	case err != nil:
		return Line{Verdict: "error", Time: at, Error: safetext.Clean(err.Error(), 200)}
	}
	return Line{
		Verdict: string(v.Word()), Allowed: v.Allowed, Kind: string(v.Kind), Status: string(v.Status),
		Source: string(v.Source), IIN: v.MaskedIIN, EventID: v.EventID, Seq: v.Seq,
		Time: v.At.UTC(), Reason: v.Reason, PassID: v.PassID, PassNote: v.PassNote,
	}
}
