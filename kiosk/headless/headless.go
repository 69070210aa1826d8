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
	"strings"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Engine is the door engine.
type Engine interface {
	Handle(ctx context.Context, s scanner.Scan) (door.Verdict, error)
}

// Line is one output line. Verdict is "welcome", "denied", "full",
// "goodbye" or "unchecked" for a recorded event, "invalid" for input that
// was not accepted (nothing recorded) and "error" when the event could not
// be recorded. "unchecked" is a person nobody could check: Allowed says
// whether the offline policy let them in, Unchecked why no answer could be
// had, and Status is absent (never a colour). The birth date and sex the
// IIN holds are never written: the line goes to a controller and its logs.
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
	// Unchecked says why nobody could check the person ("unreachable",
	// "token-refused", "upstream-error", "not-asked").
	Unchecked string `json:"unchecked,omitempty"`
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

// MaxLine is the longest input line read; longer lines are answered
// invalid and skipped, without being held in memory.
const MaxLine = 64 * 1024

// Run reads until EOF or ctx ends. It returns an error only when it cannot go
// on (stdout closed, stdin broken); bad lines are answered, not fatal. Input
// is read in a goroutine so that a quiet stdin that stays open (a turnstile
// waiting) does not keep Run from seeing ctx end; that goroutine stays
// blocked in its read until the process exits or in returns.
func Run(ctx context.Context, eng Engine, in io.Reader, out io.Writer) error {
	lines := make(chan line)
	go readLines(ctx, in, lines)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false) // its \u0026 could join the digits after it into an IIN
	for {
		var l line
		var ok bool
		select {
		case <-ctx.Done():
			return ctx.Err()
		case l, ok = <-lines:
		}
		if !ok {
			return nil
		}
		if l.err != nil {
			return fmt.Errorf("read stdin: %w", l.err)
		}
		answer := Line{Verdict: "invalid", Time: time.Now(), Error: scanner.ErrTooLong.Error()}
		if !l.tooLong {
			answer = judge(ctx, eng, scanner.Scan{Payload: l.text, Source: scanner.SourceStdin, At: time.Now()})
		}
		if err := enc.Encode(answer); err != nil {
			return fmt.Errorf("write verdict: %w", err)
		}
	}
}

// line is one input line: its text, or tooLong when it was over MaxLine
// (its bytes are discarded), or the read error that ended the input.
type line struct {
	text    string
	tooLong bool
	err     error
}

// readLines sends every line of in until EOF (closing ch) or a read error
// (sent, then ch is closed), and stops early when ctx ends.
func readLines(ctx context.Context, in io.Reader, ch chan<- line) {
	defer close(ch)
	r := bufio.NewReaderSize(in, MaxLine)
	for {
		l, err := readLine(r)
		if errors.Is(err, io.EOF) && l.text == "" && !l.tooLong {
			return
		}
		if err != nil && !errors.Is(err, io.EOF) {
			l = line{err: err}
		}
		select {
		case ch <- l:
		case <-ctx.Done():
			return
		}
		if err != nil {
			return
		}
	}
}

// readLine reads up to the next newline. A line longer than the reader's
// buffer is drained to its newline and reported tooLong.
func readLine(r *bufio.Reader) (line, error) {
	b, err := r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = r.ReadSlice('\n')
		}
		return line{tooLong: true}, err
	}
	return line{text: strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")}, err
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
		Time: v.At.UTC(), Reason: v.Reason, PassID: v.PassID, PassNote: v.PassNote, Unchecked: string(v.Unchecked),
	}
}
