package app

import (
	"context"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/tui"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/camera"
)

// runTUI owns the terminal until the user quits or ctx ends. Nothing else
// writes to the terminal meanwhile: logs go to the log file.
func runTUI(ctx context.Context, a *App, demo bool, std Stdio) int {
	opts := tui.Options{
		Venue: a.Cfg.Device.Venue, Door: a.Cfg.Device.Door,
		Language:  a.Cfg.Device.Language,
		ResultFor: a.Cfg.Display.ResultFor.Duration, Demo: demo,
		CameraSupported: camera.Supported(), Logger: a.Log.With("component", "tui"),
		OutboxMovedTo: a.OutboxMovedTo(), Bell: std.Out,
		OwnerPIN: a.Cfg.Owner.PIN, ModeSetByOwner: a.ModeSetByOwner,
	}
	if opts.OwnerPIN != "" {
		opts.OnOwnerChange = a.SaveOwnerChange
	}
	if demo {
		opts.DemoIINs = demoIINs()
	}
	src := tui.Sources{Sync: a.Syncer.Updates()}
	if a.Camera != nil {
		src.Camera, src.Scans = a.Camera.Status(), a.Camera.Scans()
	} else if a.Cfg.Camera.Device == "off" {
		src.Camera = staticCamera(scanner.CameraStatus{State: scanner.CameraOff})
	}
	if a.hardware != nil {
		src.Hardware, src.Devices = a.hardware.scans, a.hardware.devices
	}
	p := tea.NewProgram(tui.New(opts, a.Judge, src), tea.WithAltScreen(), tea.WithContext(ctx),
		tea.WithInput(std.In), tea.WithOutput(std.Out))
	_, err := p.Run()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(std.Err, "ashyq-kiosk: %v (log: %s)\n", err, a.LogPath())
		return exitFailure
	}
	if st := a.Syncer.State(); st.Pending > 0 {
		fmt.Fprintf(std.Err, "ashyq-kiosk: %d records wait in the outbox; they are sent at the next start\n", st.Pending)
	}
	return exitOK
}

func staticCamera(st scanner.CameraStatus) <-chan scanner.CameraStatus {
	ch := make(chan scanner.CameraStatus, 1)
	ch <- st
	return ch
}
