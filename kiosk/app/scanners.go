package app

import (
	"context"
	"slices"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/evdev"
	"github.com/ashyq/kiosk/scanner/keymap"
	"github.com/ashyq/kiosk/scanner/serial"
	"github.com/ashyq/kiosk/scanner/watch"
)

// hardware is the kiosk's grabbed HID and serial scanners, merged into one
// scan stream and one status stream for the UI.
type hardware struct {
	watchers []*watch.Watcher
	scans    chan scanner.Scan
	devices  chan []scanner.DeviceStatus
}

// newHardware builds a watcher per kind of scanner the config lists; nil
// when it lists none.
func (a *App) newHardware(cfg config.Scanner) *hardware {
	h := &hardware{scans: make(chan scanner.Scan), devices: make(chan []scanner.DeviceStatus, 1)}
	if len(cfg.HID) > 0 {
		layout, _ := keymap.Lookup(cfg.Layout) // validated
		patterns, filter := evdev.Patterns(cfg.HID)
		h.watchers = append(h.watchers, watch.New(watch.Config{
			Source: scanner.SourceHID, Patterns: patterns, Filter: filter,
			Open:   evdev.Opener(evdev.Options{Layout: layout}),
			Logger: a.Log.With("component", "scanner", "kind", "hid"),
		}))
	}
	if len(cfg.Serial) > 0 {
		h.watchers = append(h.watchers, watch.New(watch.Config{
			Source: scanner.SourceSerial, Patterns: cfg.Serial,
			Open:   serial.Opener(serial.Options{Baud: cfg.SerialSpeed, Terminator: cfg.SerialTerminator}),
			Logger: a.Log.With("component", "scanner", "kind", "serial"),
		}))
	}
	if len(h.watchers) == 0 {
		return nil
	}
	return h
}

// run runs every watcher and merges what they report until ctx is done.
func (h *hardware) run(ctx context.Context) error {
	latest := make([][]scanner.DeviceStatus, len(h.watchers))
	type report struct {
		i  int
		st []scanner.DeviceStatus
	}
	reports := make(chan report)
	done := make(chan struct{})
	for i, w := range h.watchers {
		go func() { w.Run(ctx); done <- struct{}{} }()
		go forward(ctx, w.Scans(), h.scans)
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case st := <-w.Status():
					select {
					case reports <- report{i, st}:
					case <-ctx.Done():
						return
					}
				}
			}
		}()
	}
	for running := len(h.watchers); running > 0; {
		select {
		case <-done:
			running--
		case r := <-reports:
			latest[r.i] = r.st
			publishLatest(h.devices, slices.Concat(latest...))
		}
	}
	return ctx.Err()
}

// forward copies scans until ctx is done.
func forward(ctx context.Context, from <-chan scanner.Scan, to chan<- scanner.Scan) {
	for {
		select {
		case <-ctx.Done():
			return
		case s := <-from:
			select {
			case to <- s:
			case <-ctx.Done():
				return
			}
		}
	}
}

// publishLatest replaces an unread value with v.
func publishLatest[T any](ch chan T, v T) {
	select {
	case <-ch:
	default:
	}
	select {
	case ch <- v:
	default:
	}
}
