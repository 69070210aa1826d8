package camera

import (
	"context"
	"errors"
	"fmt"
	"image"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ashyq/kiosk/scanner"
)

// errStalled ends a session whose camera delivered no frame for too long.
var errStalled = errors.New("no frame from the camera")

// captureLoop opens the camera, captures until it fails, and starts over
// with backoff, until ctx is done. Backoff doubles from backoffMin to
// backoffMax while opening keeps failing and resets after a session that
// delivered frames.
func (c *Camera) captureLoop(ctx context.Context) {
	c.report(scanner.CameraSearching, c.configuredDevice(), "looking for the camera")
	backoff := c.backoffMin
	var lastErr string
	for ctx.Err() == nil {
		src, err := c.openSource()
		if err != nil {
			c.stats.errors.Add(1)
			state := scanner.CameraSearching
			if errors.Is(err, errBusy) {
				state = scanner.CameraBusy
			}
			c.report(state, c.configuredDevice(), err.Error())
			if msg := err.Error(); msg != lastErr {
				// Log each distinct reason once, not every retry.
				c.log.Warn("camera not available, retrying", "state", state, "err", msg, "retry", backoff)
				lastErr = msg
			}
			if !sleep(ctx, backoff) {
				return
			}
			backoff = min(backoff*2, c.backoffMax)
			continue
		}
		c.stats.opens.Add(1)
		lastErr = ""
		c.log.Info("camera opened", "device", src.label)
		frames, err := c.capture(ctx, src)
		if ctx.Err() != nil {
			return
		}
		c.stats.errors.Add(1)
		c.report(scanner.CameraLost, src.label, fmt.Sprintf("camera lost (%v), reopening", err))
		c.log.Warn("camera lost, reopening", "device", src.label, "err", err, "frames", frames)
		if frames > 0 {
			backoff = c.backoffMin
		}
		if !sleep(ctx, backoff) {
			return
		}
		if frames == 0 {
			backoff = min(backoff*2, c.backoffMax)
		}
	}
}

// capture reads frames from src into the mailbox until a read fails, the
// camera stalls or ctx is done, then closes src. It reports CameraRunning on
// the first frame and returns how many frames it read and why it stopped.
func (c *Camera) capture(ctx context.Context, src *source) (int, error) {
	var (
		closeOnce sync.Once
		closeErr  error
		stalled   atomic.Bool
		opened    = time.Now()
		lastFrame atomic.Int64 // monotonic time since opened of the last frame (0: none yet)
	)
	closeSrc := func() { closeOnce.Do(func() { closeErr = src.close() }) }

	// The watchdog closes the track to end a blocked Read: when ctx ends,
	// or when no frame came for stallTimeout (a camera that stopped
	// without an error is as good as unplugged).
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(max(c.stallTimeout/4, 10*time.Millisecond))
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				closeSrc()
				return
			case <-tick.C:
				if time.Since(opened)-time.Duration(lastFrame.Load()) > c.stallTimeout {
					stalled.Store(true)
					closeSrc()
					return
				}
			}
		}
	}()
	defer func() {
		close(done)
		wg.Wait()
		closeSrc()
		if closeErr != nil {
			c.log.Debug("camera close", "err", closeErr)
		}
	}()

	var scratch lumaFrame // for image types without a luma plane
	frames := 0
	for {
		img, release, err := src.read()
		if release == nil {
			release = func() {}
		}
		if stalled.Load() {
			return frames, fmt.Errorf("%w for %v", errStalled, c.stallTimeout)
		}
		if err != nil {
			return frames, err
		}
		if img == nil || img.Bounds().Empty() {
			// A reader may hand out no picture without an error; skip it.
			release()
			continue
		}
		at := c.now()
		lastFrame.Store(int64(time.Since(opened)))
		c.handoff(img, at, &scratch)
		release()
		frames++
		if frames == 1 {
			c.report(scanner.CameraRunning, src.label, src.label)
		}
	}
}

// handoff copies img's luminance into the mailbox, replacing a frame the
// decoder has not taken yet.
func (c *Camera) handoff(img image.Image, at time.Time, scratch *lumaFrame) {
	c.stats.captured.Add(1)
	var replaced bool
	switch img.(type) {
	case *image.YCbCr, *image.Gray:
		replaced = c.box.put(at, func(f *lumaFrame) { copyLuma(f, img) })
	default:
		// Convert outside the mailbox lock: it is slow.
		copyLuma(scratch, img)
		replaced = c.box.put(at, func(f *lumaFrame) {
			copyPlane(f, scratch.y, scratch.stride, scratch.width, scratch.height)
		})
	}
	if replaced {
		c.stats.stale.Add(1)
	}
}

// sleep waits d or until ctx is done, reporting false in the latter case.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// configuredDevice is the device to name on screen before one is open: the
// configured path, or nothing when the camera is found by itself.
func (c *Camera) configuredDevice() string {
	if c.cfg.Device == DeviceAuto || c.cfg.Device == "" {
		return ""
	}
	return c.cfg.Device
}
