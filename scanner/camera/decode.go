package camera

import (
	"time"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/qrdecode"
)

// decodeFunc finds payloads in a luminance plane. The default wraps a
// qrdecode.Decoder; tests inject slow or instrumented ones.
type decodeFunc func(y []byte, width, height, stride int) []string

// decodeOptions are the decoder's options for this camera's config.
func (c Config) decodeOptions() qrdecode.Options {
	return qrdecode.Options{Budget: c.DecodeBudget}
}

// newQRDecode makes the default decodeFunc and the function that ends it
// (the decoder's deep search runs on a goroutine of its own). A
// qrdecode.Decoder is not safe for concurrent use, so the decode goroutine
// makes its own.
func newQRDecode(opts qrdecode.Options) (decodeFunc, func()) {
	d := qrdecode.New(opts)
	return func(y []byte, w, h, stride int) []string {
		return d.DecodeLuma(y, w, h, stride).Payloads
	}, d.Close
}

// decodeLoop takes the newest frame, decodes it and emits new payloads until
// the mailbox closes.
func (c *Camera) decodeLoop() {
	decode := c.decode
	if decode == nil {
		var end func()
		decode, end = c.newDecode(c.cfg.decodeOptions())
		defer end()
	}
	dd := newDedupe(c.cfg.Cooldown)
	for {
		f, ok := c.box.take()
		if !ok {
			return
		}
		start := time.Now()
		payloads := decode(f.y, f.width, f.height, f.stride)
		c.stats.decodeNanos.Add(int64(time.Since(start)))
		c.stats.decoded.Add(1)
		dd.next()
		for _, p := range payloads {
			if !dd.seen(p, f.at) {
				continue
			}
			c.emit(scanner.Scan{Payload: p, Source: scanner.SourceCamera, At: f.at})
		}
		dd.forget(f.at)
	}
}

// emit hands a scan to the reader of Scans without ever blocking the decode
// loop: the channel is buffered for bursts, and if nobody reads at all the
// scan is dropped with a log line rather than stalling capture.
func (c *Camera) emit(s scanner.Scan) {
	select {
	case c.scans <- s:
		c.stats.scans.Add(1)
		// The payload is untrusted and may carry an IIN: log its size only.
		c.log.Info("camera scan", "bytes", len(s.Payload))
	default:
		c.stats.scansDropped.Add(1)
		c.log.Warn("camera scan dropped: nobody is reading scans", "bytes", len(s.Payload))
	}
}
