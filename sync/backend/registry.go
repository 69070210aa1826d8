package backend

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// LoadRegistry reads a status registry from a CSV file with two columns,
// iin,status. A first line "iin,status" is a header and skipped; lines
// starting with '#' and blank lines are ignored. Every IIN is validated and
// may appear only once. Errors name the file and the line.
func LoadRegistry(path string) (map[string]wire.Status, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open registry: %w", err)
	}
	defer f.Close()
	return parseRegistry(path, f)
}

// parseRegistry is LoadRegistry over any reader; name is used in errors.
func parseRegistry(name string, r io.Reader) (map[string]wire.Status, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1 // checked below, with a clearer message
	cr.TrimLeadingSpace = true
	out := map[string]wire.Status{}
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
		out[id] = status
	}
}

// SetStatus sets one person's registry status (revoking their passes if it
// changes).
func (b *Backend) SetStatus(ctx context.Context, id string, st wire.Status) error {
	if err := iin.Validate(id); err != nil {
		return fmt.Errorf("set status: %w", err)
	}
	if !st.Valid() {
		return fmt.Errorf("set status: %q is not a colour", st)
	}
	if err := b.st.PutStatuses(ctx, map[string]wire.Status{id: st}); err != nil {
		return fmt.Errorf("set status: %w", err)
	}
	return nil
}

// Status returns the colour of a valid IIN; blue when the registry does not
// know it.
func (b *Backend) Status(ctx context.Context, iin string) (wire.Status, error) {
	return b.st.Status(ctx, iin)
}
