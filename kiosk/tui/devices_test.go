package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/evdev"
)

// TestScannerLines: the idle screen's scanner notices as the field test's
// machine met them (issue 24). "auto" stands for two patterns, so one of
// them may find nothing while the scanners configured beside it work; and
// an evdev node owned by the group every keyboard has is no reason to put
// the kiosk in that group (it could then read the staff's keyboard).
func TestScannerLines(t *testing.T) {
	const qemu = "/dev/input/by-id/usb-QEMU_QEMU_USB_Keyboard-event-kbd"
	hid := func(path string, st scanner.DeviceState, group string) scanner.DeviceStatus {
		return scanner.DeviceStatus{Source: scanner.SourceHID, Path: path, State: st, Group: group}
	}
	serial := func(path string, st scanner.DeviceState, group string) scanner.DeviceStatus {
		return scanner.DeviceStatus{Source: scanner.SourceSerial, Path: path, State: st, Group: group}
	}
	autoEvents := hid(evdev.EventPattern, scanner.DeviceSearching, "")
	autoByID := hid(evdev.ByIDPattern, scanner.DeviceSearching, "")
	for _, tc := range []struct {
		name    string
		devices []scanner.DeviceStatus
		want    []string
	}{
		{
			// hid = ["auto", ".../usb-QEMU_QEMU_USB_Keyboard*-event-kbd"],
			// serial = ["/dev/ttyUSB0"], both scanners reading.
			name:    "auto finds nothing more while the configured scanners work",
			devices: []scanner.DeviceStatus{hid(qemu, scanner.DeviceRunning, ""), autoEvents, serial("/dev/ttyUSB0", scanner.DeviceRunning, "")},
			want:    nil,
		},
		{
			name:    "a serial scanner works, auto finds no USB one",
			devices: []scanner.DeviceStatus{autoByID, autoEvents, serial("/dev/ttyACM0", scanner.DeviceRunning, "")},
			want:    nil,
		},
		{
			name:    "nothing plugged in: said once",
			devices: []scanner.DeviceStatus{autoByID, autoEvents, serial("/dev/serial/by-id/*", scanner.DeviceSearching, "")},
			want:    []string{"No barcode scanner plugged in"},
		},
		{
			name:    "a named scanner missing is named even when another works",
			devices: []scanner.DeviceStatus{hid(qemu, scanner.DeviceRunning, ""), serial("/dev/ttyUSB0", scanner.DeviceSearching, "")},
			want:    []string{"Scanner ttyUSB0 not plugged in"},
		},
		{
			name:    "an input node of group input: doctor's udev line, not the group",
			devices: []scanner.DeviceStatus{hid(qemu, scanner.DeviceDenied, "input"), autoEvents},
			want:    []string{"Scanner usb-QEMU_QEMU_USB_Keyboard-event-kbd: no permission (ashyq-kiosk doctor prints the udev rule)"},
		},
		{
			name:    "an input node of the kiosk's scanner group: join it",
			devices: []scanner.DeviceStatus{hid(qemu, scanner.DeviceDenied, "ashyq-scanner")},
			want:    []string{"Scanner usb-QEMU_QEMU_USB_Keyboard-event-kbd: no permission (add the kiosk user to group ashyq-scanner)"},
		},
		{
			name:    "a serial port: join its group",
			devices: []scanner.DeviceStatus{serial("/dev/ttyUSB0", scanner.DeviceDenied, "dialout")},
			want:    []string{"Scanner ttyUSB0: no permission (add the kiosk user to group dialout)"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newIdlePage(common.New("en", nil), &Options{}).setDevices(tc.devices)
			var got []string
			for _, l := range p.deviceLines() {
				got = append(got, strings.TrimSpace(ansi.Strip(l)))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("lines %q, want %q", got, tc.want)
			}
		})
	}
}
