package fhirin

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// Reader reads FHIR Bulk Data NDJSON, one resource a line, as a stream: it
// holds one line at a time (at most MaxLineBytes) and the Patients it has
// seen (at most Config.MaxPatients), so its memory does not grow with the
// file. A file may mix resource types; Patients must come before the
// resources that refer to them by "Patient/id" (a Bulk Data export's
// Patient.ndjson first), or the resources name people by identifier.
type Reader struct {
	k        *compiled
	br       *bufio.Reader
	now      time.Time
	line     int
	patients map[string]string // Patient id -> IIN
	buf      []byte
}

// NewReader reads NDJSON from r, judging dates against now.
func (p *Parser) NewReader(r io.Reader, now time.Time) *Reader {
	return &Reader{k: p.k, br: bufio.NewReaderSize(r, 64<<10), now: now, patients: map[string]string{}}
}

// Line is the number of the last line read, from 1.
func (r *Reader) Line() int { return r.line }

// Next returns the next resource's item (Index is its line); blank lines
// are skipped. It returns io.EOF at the end, and other errors only for a
// failing reader: a bad line is an item with a problem.
func (r *Reader) Next() (Item, error) {
	for {
		line, tooLong, err := r.readLine()
		if err != nil {
			return Item{}, err
		}
		r.line++
		it := Item{Index: r.line}
		if tooLong {
			it.Problem = &Problem{Index: r.line, Code: fhir.IssueTypeTooLong,
				Reason: fmt.Sprintf("line %d has more than %d bytes", r.line, MaxLineBytes)}
			return it, nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		res, pr := r.k.resource(line, "", r.now, r.resolve)
		it.ResourceType, it.Fact = res.rt, res.fact
		if pr == nil && res.rt == "Patient" && res.id != "" {
			if _, ok := r.patients[res.id]; !ok && len(r.patients) >= r.k.maxPat {
				pr = problem(fhir.IssueTypeTooCostly, "Patient.id",
					"more than %d Patients in one import: name people by identifier (system %s) instead", r.k.maxPat, r.k.systems)
			} else {
				r.patients[res.id] = res.patient
			}
		}
		if pr != nil {
			pr.Index = r.line
			if res.rt != "" && !strings.HasPrefix(pr.Expression, res.rt) {
				pr.Expression = strings.TrimPrefix(res.rt+pr.Expression, ".")
			}
			it.Fact, it.Problem = nil, pr
		}
		return it, nil
	}
}

// resolve finds "Patient/id" among the Patients read so far.
func (r *Reader) resolve(ref string) (string, string) {
	id, ok := strings.CutPrefix(ref, "Patient/")
	if !ok {
		return "", fmt.Sprintf("%s is not a Patient/id reference", clip(ref, 80))
	}
	if person, ok := r.patients[id]; ok {
		return person, ""
	}
	return "", fmt.Sprintf("%s: no such Patient earlier in the file (put the Patients first, or name the person by identifier)", clip(ref, 80))
}

// readLine returns the next line without its newline; tooLong when it had
// more than MaxLineBytes (then it was skipped to its end). io.EOF only when
// nothing is left.
func (r *Reader) readLine() (line []byte, tooLong bool, err error) {
	r.buf = r.buf[:0]
	for {
		chunk, err := r.br.ReadSlice('\n')
		if len(r.buf)+len(chunk) > MaxLineBytes+1 {
			tooLong = true
		} else {
			r.buf = append(r.buf, chunk...)
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(r.buf) == 0 && !tooLong {
				return nil, false, io.EOF
			}
			return r.buf, tooLong, nil
		case err != nil:
			return nil, false, fmt.Errorf("read line %d: %w", r.line+1, err)
		}
		return bytes.TrimSuffix(r.buf, []byte("\n")), tooLong, nil
	}
}
