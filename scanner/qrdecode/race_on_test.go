//go:build race

package qrdecode_test

// raceEnabled is true under -race, which makes decoding about ten times
// slower; heavy tests then run on a subset.
const raceEnabled = true
