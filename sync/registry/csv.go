package registry

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// LoadCSV reads a registry file (ParseCSV) as manual facts set at.
func LoadCSV(path string, at time.Time) ([]Fact, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open registry: %w", err)
	}
	defer f.Close()
	return ParseCSV(path, f, at)
}

// ParseCSV reads a registry file with two columns, iin,status, as manual
// facts set at: the demos' and small sites' way to set colours by hand. A
// first line "iin,status" is a header and skipped; lines starting with '#'
// and blank lines are ignored. Every IIN is validated and may appear only
// once. Errors name the file (name) and the line, and mask the IIN.
func ParseCSV(name string, r io.Reader, at time.Time) ([]Fact, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1 // checked below, with a clearer message
	cr.TrimLeadingSpace = true
	var out []Fact
	seen := map[string]int{} // iin -> line, to name the earlier line
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("registry %s:%d: %v", name, pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("registry %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		isFirst := first
		first = false
		if len(rec) != 2 {
			return nil, fmt.Errorf("registry %s:%d: want 2 fields iin,status, got %d", name, line, len(rec))
		}
		id, st := strings.TrimSpace(rec[0]), strings.ToLower(strings.TrimSpace(rec[1]))
		if isFirst && strings.EqualFold(id, "iin") {
			continue // header
		}
		if err := iin.Validate(id); err != nil {
			return nil, fmt.Errorf("registry %s:%d: %w", name, line, err)
		}
		status, err := wire.ParseStatus(st)
		if err != nil {
			return nil, fmt.Errorf("registry %s:%d: %w", name, line, err)
		}
		if prev, dup := seen[id]; dup {
			return nil, fmt.Errorf("registry %s:%d: IIN %s is already listed on line %d", name, line, iin.Mask(id), prev)
		}
		seen[id] = line
		out = append(out, ManualFact(id, status, at))
	}
}
