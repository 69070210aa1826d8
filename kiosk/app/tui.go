package app

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/pinlock"
	"github.com/ashyq/kiosk/kiosk/sound"
	"github.com/ashyq/kiosk/kiosk/tui"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/camera"
)

// PINLockFile keeps the owner PIN's wrong tries and lock inside
// storage.data_dir, so a restart does not reset them; StaffLockFile the
// staff codes'.
const (
	PINLockFile   = "owner-pin-lock.json"
	StaffLockFile = "staff-code-lock.json"
)

// runTUI owns the terminal until the user quits or ctx ends. Nothing else
// writes to the terminal meanwhile: logs go to the log file.
func runTUI(ctx context.Context, a *App, demo bool, wallet tui.DemoWallet, std Stdio) int {
	// Colours are forced on: a kiosk's screen is never monochrome, and the
	// bare console (TERM=linux or unset) gets its own palette's contrast.
	common.UseDisplay(common.DetectDisplay(os.Getenv))
	opts := tui.Options{
		Venue: a.Cfg.Device.Venue, Door: a.Cfg.Device.Door,
		Language:  a.Cfg.Device.Language,
		ResultFor: a.Cfg.Display.ResultFor.Duration, Demo: demo,
		CameraSupported: camera.Supported(), Logger: a.Log.With("component", "tui"),
		OutboxMovedTo: a.OutboxMovedTo(),
		OwnerPIN:      a.Cfg.Owner.PIN, ModeSetByOwner: a.ModeSetByOwner,
		Trust:            a.Engine.TrustState,
		ScreenSaverAfter: a.Cfg.ScreenSaver.After.Duration, ClosingTime: a.Cfg.Venue.ClosingTime,
		Identity: a.Cfg.Display.Identity,
		Policy:   door.Policy(a.Cfg.Offline.Policy), PolicyNow: a.Engine.Policy, CacheTTL: a.Cfg.Storage.CacheTTL.Duration,
	}
	if codes := a.Cfg.StaffCodes(); len(codes) > 0 {
		pc := make([]pinlock.Code, len(codes))
		for i, c := range codes {
			pc[i] = pinlock.Code{Name: c.Name, PIN: c.Code}
		}
		guard, err := pinlock.OpenCodes(filepath.Join(a.Cfg.Storage.DataDir, StaffLockFile), pc)
		if err != nil {
			a.Log.Error("staff code lock", "err", err)
		}
		opts.Staff = guard
	}
	ops := &ownerOps{a: a}
	if a.Cfg.Owner.PIN != "" {
		opts.Owner = ops
	}
	if a.Cfg.Sound.Enabled {
		player, err := newPlayer(a, std.Out)
		if err != nil {
			sayf(std.Err, prog, i18n.For(a.Cfg.Device.Language), i18n.StartSound, i18n.Cause(err))
			return exitFailure
		}
		defer player.Close()
		opts.Sound = player
		ops.player = player
	}
	if opts.OwnerPIN != "" {
		opts.OnOwnerChange = a.SaveOwnerChange
		guard, err := pinlock.Open(filepath.Join(a.Cfg.Storage.DataDir, PINLockFile), opts.OwnerPIN)
		if err != nil {
			a.Log.Error("owner PIN lock", "err", err)
		}
		opts.OwnerGuard = guard
	}
	if demo {
		opts.DemoIINs, opts.DemoStaffCode = demoIINs(), DemoStaffCode
		opts.Wallet = wallet
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
	// Main owns SIGINT and SIGTERM (they end ctx). Bubbletea's own handler
	// would race it: both see the signal, the event loop leaves on ctx,
	// and the handler then blocks forever sending its QuitMsg, so Run
	// never returned (issue 8: 6 of 15 SIGTERMs hung).
	p := tea.NewProgram(tui.New(opts, a.Judge, src), tea.WithAltScreen(), tea.WithContext(ctx),
		tea.WithoutSignalHandler(), tea.WithInput(std.In), tea.WithOutput(std.Out))
	_, err := p.Run()
	// The owner may have changed the language on the way.
	words := i18n.For(a.Language())
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		sayf(std.Err, prog, words, i18n.StartUIFailed, err, a.LogPath())
		return exitFailure
	}
	if st := a.Syncer.State(); st.Pending > 0 {
		sayf(std.Err, prog, words, i18n.StartPendingTUI, st.Pending)
	}
	return exitOK
}

func staticCamera(st scanner.CameraStatus) <-chan scanner.CameraStatus {
	ch := make(chan scanner.CameraStatus, 1)
	ch <- st
	return ch
}

// newPlayer makes the sound player from the [sound] keys; the terminal the
// UI draws on gets the bell when ALSA cannot play.
func newPlayer(a *App, bell io.Writer) (*sound.Player, error) {
	files := map[sound.Cue]string{}
	for cue, path := range a.Cfg.Sound.Cues() {
		files[sound.Cue(cue)] = path
	}
	return sound.New(sound.Options{Device: a.Cfg.Sound.Device, Files: files, Bell: bell,
		Logger: a.Log.With("component", "sound")})
}
