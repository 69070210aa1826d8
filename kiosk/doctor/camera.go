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

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/camera"
	"github.com/ashyq/kiosk/scanner/watch"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// cameraChecks lists the V4L2 device nodes, whether each opens, which the
// config selects, and then watches the configured camera for frames.
func cameraChecks(ctx context.Context, o Options) []Check {
	cfg, t := o.Config.Camera, o.t
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
			c.Detail, c.Fix = openAdvice(t, n, err, o.User)
			c.OK = !c.Selected // a camera the config does not use may stay closed
		} else {
			c.OK, c.Detail = true, t.T(i18n.DocOpens)
		}
		out = append(out, c)
	}
	switch {
	case cfg.Device == camera.DeviceOff:
		return append(out, Check{Area: "camera", OK: true, Detail: t.F(i18n.DocCamOff, `camera.device = "off"`)})
	case cfg.Device != camera.DeviceAuto && !isSelectedNode(cfg.Device, nodes, links) && filepath.IsAbs(cfg.Device):
		out = append(out, Check{Area: "camera", Item: cfg.Device, Selected: true,
			Detail: t.T(i18n.DocCamNotPlugged),
			Fix:    t.F(i18n.DocCamPlugOrAuto, `camera.device = "auto"`, `"off"`)})
	}
	m := measureCamera(ctx, o)
	if !m.OK && len(nodes) == 0 && m.Fix != "" && cfg.Device == camera.DeviceAuto {
		m.Detail += " " + t.F(i18n.DocNoDevice, filepath.Join(o.Dev, "video*"))
	}
	return append(out, m)
}

// measureCamera runs the kiosk's own capture loop on the configured camera
// for the window and counts the frames.
func measureCamera(ctx context.Context, o Options) Check {
	cfg, t := o.Config.Camera, o.t
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
		c.Detail = t.F(i18n.DocCamFrames, fps, fmt.Sprintf("camera.fps = %d", cfg.FPS),
			firstFrame.Sub(start).Round(10*time.Millisecond))
		if !c.OK {
			c.Fix = t.F(i18n.DocCamTooSlow, "camera.width", "camera.height", `camera.format = "mjpeg"`)
		}
	case last.State == scanner.CameraUnsupported:
		c.Detail = t.F(i18n.DocCamNoSupport, "cgo")
		c.Fix = t.F(i18n.DocCamNoSupportFix, `camera.device = "off"`)
	case last.State == scanner.CameraBusy:
		c.Detail = t.F(i18n.DocCamBusy, safetext.Clean(last.Detail, 80))
		c.Fix = t.F(i18n.DocCamBusyFix, "systemctl stop ashyq-kiosk", "ashyq-kiosk doctor")
	case last.State == scanner.CameraLost:
		c.Detail = t.F(i18n.DocCamLost, safetext.Clean(last.Detail, 80))
		c.Fix = t.F(i18n.DocCamLostFix, `camera.format = "yuyv"`, "dmesg | tail")
	case frames == 1:
		c.Detail = t.F(i18n.DocCamSingle, o.CameraWindow.String())
		c.Fix = t.F(i18n.DocCamSingleFix, `camera.format = "yuyv"`)
	case last.State == scanner.CameraSearching || last.Detail == "":
		// The camera's own words here are "no camera found: DEVICE".
		c.Detail = t.F(i18n.DocCamNoFrames, o.CameraWindow.String(), t.T(i18n.DocNoCamera))
		c.Fix = t.F(i18n.DocCamNoFramesFix, `camera.device = "off"`)
	default:
		c.Detail = t.F(i18n.DocCamNoFrames, o.CameraWindow.String(), safetext.Clean(last.Detail, 100))
		c.Fix = t.F(i18n.DocCamNoFramesFix, `camera.device = "off"`)
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
func openAdvice(t i18n.Catalog, path string, err error, user string) (detail, fix string) {
	switch {
	case errors.Is(err, fs.ErrPermission):
		g := watch.GroupOf(path)
		if g == "" || g == "root" {
			return t.T(i18n.DocNoPermission), t.T(i18n.DocUdevRuleFix)
		}
		return t.F(i18n.DocNoPermGroup, safetext.Escape(g, 32)),
			t.F(i18n.DocAddToGroup, g, fmt.Sprintf("usermod -aG %s %s", g, user))
	case errors.Is(err, syscall.EBUSY):
		return t.T(i18n.DocBusyIt), t.F(i18n.DocStopProgram, "systemctl stop ashyq-kiosk")
	}
	return t.F(i18n.DocCannotOpen, safetext.Clean(err.Error(), 100)), t.F(i18n.DocCheckDevice, "dmesg | tail")
}
