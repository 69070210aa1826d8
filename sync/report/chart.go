package report

import (
	"fmt"
	"time"

	"github.com/go-analyze/charts"

	"github.com/ashyq/kiosk/sync/store"
)

// Chart formats.
const (
	SVG = charts.ChartOutputSVG
	PNG = charts.ChartOutputPNG
)

// ByHourOfDay adds the period's counts up by the hour of the day they fell
// in, in the venue's zone: 24 slots, the venue's day as it usually goes
// (for one day, that day).
func ByHourOfDay(p Period, hours []store.HourCount) [24]store.HourCount {
	var out [24]store.HourCount
	for _, h := range hours {
		slot := h.Hour.In(p.loc()).Hour()
		out[slot].Plus(h)
	}
	return out
}

// HourChart draws entries, exits and refusals by hour of the day as a bar
// chart, width x height pixels, in format (SVG or PNG).
func HourChart(slots [24]store.HourCount, title string, format string, width, height int) ([]byte, error) {
	values := [][]float64{make([]float64, 24), make([]float64, 24), make([]float64, 24)}
	labels := make([]string, 24)
	for i, s := range slots {
		values[0][i], values[1][i], values[2][i] = float64(s.Entries+s.Overrides), float64(s.Exits), float64(s.Refusals)
		labels[i] = fmt.Sprintf("%02d", i)
	}
	opt := charts.NewBarChartOptionWithData(values)
	opt.CategoryAxis.Labels = labels
	opt.Legend = charts.LegendOption{SeriesNames: []string{"Entries", "Exits", "Refused"}, Offset: charts.OffsetRight}
	opt.Title = charts.TitleOption{Text: title}
	opt.Padding = charts.Box{Top: 20, Right: 20, Bottom: 10, Left: 10}
	opt.ValueFormatter = func(f float64) string { return fmt.Sprintf("%.0f", f) }
	opt.Theme = charts.GetTheme(charts.ThemeLight).WithSeriesColors([]charts.Color{
		{R: 0x1b, G: 0x5e, B: 0x20, A: 255}, // entries: green
		{R: 0x00, G: 0x83, B: 0x8f, A: 255}, // exits: the door's goodbye teal
		{R: 0xb3, G: 0x26, B: 0x1e, A: 255}, // refused: red
	})
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: format, Width: width, Height: height})
	if err := p.BarChart(opt); err != nil {
		return nil, fmt.Errorf("draw chart: %w", err)
	}
	return p.Bytes()
}

// DayTitle is a chart's title for one day.
func DayTitle(day time.Time) string { return "By hour, " + day.Format("Mon 2 Jan 2006") }
