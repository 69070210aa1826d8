package sound

import (
	"bytes"
	"encoding/binary"
	"math"
)

// sampleRate of the built-in sounds: plenty for beeps, and every ALSA
// device converts it.
const sampleRate = 22050

// note is one tone of a built-in sound: a frequency (0 is a rest) held
// for ms milliseconds.
type note struct {
	hz, ms float64
}

// tunes are the built-in sounds, chosen to be told apart without looking:
// rising and bright for may enter, low and buzzing for may not, a slow
// two-tone for wait, a short falling pair for a code not accepted, and a
// long warble for call staff.
var tunes = map[Cue]struct {
	notes  []note
	square bool // a buzz instead of a pure tone
}{
	Allowed: {notes: []note{{880, 110}, {0, 30}, {1318.5, 180}}},
	Refused: {notes: []note{{196, 160}, {0, 70}, {196, 160}, {0, 70}, {196, 160}}, square: true},
	Full:    {notes: []note{{523.3, 220}, {392, 220}, {0, 120}, {523.3, 220}, {392, 220}}},
	Invalid: {notes: []note{{659.3, 120}, {0, 30}, {440, 180}}},
	Alarm:   {notes: []note{{330, 150}, {277.2, 150}, {330, 150}, {277.2, 150}, {330, 150}, {277.2, 150}}, square: true},
}

// Builtin is the WAV (16-bit mono PCM) of c's built-in sound, nil for an
// unknown cue.
func Builtin(c Cue) []byte {
	t, ok := tunes[c]
	if !ok {
		return nil
	}
	var pcm []int16
	for _, n := range t.notes {
		pcm = append(pcm, tone(n, t.square)...)
	}
	return wavFile(pcm)
}

// tone synthesises one note at 40 % of full scale with 8 ms fades, so the
// speaker does not click between notes.
func tone(n note, square bool) []int16 {
	count := int(n.ms * sampleRate / 1000)
	out := make([]int16, count)
	if n.hz == 0 {
		return out
	}
	fade := sampleRate * 8 / 1000
	for i := range out {
		v := math.Sin(2 * math.Pi * n.hz * float64(i) / sampleRate)
		if square {
			// A soft square: the sine's sign with its third harmonic,
			// a buzz that is still pleasant at the door.
			v = 0.8*math.Copysign(1, v)*0.5 + 0.5*math.Sin(6*math.Pi*n.hz*float64(i)/sampleRate)
		}
		amp := 0.4
		if i < fade {
			amp *= float64(i) / float64(fade)
		}
		if j := count - 1 - i; j < fade {
			amp *= float64(j) / float64(fade)
		}
		out[i] = int16(v * amp * math.MaxInt16)
	}
	return out
}

// wavFile wraps mono 16-bit samples in a RIFF WAVE header.
func wavFile(pcm []int16) []byte {
	var b bytes.Buffer
	data := len(pcm) * 2
	w := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	w(uint32(36 + data))
	b.WriteString("WAVEfmt ")
	w(uint32(16))             // fmt chunk size
	w(uint16(1))              // PCM
	w(uint16(1))              // mono
	w(uint32(sampleRate))     // sample rate
	w(uint32(sampleRate * 2)) // byte rate
	w(uint16(2))              // block align
	w(uint16(16))             // bits per sample
	b.WriteString("data")
	w(uint32(data))
	w(pcm)
	return b.Bytes()
}
