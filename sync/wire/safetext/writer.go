package safetext

import (
	"io"

	"github.com/ashyq/kiosk/sync/wire/iin"
)

// RedactingWriter masks every IIN-shaped digit run in what is written
// through it, for the writer under a log handler. Every value that reaches a
// log already went through Clean; this is the second line, for what the
// handler itself adds (its quoting) and for error text that a library
// quoted from its input. slog's handlers write each record in one Write, so
// a record is masked whole, never across two writes.
func RedactingWriter(w io.Writer) io.Writer { return redactingWriter{w} }

type redactingWriter struct{ w io.Writer }

func (r redactingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(r.w, iin.Redact(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
