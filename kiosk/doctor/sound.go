package doctor

import (
	"context"
	"errors"
	"time"

	"github.com/ashyq/kiosk/kiosk/sound"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// soundChecks: the configured sound files load, and the may-enter cue
// plays through ALSA on sound.device (the installer hears it). Where ALSA
// cannot play, the kiosk rings the terminal bell instead: a door still
// hears something, but not the distinct sounds.
func soundChecks(ctx context.Context, o Options) []Check {
	cfg := o.Config.Sound
	if !cfg.Enabled {
		return []Check{{Area: "sound", OK: true, Detail: "off in the config (sound.enabled = false): the door is silent"}}
	}
	files := map[sound.Cue]string{}
	for cue, path := range cfg.Cues() {
		files[sound.Cue(cue)] = path
	}
	p, err := sound.New(sound.Options{Device: cfg.Device, Files: files, Command: o.Aplay})
	if err != nil {
		return []Check{{Area: "sound", Detail: safetext.Clean(err.Error(), 160),
			Fix: "point the [sound] key at a readable WAV file, or leave it empty for the built-in sound"}}
	}
	device := cfg.Device
	if device == "" {
		device = "default"
	}
	c := Check{Area: "sound", Item: "ALSA " + safetext.Escape(device, 60), Selected: true}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	// Without speakers the bell is the designed fallback, so on the
	// default device it is no failure; a device the installer chose that
	// cannot play is one.
	chosen := device != "default"
	bell := "; the terminal bell stands in (one ring: may enter; three: anything else)"
	switch err := p.Try(ctx, sound.Allowed); {
	case errors.Is(err, sound.ErrNoAplay):
		c.OK = !chosen
		c.Detail = "aplay is not installed" + bell
		c.Fix = "apt-get install alsa-utils, for the distinct sounds"
	case err != nil:
		c.OK = !chosen
		c.Detail = "cannot play: " + safetext.Clean(err.Error(), 200) + bell
		c.Fix = "plug in speakers, or name a card that plays in sound.device (aplay -L lists them)"
	case device == "null":
		c.OK, c.Detail = true, "silent (sound.device = \"null\"): no sound and no bell"
	default:
		c.OK, c.Detail = true, "played the may-enter sound: it should have been heard"
	}
	if c.OK && c.Fix != "" { // the bell on the default device: say how to do better
		c.Detail += " (" + c.Fix + ")"
		c.Fix = ""
	}
	return []Check{c}
}
