package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

const family = "DejaVu"

// PDF layout, in millimetres on A4 portrait.
const (
	margin  = 12.0
	rowH    = 5.0
	pageW   = 210.0
	bodyW   = pageW - 2*margin
	fontPt  = 8.5
	titlePt = 15.0
)

// MaxPDFRecords bounds the records a PDF lists (about 400 pages): fpdf
// holds a document whole until it is written, so a PDF of a month of a
// busy venue would hold every page in memory. The counts per hour cover
// the whole period; past this many records the PDF says how many more
// there are, and the records CSV, written as it is read, has them all.
var MaxPDFRecords = 20_000

// recordCols are the records table's columns: title and width.
var recordCols = []struct {
	title string
	w     float64
}{
	{"Time", 32}, {"Door", 18}, {"Record", 25}, {"IIN", 26}, {"Status", 14}, {"How", 24}, {"Reason / staff", 47},
}

// WritePDF writes the period's report: a summary, the chart of the hours,
// the counts of every hour that had any, and every record. The records
// come from each in pages.
func WritePDF(w io.Writer, p Period, hours []store.HourCount, each Each) error {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(p.Generated)
	f.SetModificationDate(p.Generated)
	f.SetTitle("Visits of "+p.Venue, true)
	f.SetCreator("ashyq upstream", true)
	f.AddUTF8FontFromBytes(family, "", fontRegular)
	f.AddUTF8FontFromBytes(family, "B", fontBold)
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, margin+6)
	f.AliasNbPages("{nb}")
	last := p.To.Add(-time.Nanosecond).In(p.loc())
	periodText := p.From.In(p.loc()).Format("2 Jan 2006") + " – " + last.Format("2 Jan 2006")
	venue := safetext.Clean(p.Venue, 80)
	f.SetFooterFunc(func() {
		f.SetY(-margin - 2)
		f.SetFont(family, "", 7)
		f.SetTextColor(90, 90, 90)
		f.CellFormat(bodyW/2, 4, venue+" · "+periodText, "", 0, "L", false, 0, "")
		f.CellFormat(bodyW/2, 4, fmt.Sprintf("page %d of {nb}", f.PageNo()), "", 0, "R", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	f.AddPage()

	f.SetFont(family, "B", titlePt)
	f.CellFormat(bodyW, 8, "Visits of "+venue, "", 1, "L", false, 0, "")
	f.SetFont(family, "", 10)
	f.CellFormat(bodyW, 5.5, "Period: "+periodText+" (the last day included), times in "+p.zoneName(), "", 1, "L", false, 0, "")
	f.CellFormat(bodyW, 5.5, "Made "+p.localTime(p.Generated)+" by "+safetext.Clean(p.By, 40)+". IINs are masked.", "", 1, "L", false, 0, "")
	f.Ln(2)

	tot := Totals(hours)
	f.SetFont(family, "B", 10)
	for _, c := range []struct {
		label string
		n     uint64
	}{{"Entries", tot.Entries}, {"Exits", tot.Exits}, {"Refused", tot.Refusals}, {"Let in by staff", tot.Overrides},
		{"Not checked", tot.Unchecked}} {
		f.CellFormat(bodyW/5, 6, c.label, "LTR", 0, "C", false, 0, "")
	}
	f.Ln(-1)
	f.SetFont(family, "B", 14)
	for _, n := range []uint64{tot.Entries, tot.Exits, tot.Refusals, tot.Overrides, tot.Unchecked} {
		f.CellFormat(bodyW/5, 9, strconv.FormatUint(n, 10), "LBR", 0, "C", false, 0, "")
	}
	f.Ln(-1)
	f.SetFont(family, "", 7.5)
	f.CellFormat(bodyW, 4.5, "Not checked: people nobody could check (the network was down), refused or let in by staff; they are also counted in their column.", "", 1, "L", false, 0, "")
	f.Ln(2)

	title := "Entries, exits and refusals by hour of the day, all days of the period"
	if p.To.Sub(p.From) <= 25*time.Hour {
		title = DayTitle(p.From.In(p.loc()))
	}
	png, err := HourChart(ByHourOfDay(p, hours), title, PNG, 1200, 520)
	if err != nil {
		return err
	}
	f.RegisterImageOptionsReader("hours", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	f.ImageOptions("hours", margin, f.GetY(), bodyW, bodyW*520/1200, true, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	f.Ln(3)

	writeHoursTable(f, p, hours)
	if err := writeRecords(f, p, each); err != nil {
		return err
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	return f.Output(w)
}

// writeHoursTable lists the hours that had a record, oldest first.
func writeHoursTable(f *fpdf.Fpdf, p Period, hours []store.HourCount) {
	f.SetFont(family, "B", 11)
	f.CellFormat(bodyW, 7, "Counts per hour (hours with any record)", "", 1, "L", false, 0, "")
	cols := []string{"Hour", "Entries", "Exits", "Refused", "Let in by staff", "Not checked"}
	widths := []float64{46, 26, 26, 26, 30, 32}
	header := func() {
		f.SetFont(family, "B", fontPt)
		f.SetFillColor(230, 234, 238)
		for i, c := range cols {
			f.CellFormat(widths[i], rowH+0.5, c, "1", 0, "C", true, 0, "")
		}
		f.Ln(-1)
		f.SetFont(family, "", fontPt)
	}
	header()
	if len(hours) == 0 {
		f.CellFormat(bodyW, rowH, "No records in this period.", "1", 1, "L", false, 0, "")
	}
	for _, h := range hours {
		if f.GetY() > 297-margin-12 {
			f.AddPage()
			header()
		}
		start := h.Hour.In(p.loc())
		f.CellFormat(widths[0], rowH, start.Format("2006-01-02 15:04")+"–"+start.Add(time.Hour).Format("15:04"), "1", 0, "L", false, 0, "")
		for i, n := range []uint64{h.Entries, h.Exits, h.Refusals, h.Overrides, h.Unchecked} {
			f.CellFormat(widths[i+1], rowH, strconv.FormatUint(n, 10), "1", 0, "R", false, 0, "")
		}
		f.Ln(-1)
	}
	f.Ln(4)
}

// writeRecords lists every record, a page of them at a time.
func writeRecords(f *fpdf.Fpdf, p Period, each Each) error {
	f.SetFont(family, "B", 11)
	f.CellFormat(bodyW, 7, "Records, by the time they were scanned", "", 1, "L", false, 0, "")
	header := func() {
		f.SetFont(family, "B", fontPt)
		f.SetFillColor(230, 234, 238)
		for _, c := range recordCols {
			f.CellFormat(c.w, rowH+0.5, c.title, "1", 0, "L", true, 0, "")
		}
		f.Ln(-1)
		f.SetFont(family, "", fontPt)
	}
	header()
	n, more := 0, 0
	err := each(func(evs []wire.Event) error {
		for _, e := range evs {
			if n >= MaxPDFRecords {
				more++
				continue
			}
			if f.GetY() > 297-margin-12 {
				f.AddPage()
				header()
			}
			why := ReasonWord(e.Reason)
			if e.Staff != "" {
				why += " (" + safetext.Clean(e.Staff, 20) + ")"
			}
			cells := []string{p.localTime(e.ScannedAt), safetext.Clean(e.Door, 20), kindWord(e.Kind), safetext.Clean(e.IIN, 12),
				string(e.Status), sourceWord(e.Source), why}
			for i, c := range recordCols {
				f.CellFormat(c.w, rowH, fit(f, cells[i], c.w-1.5), "1", 0, "L", false, 0, "")
			}
			f.Ln(-1)
			n++
		}
		return f.Error()
	})
	if err != nil {
		return err
	}
	if n == 0 {
		f.CellFormat(bodyW, rowH, "No records in this period.", "1", 1, "L", false, 0, "")
	}
	f.SetFont(family, "", fontPt)
	if more > 0 {
		f.SetFont(family, "B", fontPt)
		f.MultiCell(bodyW, rowH, fmt.Sprintf("The first %d records are listed; %d more are in the records CSV export of the "+
			"same period (the counts above cover them all).", n, more), "", "L", false)
		return nil
	}
	f.CellFormat(bodyW, rowH+1, fmt.Sprintf("%d records.", n), "", 1, "L", false, 0, "")
	return nil
}

// fit cuts s to width w (mm) in the current font, with an ellipsis.
func fit(f *fpdf.Fpdf, s string, w float64) string {
	if f.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && f.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
