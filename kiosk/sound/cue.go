package sound

// Cue is what a sound tells the door.
type Cue string

// The cues. Each has its own sound; the bell fallback tells may enter (one
// ring) from everything else (three).
const (
	Allowed Cue = "allowed" // may enter, or goodbye at an exit
	Refused Cue = "refused" // may not enter: the health status or the policy
	Full    Cue = "full"    // may enter but the venue is full: wait
	Invalid Cue = "invalid" // the code was not accepted: nothing recorded
	Alarm   Cue = "alarm"   // not recorded or another failure: call staff
)

// Cues lists every cue.
var Cues = []Cue{Allowed, Refused, Full, Invalid, Alarm}

// Valid reports whether c is a known cue.
func (c Cue) Valid() bool {
	for _, k := range Cues {
		if c == k {
			return true
		}
	}
	return false
}

// rings is how many terminal bells stand in for c.
func (c Cue) rings() int {
	if c == Allowed {
		return 1
	}
	return 3
}
