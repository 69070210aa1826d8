package tui

import (
	"path/filepath"
	"strings"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

func (p idlePage) setDevices(d []scanner.DeviceStatus) idlePage {
	p.devices = d
	return p
}

// deviceLines are the notices for hardware scanners that do not work: a
// running scanner needs no line. A missing permission names the group.
func (p idlePage) deviceLines() []string {
	st, c := p.c.Styles, p.c.Lang
	var out []string
	for _, d := range p.devices {
		name := safetext.Escape(filepath.Base(d.Path), 40)
		switch {
		case d.State == scanner.DeviceRunning:
		case d.State == scanner.DeviceDenied:
			group := d.Group
			if group == "" {
				group = "input"
			}
			out = append(out, st.Bad.Render(c.F(i18n.ScannerDenied, name, safetext.Escape(group, 20))))
		case d.State == scanner.DeviceBusy:
			out = append(out, st.Warn.Render(c.F(i18n.ScannerBusy, name)))
		case d.State == scanner.DeviceSearching && strings.ContainsAny(d.Path, "*?["):
			out = append(out, st.Dim.Render(c.T(i18n.ScannerNoneFound))) // a pattern, such as "auto"
		case d.State == scanner.DeviceSearching:
			out = append(out, st.Dim.Render(c.F(i18n.ScannerMissing, name)))
		default:
			out = append(out, st.Warn.Render(c.F(i18n.ScannerFailed, name)))
		}
	}
	return out
}
