//go:build !race

package qrdecode

// underRace is raceEnabled for the package's internal tests.
const underRace = false
