package config

import (
	"strings"
	"testing"
)

func TestScannerValidation(t *testing.T) {
	ok := func(s Scanner) Config {
		c := Default()
		c.Device.ID, c.Device.Venue = "d", "v"
		c.Upstream.URL, c.Upstream.Token = "http://127.0.0.1:1", "t"
		c.Scanner = s
		return c
	}
	base := Default().Scanner
	good := base
	good.HID = []string{"auto", "/dev/input/by-id/usb-*-event-kbd"}
	good.Serial = []string{"/dev/ttyACM0"}
	good.Layout, good.SerialSpeed, good.SerialTerminator = "kk", 115200, "crlf"
	if err := ok(good).Validate(); err != nil {
		t.Fatalf("good scanner config refused: %v", err)
	}
	tests := []struct {
		edit func(*Scanner)
		want string
	}{
		{func(s *Scanner) { s.HID = []string{"event3"} }, `scanner.hid: "event3" is not allowed (use a path or pattern under /dev/, or "auto")`},
		{func(s *Scanner) { s.HID = []string{"/dev/input/[x"} }, `scanner.hid: "/dev/input/[x" is not a valid pattern`},
		{func(s *Scanner) { s.Serial = []string{"auto"} }, `scanner.serial: "auto" is not allowed (use a path or pattern under /dev/)`},
		{func(s *Scanner) { s.Layout = "de" }, `scanner.layout: "de" is not allowed (use "us", "ru", "kk")`},
		{func(s *Scanner) { s.SerialSpeed = 1000 }, `scanner.serial_speed: 1000 is not allowed (use 1200, 2400,`},
		{func(s *Scanner) { s.SerialTerminator = "semicolon" }, `scanner.serial_terminator: "semicolon" is not allowed (use "cr", "crlf", "etx", "lf", "none", "tab")`},
		{func(s *Scanner) { s.HID = make([]string, 17) }, `scanner.hid: lists 17 devices; at most 16`},
	}
	for _, tt := range tests {
		s := base
		tt.edit(&s)
		err := ok(s).Validate()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v, want %q", err, tt.want)
		}
	}
}
