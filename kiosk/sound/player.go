package sound

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// maxWAV bounds a configured sound file: a door cue is a second or two.
const maxWAV = 4 << 20

// Options configure a Player.
type Options struct {
	// Device is the ALSA PCM to play on ("default" when empty; "null"
	// plays to nowhere; "file:'/tmp/x.wav',wav" writes a file).
	Device string
	// Files maps a cue to a WAV file; a cue not named plays its built-in
	// sound.
	Files map[Cue]string
	// Command is aplay's path; empty looks "aplay" up in PATH.
	Command string
	// Bell receives the terminal bell when ALSA cannot play (the terminal
	// the UI draws on). Nil is silent.
	Bell io.Writer
	// Logger hears why ALSA could not play, once. Nil discards.
	Logger *slog.Logger
}

// Player plays one cue at a time; a new cue cuts the one still playing
// short, since the newer verdict is the one on the screen. Safe for
// concurrent use.
type Player struct {
	opts   Options
	sounds map[Cue][]byte
	aplay  string // "" when aplay is not installed
	log    *slog.Logger
	wg     sync.WaitGroup // sounds and bells still going

	// mu guards everything declared below.
	mu      sync.Mutex
	playing *exec.Cmd
	broken  bool // ALSA failed: the bell from now on
}

// New loads the sounds: each configured file must be a readable WAV; a
// missing aplay is not an error (the bell stands in).
func New(opts Options) (*Player, error) {
	if opts.Device == "" {
		opts.Device = "default"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	p := &Player{opts: opts, sounds: map[Cue][]byte{}, log: opts.Logger}
	for _, c := range Cues {
		p.sounds[c] = Builtin(c)
	}
	for c, path := range opts.Files {
		if !c.Valid() {
			return nil, fmt.Errorf("sound: unknown cue %q", c)
		}
		if path == "" {
			continue
		}
		data, err := readWAV(path)
		if err != nil {
			return nil, fmt.Errorf("sound %s: %w", c, err)
		}
		p.sounds[c] = data
	}
	p.aplay = opts.Command
	if p.aplay == "" {
		if path, err := exec.LookPath("aplay"); err == nil {
			p.aplay = path
		} else {
			p.log.Warn("aplay not found: the terminal bell stands in for sounds", "err", err)
		}
	}
	return p, nil
}

// readWAV reads a WAV file, bounded, and checks its RIFF/WAVE header so a
// wrong file is refused at start-up rather than silent at the door.
func readWAV(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxWAV+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxWAV {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, maxWAV)
	}
	if len(data) < 44 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WAVE" {
		return nil, fmt.Errorf("%s is not a WAV file", path)
	}
	return data, nil
}

// ALSA reports whether sounds go through ALSA (false: the terminal bell
// stands in), and on which device.
func (p *Player) ALSA() (bool, string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.aplay != "" && !p.broken, p.opts.Device
}

// Sound is the WAV that c plays.
func (p *Player) Sound(c Cue) []byte { return p.sounds[c] }

// Play starts c's sound and returns at once.
func (p *Player) Play(c Cue) {
	data, ok := p.sounds[c]
	if !ok {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.playing != nil && p.playing.Process != nil {
		p.playing.Process.Kill() // Wait in the goroutine below reaps it
		p.playing = nil
	}
	if p.aplay == "" || p.broken {
		p.bell(c)
		return
	}
	cmd := exec.Command(p.aplay, "-q", "-D", p.opts.Device, "-")
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		p.fail(err, "")
		p.bell(c)
		return
	}
	p.playing = cmd
	p.wg.Add(1)
	go p.wait(cmd, c, &stderr)
}

// wait reaps a player process; a failure that was not our own kill turns
// ALSA off and rings the bell for this cue.
func (p *Player) wait(cmd *exec.Cmd, c Cue, stderr *bytes.Buffer) {
	defer p.wg.Done()
	err := cmd.Wait()
	p.mu.Lock()
	killed := p.playing != cmd
	if !killed {
		p.playing = nil
	}
	if err == nil || killed {
		p.mu.Unlock()
		return
	}
	p.fail(err, stderr.String())
	p.mu.Unlock()
	ring(p.opts.Bell, c.rings())
}

// bell rings c's bells in the background.
func (p *Player) bell(c Cue) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		ring(p.opts.Bell, c.rings())
	}()
}

// fail switches to the bell for good; the caller holds mu.
func (p *Player) fail(err error, stderr string) {
	if !p.broken {
		p.log.Warn("ALSA cannot play: the terminal bell stands in for sounds",
			"device", p.opts.Device, "err", err, "aplay", stderr)
	}
	p.broken = true
}

// Wait blocks until every sound and bell started so far has ended: for
// tests and a clean exit.
func (p *Player) Wait() { p.wg.Wait() }

// Close stops the sound playing, if any.
func (p *Player) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.playing != nil && p.playing.Process != nil {
		err := p.playing.Process.Kill()
		p.playing = nil
		if err != nil && !errors.Is(err, os.ErrProcessDone) {
			return fmt.Errorf("stop sound: %w", err)
		}
	}
	return nil
}

// bellGap separates rings: terminals merge bells that come too close.
const bellGap = 180 * time.Millisecond

// ring writes n bells to w, one bellGap apart. A lone BEL is safe amid the
// UI's output: terminals execute C0 controls inside escape sequences.
func ring(w io.Writer, n int) {
	if w == nil {
		return
	}
	for i := 0; i < n; i++ {
		if i > 0 {
			time.Sleep(bellGap)
		}
		if _, err := w.Write([]byte{'\a'}); err != nil {
			return
		}
	}
}

// Try plays c through ALSA and waits for it to end, for the installer's
// check (ashyq-kiosk doctor): nil when aplay played it, else why not, with
// aplay's own words. It never rings the bell and leaves the player as it
// was.
func (p *Player) Try(ctx context.Context, c Cue) error {
	data, ok := p.sounds[c]
	if !ok {
		return fmt.Errorf("sound: unknown cue %q", c)
	}
	if p.aplay == "" {
		return ErrNoAplay
	}
	cmd := exec.CommandContext(ctx, p.aplay, "-q", "-D", p.opts.Device, "-")
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		// ALSA's library complains line by line; aplay's own last line
		// says what failed.
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		if msg := lines[len(lines)-1]; msg != "" {
			return fmt.Errorf("aplay -D %s: %w: %s", p.opts.Device, err, msg)
		}
		return fmt.Errorf("aplay -D %s: %w", p.opts.Device, err)
	}
	return nil
}

// ErrNoAplay is Try's error when ALSA's aplay is not installed.
var ErrNoAplay = errors.New("aplay is not installed")
