// Package sound plays the kiosk's cues: a distinct sound for may enter, may
// not enter, full, code not accepted and "call staff", through ALSA's aplay
// (alsa-utils), from a WAV file per cue or the built-in sounds this package
// synthesises. Play never waits for the sound: the verdict is on the
// screen first and the sound follows. Where ALSA cannot play (no sound
// card, no aplay), the terminal bell rings instead, once for may enter and
// three times for anything else.
package sound
