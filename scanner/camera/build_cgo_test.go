//go:build cgo && linux

package camera_test

const driverBuilt = true
