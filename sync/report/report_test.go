package report

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

var almaty, _ = time.LoadLocation("Asia/Almaty")

func sample() (Period, []store.HourCount, []wire.Event) {
	from := time.Date(2026, 12, 1, 0, 0, 0, 0, almaty)
	p := Period{Venue: "Қазақ кафе №1", From: from, To: from.AddDate(0, 0, 3), Location: almaty,
		Generated: from.AddDate(0, 0, 4), By: "v-0011aa"}
	var evs []wire.Event
	var hours []store.HourCount
	for i := range 130 {
		e := wire.Event{ID: "ev-" + string(rune('a'+i%26)) + time.Duration(i).String(), Device: "main-k7qf", Door: "main",
			Kind: wire.Entry, IIN: iin.Mask("900101300017"), Status: wire.Green, Source: wire.SourceOnline,
			ScannedAt: from.Add(9*time.Hour + time.Duration(i)*17*time.Minute)}
		switch i % 10 {
		case 3:
			e.Kind, e.Status, e.Source = wire.Exit, "", wire.SourceSkipped
		case 7:
			e.Kind, e.Status, e.Source, e.Reason = wire.Refusal, wire.Red, wire.SourceOnline, "=HYPERLINK(\"x\")"
		case 9:
			e.Kind, e.Status, e.Source, e.Reason, e.Staff = wire.Override, "", wire.SourceUnchecked, "manager", "Әсел"
		}
		evs = append(evs, e)
		h := store.HourCount{Hour: store.EventHour(e)}
		h.Add(e)
		hours = append(hours, h)
	}
	// Merge the hours as a store would.
	merged := map[int64]*store.HourCount{}
	var out []store.HourCount
	for _, h := range hours {
		if m := merged[h.Hour.Unix()]; m != nil {
			m.Plus(h)
			continue
		}
		out = append(out, h)
		merged[h.Hour.Unix()] = &out[len(out)-1]
	}
	for i := range out {
		out[i] = *merged[out[i].Hour.Unix()]
	}
	return p, out, evs
}

// pages hands the events out 50 at a time, as the backend does.
func pages(evs []wire.Event) Each {
	return func(fn func([]wire.Event) error) error {
		for i := 0; i < len(evs); i += 50 {
			if err := fn(evs[i:min(i+50, len(evs))]); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestRecordsCSV(t *testing.T) {
	p, _, evs := sample()
	var b bytes.Buffer
	if err := WriteRecordsCSV(&b, p, pages(evs)); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(evs)+1 || strings.Join(rows[0], ",") != strings.Join(RecordsHeader, ",") {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	if rows[1][0] != "2026-12-01T09:00:00+05:00" || rows[1][1] != "Asia/Almaty" || rows[1][5] != "••••••••0017" {
		t.Errorf("first record %v: time in the venue's zone, IIN masked", rows[1])
	}
	if got := rows[8][8]; got != `'=HYPERLINK("x")` {
		t.Errorf("a formula-like reason is %q; want it quoted with an apostrophe", got)
	}
	if rows[10][9] != "Әсел" || rows[10][4] != "override" {
		t.Errorf("override row %v", rows[10])
	}
}

func TestHoursCSVHasEveryHour(t *testing.T) {
	p, hours, _ := sample()
	var b bytes.Buffer
	if err := WriteHoursCSV(&b, p, hours); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&b).ReadAll()
	if len(rows) != 3*24+1 {
		t.Fatalf("%d rows, want 72 hours and a header", len(rows))
	}
	if rows[1][0] != "2026-12-01T00:00:00+05:00" || rows[10][0] != "2026-12-01T09:00:00+05:00" || rows[10][2] == "0" {
		t.Errorf("rows 1 and 10: %v %v", rows[1], rows[10])
	}
}

// TestPDFReadsBack opens the PDF with poppler's pdftotext, as an inspector's
// viewer would, and finds what it must say.
func TestPDFReadsBack(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is missing (poppler-utils; .ci/run installs it)")
		}
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	p, hours, evs := sample()
	var b bytes.Buffer
	if err := WritePDF(&b, p, hours, pages(evs)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	text := string(out)
	tot := Totals(hours)
	for _, want := range []string{"Visits of Қазақ кафе №1", "1 Dec 2026 – 3 Dec 2026", "Asia/Almaty (UTC+05:00)",
		"••••••••0017", "let in by staff", "NOT CHECKED", "Әсел", "130 records.", "page 1 of ", "Counts per hour",
		"2026-12-01 09:00–10:00"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not say %q", want)
		}
	}
	if tot.Entries != 91 || tot.Exits != 13 || tot.Refusals != 13 || tot.Overrides != 13 {
		t.Errorf("totals %+v", tot)
	}
	if strings.Contains(text, "900101300017") {
		t.Error("a full IIN in the PDF")
	}
}

// TestPDFListsABoundedNumberOfRecords: past MaxPDFRecords the PDF says how
// many more there are and where they are, and holds no more pages.
func TestPDFListsABoundedNumberOfRecords(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is missing (poppler-utils; .ci/run installs it)")
		}
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	defer func(n int) { MaxPDFRecords = n }(MaxPDFRecords)
	MaxPDFRecords = 100
	p, hours, evs := sample()
	var b bytes.Buffer
	if err := WritePDF(&b, p, hours, pages(evs)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").CombinedOutput()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	if !strings.Contains(text, "The first 100 records are listed; 30 more are in the records CSV export") {
		t.Errorf("the PDF does not say what it left out:\n%s", text)
	}
}
