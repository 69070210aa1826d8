package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// RecordsHeader is the records CSV's first line.
var RecordsHeader = []string{"scanned_at", "time_zone", "door", "device", "kind", "iin_masked", "status", "source", "reason",
	"staff", "event_id"}

// WriteRecordsCSV writes the period's records, one a line, flushing each
// page: the whole period is never in memory. Text from kiosks is cleaned
// (control characters escaped, any IIN masked) and a cell a spreadsheet
// would take for a formula is quoted with a leading apostrophe.
func WriteRecordsCSV(w io.Writer, p Period, each Each) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(RecordsHeader); err != nil {
		return err
	}
	zone := p.loc().String()
	err := each(func(evs []wire.Event) error {
		for _, e := range evs {
			row := []string{e.ScannedAt.In(p.loc()).Format(time.RFC3339), zone, cell(e.Door), cell(e.Device), string(e.Kind),
				cell(e.IIN), string(e.Status), string(e.Source), cell(e.Reason), cell(e.Staff), cell(e.ID)}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// HoursHeader is the hours CSV's first line.
var HoursHeader = []string{"hour_start", "time_zone", "entries", "exits", "refused", "let_in_by_staff", "not_checked"}

// WriteHoursCSV writes the counts of every hour of the period, empty hours
// too (an inspector adds up columns).
func WriteHoursCSV(w io.Writer, p Period, hours []store.HourCount) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(HoursHeader); err != nil {
		return err
	}
	for _, h := range EveryHour(p, hours) {
		u := func(n uint64) string { return strconv.FormatUint(n, 10) }
		if err := cw.Write([]string{h.Hour.In(p.loc()).Format(time.RFC3339), p.loc().String(), u(h.Entries), u(h.Exits),
			u(h.Refusals), u(h.Overrides), u(h.Unchecked)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// EveryHour is the period's hours in order, with the empty ones.
func EveryHour(p Period, hours []store.HourCount) []store.HourCount {
	byHour := map[int64]store.HourCount{}
	for _, h := range hours {
		byHour[h.Hour.Unix()] = h
	}
	var out []store.HourCount
	for t := p.From.UTC().Truncate(time.Hour); t.Before(p.To); t = t.Add(time.Hour) {
		h, ok := byHour[t.Unix()]
		if !ok {
			h = store.HourCount{Hour: t}
		}
		out = append(out, h)
	}
	return out
}

// cell cleans kiosk text for a spreadsheet: no control characters, no IIN,
// and no leading character that makes a formula.
func cell(s string) string {
	s = safetext.Clean(s, 200)
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}

// FileName is the download's name for a period: venue-2026-12-01-2026-12-07.ext
// (the last day included), in characters any file system takes.
func FileName(p Period, ext string) string {
	last := p.To.Add(-time.Nanosecond).In(p.loc())
	name := []rune{}
	for _, r := range p.Venue {
		if r < 0x80 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			name = append(name, r)
		} else {
			name = append(name, '_')
		}
	}
	return fmt.Sprintf("%s-%s-%s.%s", string(name), p.From.In(p.loc()).Format("2006-01-02"), last.Format("2006-01-02"), ext)
}
