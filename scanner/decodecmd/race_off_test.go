//go:build !race

package decodecmd_test

// frameBudget is the camera's default.
const frameBudget = "auto"
