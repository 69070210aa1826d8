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
// running scanner needs no line. A pattern that matches nothing (such as
// the two "auto" stands for) says "no scanner plugged in" once, and only
// while no scanner at all was found: beside one that works it is no news.
// A missing permission names the group to join, except the group every
// keyboard's input node has: joining it would let the kiosk read the
// staff's keyboard too, so the line points to doctor's udev rule instead.
func (p idlePage) deviceLines() []string {
	st, c := p.c.Styles, p.c.Lang
	var out []string
	found, noneFound := false, false
	for _, d := range p.devices {
		name := safetext.Escape(filepath.Base(d.Path), 40)
		switch {
		case d.State == scanner.DeviceRunning:
			found = true
		case d.State == scanner.DeviceDenied && d.Source == scanner.SourceHID && (d.Group == "" || d.Group == inputGroup):
			found = true
			out = append(out, st.Bad.Render(c.F(i18n.ScannerDeniedUdev, name, doctorCommand)))
		case d.State == scanner.DeviceDenied:
			found = true
			out = append(out, st.Bad.Render(c.F(i18n.ScannerDenied, name, safetext.Escape(d.Group, 20))))
		case d.State == scanner.DeviceBusy:
			found = true
			out = append(out, st.Warn.Render(c.F(i18n.ScannerBusy, name)))
		case d.State == scanner.DeviceSearching && strings.ContainsAny(d.Path, "*?["):
			noneFound = true
		case d.State == scanner.DeviceSearching:
			out = append(out, st.Dim.Render(c.F(i18n.ScannerMissing, name)))
		default:
			found = true
			out = append(out, st.Warn.Render(c.F(i18n.ScannerFailed, name)))
		}
	}
	if noneFound && !found {
		out = append(out, st.Dim.Render(c.T(i18n.ScannerNoneFound)))
	}
	return out
}

// inputGroup owns every input event node on Debian (keyboards and mice
// included); the package's udev rule gives scanners to ashyq-scanner.
const inputGroup = "input"

// doctorCommand prints, among its checks, the udev rule for a scanner the
// kiosk may not open.
const doctorCommand = "ashyq-kiosk doctor"
