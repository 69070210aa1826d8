package doctor

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/camera"
	"github.com/ashyq/kiosk/scanner/watch"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// cameraChecks lists the V4L2 device nodes, whether each opens, which the
// config selects, and then watches the configured camera for frames.
func cameraChecks(ctx context.Context, o Options) []Check {
	cfg := o.Config.Camera
	nodes, _ := filepath.Glob(filepath.Join(o.Dev, "video*"))
	links := byIDLinks(filepath.Join(o.Dev, "v4l", "by-id"))
	var out []Check
	for _, n := range nodes {
		c := Check{Area: "camera", Item: n}
		if l := links[n]; len(l) > 0 {
			c.Item = n + " (" + filepath.Base(l[0]) + ")"
		}
		c.Selected = cfg.Device == camera.DeviceAuto || cfg.Device == n || slices.Contains(links[n], cfg.Device)
		if err := tryOpen(n, os.O_RDWR|syscall.O_NONBLOCK); err != nil {
			c.Detail, c.Fix = openAdvice(n, err, o.User)
			c.OK = !c.Selected // a camera the config does not use may stay closed
		} else {
			c.OK, c.Detail = true, "opens"
		}
		out = append(out, c)
	}
	switch {
	case cfg.Device == camera.DeviceOff:
		return append(out, Check{Area: "camera", OK: true, Detail: "off in the config (camera.device = \"off\")"})
	case cfg.Device != camera.DeviceAuto && !isSelectedNode(cfg.Device, nodes, links) && filepath.IsAbs(cfg.Device):
		out = append(out, Check{Area: "camera", Item: cfg.Device, Selected: true,
			Detail: "the configured camera is not plugged in",
			Fix:    "plug it in, or set camera.device = \"auto\" (or \"off\" with a barcode scanner only)"})
	}
	m := measureCamera(ctx, o)
	if !m.OK && len(nodes) == 0 && m.Fix != "" && cfg.Device == camera.DeviceAuto {
		m.Detail += " (no " + filepath.Join(o.Dev, "video*") + " device)"
	}
	return append(out, m)
}

// measureCamera runs the kiosk's own capture loop on the configured camera
// for the window and counts the frames.
func measureCamera(ctx context.Context, o Options) Check {
	cfg := o.Config.Camera
	c := Check{Area: "camera", Item: cfg.Device, Selected: true}
	// The loop decodes too, with the kiosk's budget, so that the rate is
	// the one the kiosk gets on this machine.
	cam := camera.New(camera.Config{Device: cfg.Device, Width: cfg.Width, Height: cfg.Height, FPS: cfg.FPS,
		Format: cfg.Format, DecodeBudget: cfg.DecodeBudget.Duration, Logger: slog.New(slog.DiscardHandler)})
	ctx, cancel := context.WithTimeout(ctx, o.CameraWindow)
	defer cancel()
	var last scanner.CameraStatus
	done := make(chan struct{})
	go func() { cam.Run(ctx); close(done) }()
	start := time.Now()
	var firstFrame time.Time
	var framesAtFirst uint64
	for running := true; running; {
		select {
		case st := <-cam.Status():
			last = st
		case <-done:
			running = false
		case <-time.After(20 * time.Millisecond):
			if firstFrame.IsZero() {
				if n := cam.Stats().FramesCaptured; n > 0 {
					firstFrame, framesAtFirst = time.Now(), n
				}
			}
		}
	}
	frames := cam.Stats().FramesCaptured
	switch {
	case frames > framesAtFirst && !firstFrame.IsZero():
		// The rate counts from the first frame: opening a camera takes a
		// moment that is no part of its rate.
		fps := float64(frames-framesAtFirst) / time.Since(firstFrame).Seconds()
		c.OK = fps >= float64(cfg.FPS)/2
		c.Detail = fmt.Sprintf("gives frames: %.1f per second (camera.fps = %d), first after %s",
			fps, cfg.FPS, firstFrame.Sub(start).Round(10*time.Millisecond))
		if !c.OK {
			c.Fix = "too slow to read codes briskly: lower camera.width and camera.height, or use camera.format = \"mjpeg\""
		}
	case last.State == scanner.CameraUnsupported:
		c.Detail = "this build has no camera support (built without cgo)"
		c.Fix = "install the package's camera-enabled build, or set camera.device = \"off\" and use a barcode scanner"
	case last.State == scanner.CameraBusy:
		c.Detail = "busy: another program holds the camera (" + safetext.Clean(last.Detail, 80) + ")"
		c.Fix = "stop the running kiosk first (systemctl stop ashyq-kiosk) and run doctor again"
	case last.State == scanner.CameraLost:
		c.Detail = "the camera opened, then failed or stalled (" + safetext.Clean(last.Detail, 80) + ")"
		c.Fix = "try another USB port or cable, or camera.format = \"yuyv\"; dmesg | tail shows the kernel's side"
	case frames == 1:
		c.Detail = "gave a single frame in " + o.CameraWindow.String()
		c.Fix = "the camera stalls: try another USB port, or camera.format = \"yuyv\""
	default:
		c.Detail = "no frames in " + o.CameraWindow.String() + ": " + safetext.Clean(orNone(last.Detail), 100)
		c.Fix = "plug in a USB camera, or set camera.device = \"off\" and use a barcode scanner"
	}
	return c
}

func isSelectedNode(dev string, nodes []string, links map[string][]string) bool {
	for _, n := range nodes {
		if dev == n || slices.Contains(links[n], dev) {
			return true
		}
	}
	return false
}

// byIDLinks maps each device node to its stable by-id names.
func byIDLinks(dir string) map[string][]string {
	out := map[string][]string{}
	links, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, l := range links {
		if real, err := filepath.EvalSymlinks(l); err == nil {
			out[real] = append(out[real], l)
		}
	}
	return out
}

// tryOpen opens and closes path, to learn whether the kiosk may.
func tryOpen(path string, flag int) error {
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return err
	}
	return f.Close()
}

// openAdvice words an open failure: a permission problem names the group
// that owns the device and the command that adds the kiosk's user to it.
func openAdvice(path string, err error, user string) (detail, fix string) {
	switch {
	case errors.Is(err, fs.ErrPermission):
		g := watch.GroupOf(path)
		if g == "" || g == "root" {
			return "no permission to open it", "install the package's udev rule (it gives the device to the kiosk's group), then replug it"
		}
		return "no permission to open it (group " + safetext.Escape(g, 32) + ")",
			fmt.Sprintf("add the kiosk's user to group %s: usermod -aG %s %s, then restart the kiosk", g, g, user)
	case errors.Is(err, syscall.EBUSY):
		return "busy: another program holds it", "stop the program using it (a running kiosk: systemctl stop ashyq-kiosk)"
	}
	return "cannot open it: " + safetext.Clean(err.Error(), 100), "check the device (dmesg | tail) and replug it"
}

func orNone(s string) string {
	if s == "" {
		return "nothing found"
	}
	return s
}
