//go:build race

package qrdecode_test

// raceEnabled is true under -race, which makes decoding about ten times
// slower; rate sweeps then skip (rateSweep).
const raceEnabled = true
