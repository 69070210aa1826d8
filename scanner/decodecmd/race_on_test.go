//go:build race

package decodecmd_test

// frameBudget is ten times the default 640x480 budget: -race makes
// decoding about ten times slower.
const frameBudget = "80ms"
