package app

import (
	"bytes"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/creack/pty"
	"github.com/muesli/termenv"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/tui"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/server"
)

// TestSerialScannerToRecordedVerdict runs the kiosk in-process with an
// ID-card reader on a serial port (a pseudo-terminal): the reader sends a
// Kazakh ID card's machine-readable zone, the UI shows the verdict for the
// IIN in it, and the entry reaches the embedded upstream once.
func TestSerialScannerToRecordedVerdict(t *testing.T) {
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatalf("open pty: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	port := slave.Name()
	slave.Close()

	a, demo, ctx := startDemoApp(t, func(cfg *config.Config) {
		cfg.Camera.Device = "off"
		cfg.Scanner.Serial = []string{port}
		cfg.Scanner.SerialTerminator = "etx" // the reader frames the zone STX ... ETX
	})
	cfg := a.Cfg
	if a.hardware == nil {
		t.Fatal("no hardware scanners although scanner.serial names one")
	}

	lipgloss.SetColorProfile(termenv.ANSI256)
	m := tui.New(tui.Options{Venue: cfg.Device.Venue, Door: cfg.Device.Door,
		Language: "en", ResultFor: time.Minute},
		a.Engine, tui.Sources{Sync: a.Syncer.Updates(), Hardware: a.hardware.scans, Devices: a.hardware.devices})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))

	// Wait until the port is open and in raw mode before the reader sends.
	deadline := time.Now().Add(10 * time.Second)
	for !portRunning(a, port) {
		if time.Now().After(deadline) {
			t.Fatal("the serial scanner was never opened")
		}
		time.Sleep(10 * time.Millisecond)
	}
	zone := "\x02IDKAZ0123456784900101300017<<<\r9001011M3001019KAZ<<<<<<<<<<<6\rZHUMABEKOV<<ARMAN<<<<<<<<<<<<<\x03"
	if _, err := master.Write([]byte(zone)); err != nil {
		t.Fatal(err)
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("••••••••0017")) && bytes.Contains(b, []byte("Status checked online"))
	}, teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	if err := a.Syncer.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	occ, err := demo.Server().Occupancy(server.DemoVenue)
	if err != nil {
		t.Fatal(err)
	}
	if occ.Entries != 1 {
		t.Fatalf("upstream occupancy %+v, want one entry", occ)
	}
	tm.Quit()
}

func portRunning(a *App, port string) bool {
	for _, w := range a.hardware.watchers {
		for _, st := range w.Snapshot() {
			if st.Path == port && st.State == scanner.DeviceRunning {
				return true
			}
		}
	}
	return false
}
