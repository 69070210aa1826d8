package doctor

import (
	"context"
	"errors"
	"time"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/sound"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// soundChecks: the configured sound files load, and the may-enter cue
// plays through ALSA on sound.device (the installer hears it). Where ALSA
// cannot play, the kiosk rings the terminal bell instead: a door still
// hears something, but not the distinct sounds.
func soundChecks(ctx context.Context, o Options) []Check {
	cfg, t := o.Config.Sound, o.t
	if !cfg.Enabled {
		return []Check{{Area: "sound", OK: true, Detail: t.F(i18n.DocSoundOff, "sound.enabled = false")}}
	}
	files := map[sound.Cue]string{}
	for cue, path := range cfg.Cues() {
		files[sound.Cue(cue)] = path
	}
	p, err := sound.New(sound.Options{Device: cfg.Device, Files: files, Command: o.Aplay})
	if err != nil {
		return []Check{{Area: "sound", Detail: safetext.Clean(err.Error(), 160),
			Fix: t.F(i18n.DocSoundFileFix, "[sound]")}}
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
	bell := "; " + t.T(i18n.DocBell)
	switch err := p.Try(ctx, sound.Allowed); {
	case errors.Is(err, sound.ErrNoAplay):
		c.OK = !chosen
		c.Detail = t.F(i18n.DocNotInstalled, "aplay") + bell
		c.Fix = t.F(i18n.DocAplayFix, "apt-get install alsa-utils")
	case err != nil:
		c.OK = !chosen
		c.Detail = t.F(i18n.DocCannotPlay, safetext.Clean(err.Error(), 200)) + bell
		c.Fix = t.F(i18n.DocCannotPlayFix, "sound.device", "aplay -L")
	case device == "null":
		c.OK, c.Detail = true, t.F(i18n.DocSoundSilent, `sound.device = "null"`)
	default:
		c.OK, c.Detail = true, t.T(i18n.DocSoundPlayed)
	}
	if c.OK && c.Fix != "" { // the bell on the default device: say how to do better
		c.Detail += " (" + c.Fix + ")"
		c.Fix = ""
	}
	return []Check{c}
}
