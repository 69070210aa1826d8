// Package cameratest is a mediadevices video driver for tests: it registers
// a fake camera with the driver manager and replays frames through the real
// GetUserMedia → track → reader path that a USB camera uses, so package
// camera is tested end to end without hardware. It can fail like hardware:
// busy at open, unplugged (reads fail, opens fail), stalled (reads block),
// and recover.
//
// Import it only from _test.go files. End to end, a camera frame carrying
// the demo IIN:
//
//	g := qrgen.MustFrame(qrgen.Spec{Payload: "900101300017", Distortion: qrgen.Large, Seed: 1})
//	drv := cameratest.Register(t, cameratest.Options{Images: []image.Image{cameratest.ToYCbCr(g)}})
//	cam := camera.New(camera.Config{Device: drv.Label(), Logger: logger})
//	go cam.Run(ctx)              // cancel ctx and wait for Run in t.Cleanup
//	scan := <-cam.Scans()        // once, with Source camera, however long the code stays in view
//
// Use a close-up code (qrgen.Large): the decoder's cheap first attempt reads
// it, while a small code may need an attempt the decoder's time budget skips
// on a loaded test machine. Frames may also come from Options.Frames, a
// function of the frame index, to change the scene during a test.
//
// This works in CGO_ENABLED=0 builds too: package camera captures whenever
// a video driver is registered, even with no V4L2 driver compiled in.
//
// Device "auto" also picks it when it is the only camera registered. The
// driver is removed from the manager when the test ends. Tests using it must
// not run in parallel with each other: mediadevices opens every registered
// camera to list its properties, and its driver state is not synchronised.
//
// In cgo builds, package camera re-runs V4L2 discovery when /dev/video*
// changes, and that discovery drops every registered video driver, this one
// included; on a machine without cameras (CI) that never happens.
package cameratest
