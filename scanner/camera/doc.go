// Package camera captures frames from a USB camera with pion/mediadevices,
// decodes QR codes with scanner/qrdecode (latest frame wins), and emits each
// new payload once as a scanner.Scan. It reopens the camera by itself after
// it was missing, busy or unplugged.
//
// Two goroutines do the work while Run is active:
//
//	capture: track reader ──Read──► copy Y plane ──► mailbox (1 slot) ──► decode: qrdecode ──► dedupe ──► Scans()
//	                                               (a newer frame replaces a waiting one)
//
// The capture side never waits for the decoder: a frame that is still
// waiting when the next one arrives is overwritten and counted as stale, so
// the decoder always works on the newest picture and never falls behind the
// person standing at the door.
//
// The V4L2 driver needs cgo. Built with CGO_ENABLED=0 the package still
// compiles, Supported reports false and Run reports CameraUnsupported.
//
// Package cameratest provides a replaying video driver for tests that goes
// through the same GetUserMedia → track → reader path as a real camera.
package camera
