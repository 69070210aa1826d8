package app

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/tui"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner/camera"
	"github.com/ashyq/kiosk/sync/cli"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// EnrolLine is the JSON line --headless writes for each line it tried as an
// enrolment code while the kiosk was blank.
type EnrolLine struct {
	Enrolled bool   `json:"enrolled"`
	Venue    string `json:"venue,omitempty"`
	Device   string `json:"device,omitempty"`
	Door     string `json:"door,omitempty"`
	Mode     string `json:"mode,omitempty"`
	Problem  string `json:"problem,omitempty"`
	Error    string `json:"error,omitempty"`
}

// enrolHeadless reads lines until one enrols the kiosk, answering each with
// an EnrolLine; then the kiosk goes on as enrolled, reading the rest of in.
// It returns the reader to go on with, or a non-zero exit code.
func enrolHeadless(ctx context.Context, cfg config.Config, version string, in io.Reader, out io.Writer) (io.Reader, int) {
	br := bufio.NewReaderSize(in, 4096)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for {
		if ctx.Err() != nil {
			return nil, exitFailure
		}
		text, err := br.ReadString('\n')
		if t := strings.TrimSpace(text); t != "" {
			e, eerr := Enrol(ctx, cfg, t, version)
			if eerr == nil {
				_ = enc.Encode(EnrolLine{Enrolled: true, Venue: e.Venue, Device: e.Device, Door: e.Door, Mode: e.Mode})
				return br, exitOK
			}
			line := EnrolLine{Error: safetext.Clean(eerr.Error(), 300)}
			var ee *EnrolError
			if errors.As(eerr, &ee) {
				line.Problem = string(ee.Problem)
			}
			_ = enc.Encode(line)
		}
		if err != nil {
			return nil, exitFailure // the input ended before an enrolment
		}
	}
}

// enrolFirst enrols a blank kiosk before it starts: from stdin with
// --headless, else on the full screen (camera, scanner or typed). It
// returns the configuration as enrolled and the input to go on with.
func enrolFirst(ctx context.Context, cfg config.Config, f runFlags, std Stdio) (config.Config, Stdio, int) {
	words := i18n.For(cfg.Device.Language)
	if f.headless {
		sayf(std.Err, prog, words, i18n.StartBlank)
		in, code := enrolHeadless(ctx, cfg, f.version, std.In, std.Out)
		if code != exitOK {
			sayf(std.Err, prog, words, i18n.StartInputEnded)
			return cfg, std, code
		}
		std.In = in
	} else if code := enrolScreen(ctx, cfg, f.version, std); code != exitOK {
		return cfg, std, code
	}
	enrolled, err := loadConfig(f)
	if err != nil {
		sayf(std.Err, prog, words, i18n.StartAfterEnrol, err)
		return cfg, std, exitUsage
	}
	return enrolled, std, exitOK
}

// enrolMain is `ashyq-kiosk enrol [--config FILE] [--data DIR] CODE`: staff
// type the code from the owner's page (with upstream.url configured), or
// paste the QR code's text.
func enrolMain(ctx context.Context, args []string, std Stdio, version string) int {
	fs := flag.NewFlagSet("ashyq-kiosk enrol", flag.ContinueOnError)
	var f runFlags
	t := envWords()
	fs.StringVar(&f.config, "config", "", t.F(i18n.HelpFlagConfigDefault, DefaultConfigPath))
	fs.StringVar(&f.data, "data", "", t.T(i18n.HelpFlagData))
	if code, done := cli.Parse(fs, args, std.Out, std.Err, helpUsage(t, t.T(i18n.HelpEnrol), exitCodes(t, i18n.HelpFailEnrol))); done {
		return code
	}
	rest := fs.Args()
	if len(rest) != 1 {
		fmt.Fprintln(std.Err, t.T(i18n.StartEnrolUsage))
		return exitUsage
	}
	cfg, err := loadConfig(f)
	if err != nil {
		say(std.Err, prog, fileWords(configPath(f)), err)
		return exitUsage
	}
	words := i18n.For(cfg.Device.Language)
	if !cfg.Blank() {
		sayf(std.Err, prog, words, i18n.StartAlreadyEnrolled, cfg.Device.Venue, cfg.Device.ID, config.EnrolmentFile)
		return exitUsage
	}
	e, err := Enrol(ctx, cfg, rest[0], version)
	if err != nil {
		// What the blank kiosk's screen would say, in its language;
		// the cause as the log has it for whoever digs deeper.
		problem := string(EnrolUnreachable)
		var ee *EnrolError
		if errors.As(err, &ee) {
			problem = string(ee.Problem)
		}
		fmt.Fprintf(std.Err, "ashyq-kiosk: %s\n", tui.EnrolProblemText(words, problem))
		sayf(std.Err, prog, words, i18n.StartNotEnrolled, safetext.Clean(i18n.Say(words, i18n.Cause(err)), 300))
		return exitFailure
	}
	fmt.Fprintln(std.Out, words.F(i18n.EnrolledCLI, e.Device, e.Door, e.Mode, e.Venue))
	return exitOK
}

// enrolScreen shows the blank kiosk's screen until a code is taken (or
// ctrl+c): the camera reads the owner page's QR code, a scanner or staff
// type the code.
func enrolScreen(ctx context.Context, cfg config.Config, version string, std Stdio) int {
	common.UseDisplay(common.DetectDisplay(os.Getenv))
	opts := tui.EnrolOptions{Language: cfg.Device.Language, Upstream: cfg.Upstream.URL,
		Redeem: func(text string) tui.EnrolOutcome {
			e, err := Enrol(ctx, cfg, text, version)
			if err == nil {
				return tui.EnrolOutcome{Done: true, Venue: e.Venue, Device: e.Device, Door: e.Door, Mode: e.Mode}
			}
			out := tui.EnrolOutcome{Problem: string(EnrolUnreachable)}
			var ee *EnrolError
			if errors.As(err, &ee) {
				out.Problem = string(ee.Problem)
			}
			return out
		}}
	cctx, stopCamera := context.WithCancel(ctx)
	defer stopCamera()
	if cfg.Camera.Device != "off" && camera.Supported() {
		cam := camera.New(camera.Config{Device: cfg.Camera.Device, Width: cfg.Camera.Width, Height: cfg.Camera.Height,
			FPS: cfg.Camera.FPS, Format: cfg.Camera.Format, Cooldown: cfg.Camera.Cooldown.Duration,
			DecodeBudget: cfg.Camera.DecodeBudget.Duration})
		done := make(chan struct{})
		go func() { defer close(done); _ = cam.Run(cctx) }()
		defer func() { stopCamera(); <-done }() // the kiosk opens the camera again after
		opts.Scans, opts.Camera = cam.Scans(), cam.Status()
	}
	p := tea.NewProgram(tui.NewEnrol(opts), tea.WithAltScreen(), tea.WithContext(ctx), tea.WithoutSignalHandler(),
		tea.WithInput(std.In), tea.WithOutput(std.Out))
	final, err := p.Run()
	words := i18n.For(cfg.Device.Language)
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		say(std.Err, prog, words, err)
		return exitFailure
	}
	if m, ok := final.(tui.EnrolModel); !ok || !m.Outcome.Done {
		sayf(std.Err, prog, words, i18n.StartBlank)
		return exitFailure
	}
	return exitOK
}
