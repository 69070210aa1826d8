package sound

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// aplayPath finds the real aplay (alsa-utils, installed by .ci/run); the
// tests fail without it rather than skip.
func aplayPath(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("aplay")
	if err != nil {
		t.Fatalf("aplay: %v (apt-get install alsa-utils)", err)
	}
	return path
}

// pcm is the sample data of a WAV as this package or ALSA's file plugin
// writes it: everything after the 44-byte header.
func pcm(t *testing.T, wav []byte) []byte {
	t.Helper()
	if len(wav) < 44 || string(wav[36:40]) != "data" {
		t.Fatalf("not a plain 44-byte-header WAV: % x", wav[:min(len(wav), 44)])
	}
	return wav[44:]
}

// safeBuffer is a bell sink read while the player writes.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestBuiltinSoundsDistinct(t *testing.T) {
	seen := map[string]Cue{}
	for _, c := range Cues {
		wav := Builtin(c)
		if len(wav) < 44+sampleRate/10 || string(wav[:4]) != "RIFF" || string(wav[8:12]) != "WAVE" {
			t.Fatalf("%s: not a WAV of at least 0.05 s", c)
		}
		if other, dup := seen[string(wav)]; dup {
			t.Errorf("%s sounds the same as %s", c, other)
		}
		seen[string(wav)] = c
	}
	if Builtin("nope") != nil {
		t.Error("an unknown cue has a sound")
	}
}

// TestPlaysTheChosenSound plays every cue through the real aplay into
// ALSA's file plugin and checks that the samples written are the chosen
// sound's: the built-in one, or the configured file for Refused.
func TestPlaysTheChosenSound(t *testing.T) {
	dir := t.TempDir()
	custom := filepath.Join(dir, "custom.wav")
	customWAV := wavFile([]int16{1, 2, 3, 4, 5, 6, 7, 8, 1000, -1000})
	if err := os.WriteFile(custom, customWAV, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range Cues {
		out := filepath.Join(dir, string(c)+".out.wav")
		bell := &safeBuffer{}
		p, err := New(Options{
			Device: fmt.Sprintf("file:'%s',wav", out), Files: map[Cue]string{Refused: custom},
			Command: aplayPath(t), Bell: bell,
		})
		if err != nil {
			t.Fatal(err)
		}
		p.Play(c)
		p.Wait()
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("%s: nothing played: %v", c, err)
		}
		want := pcm(t, Builtin(c))
		if c == Refused {
			want = pcm(t, customWAV)
		}
		// ALSA pads the last period with silence.
		if g := pcm(t, got); len(g) < len(want) || !bytes.Equal(g[:len(want)], want) {
			t.Errorf("%s: the file sink holds %d bytes that are not the chosen sound's %d", c, len(g), len(want))
		}
		if bell.String() != "" {
			t.Errorf("%s: the bell rang although ALSA played", c)
		}
	}
}

// TestPlayReturnsAtOnce: Play does not wait for the sound. The stand-in
// aplay blocks until the test releases it; if Play waited, the test would
// never reach the release.
func TestPlayReturnsAtOnce(t *testing.T) {
	dir := t.TempDir()
	gate := filepath.Join(dir, "gate")
	if err := exec.Command("mkfifo", gate).Run(); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "aplay")
	started := filepath.Join(dir, "started")
	body := fmt.Sprintf("#!/bin/sh\ncat >/dev/null\ntouch %q\nread x < %q\n", started, gate)
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	p, err := New(Options{Command: script})
	if err != nil {
		t.Fatal(err)
	}
	p.Play(Allowed) // returns while the player blocks on the gate
	f, err := os.OpenFile(gate, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("go\n"))
	f.Close()
	p.Wait()
	if _, err := os.Stat(started); err != nil {
		t.Errorf("the player never ran: %v", err)
	}
}

// TestBellFallback: without aplay, or with a device ALSA cannot open, the
// bell rings: once for may enter, three times otherwise; after the first
// failure ALSA is not tried again.
func TestBellFallback(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"no aplay", Options{Command: "/nonexistent/aplay"}},
		{"no such device", Options{Command: aplayPath(t), Device: "hw:77,0"}},
	}
	for _, tt := range tests {
		bell := &safeBuffer{}
		tt.opts.Bell = bell
		p, err := New(tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		p.Play(Refused)
		p.Wait()
		if got := bell.String(); got != "\a\a\a" {
			t.Errorf("%s: refused rang %q", tt.name, got)
		}
		p.Play(Allowed)
		p.Wait()
		if got := bell.String(); got != "\a\a\a\a" {
			t.Errorf("%s: allowed rang %q in all", tt.name, got)
		}
		if !p.broken {
			t.Errorf("%s: ALSA still marked usable", tt.name)
		}
	}
}

func TestConfiguredFileRefused(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "song.mp3")
	os.WriteFile(bad, []byte("ID3 not a wav at all, really not one"), 0o644)
	for _, files := range []map[Cue]string{
		{Full: bad},
		{Full: filepath.Join(dir, "missing.wav")},
		{"loud": bad},
	} {
		if _, err := New(Options{Files: files, Command: "/nonexistent"}); err == nil {
			t.Errorf("%v accepted", files)
		}
	}
}
