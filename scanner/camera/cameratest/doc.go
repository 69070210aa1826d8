// Package cameratest is a mediadevices video driver for tests: it registers
// a fake camera with the driver manager and replays frames through the real
// GetUserMedia → track → reader path that a USB camera uses, so package
// camera is tested end to end without hardware. It can fail like hardware:
// busy at open, unplugged (reads fail, opens fail), stalled (reads block),
// and recover.
//
// Import it only from _test.go files. Typical use:
//
//	drv := cameratest.Register(t, cameratest.Options{
//		Frames: func(i int) image.Image { return frameWithCode }, // *image.YCbCr or *image.Gray
//	})
//	cam := camera.New(camera.Config{Device: drv.Label()})
//	go cam.Run(ctx)
//	scan := <-cam.Scans()
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
