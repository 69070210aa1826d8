// Package serial reads barcode and ID-card scanners that talk over a serial
// line: RS-232 ports and USB CDC-ACM "virtual COM" devices
// (/dev/ttyACM0, /dev/serial/by-id/...), through go.bug.st/serial. The port,
// speed and terminator come from the config; the scanner package's watch
// reopens the port after an unplug.
package serial

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	bugst "go.bug.st/serial"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/watch"
)

// Terminators a config may name, and the bytes that end a code.
var terminators = map[string]string{
	"cr":   "\r",
	"lf":   "\n",
	"crlf": "\r\n",
	"tab":  "\t",
	"etx":  "\x03", // STX ... ETX framing; a leading STX is dropped
	"none": "",     // a pause ends the code
}

// Terminators lists the names a config may use.
func Terminators() []string {
	names := make([]string, 0, len(terminators))
	for n := range terminators {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Speeds a config may name: the standard rates every USB serial adapter
// and CDC-ACM device accepts (CDC-ACM ignores the rate altogether).
var Speeds = []int{1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400}

// DefaultIdleCut is how long a started code may pause: past it, with a
// terminator configured, the code is cut off; with "none", it is complete.
const DefaultIdleCut = 300 * time.Millisecond

// Options configure a port.
type Options struct {
	Baud       int    // one of Speeds; default 9600
	Terminator string // one of Terminators(); default "cr"
	IdleCut    time.Duration
}

// Conn is an open serial scanner.
type Conn struct {
	port  bugst.Port
	name  string
	split *Splitter
	idle  time.Duration
}

// Open opens and configures the port at path (8 data bits, no parity, one
// stop bit, exclusive). Errors wrap fs.ErrPermission (join the port's
// group), watch.ErrBusy or fs.ErrNotExist.
func Open(path string, opts Options) (*Conn, error) {
	if opts.Baud == 0 {
		opts.Baud = 9600
	}
	if opts.Terminator == "" {
		opts.Terminator = "cr"
	}
	term, ok := terminators[opts.Terminator]
	if !ok {
		return nil, fmt.Errorf("serial terminator %q is not one of %s", opts.Terminator, strings.Join(Terminators(), ", "))
	}
	if opts.IdleCut <= 0 {
		opts.IdleCut = DefaultIdleCut
	}
	p, err := bugst.Open(path, &bugst.Mode{BaudRate: opts.Baud, DataBits: 8, Parity: bugst.NoParity, StopBits: bugst.OneStopBit})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, portError(err))
	}
	if err := p.SetReadTimeout(opts.IdleCut); err != nil {
		p.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &Conn{port: p, name: path, split: NewSplitter(term), idle: opts.IdleCut}, nil
}

// Opener is Open as a watch.Opener.
func Opener(opts Options) watch.Opener {
	return func(path string) (watch.Conn, error) { return Open(path, opts) }
}

// portError maps go.bug.st/serial's error codes onto the errors watch
// understands.
func portError(err error) error {
	var pe *bugst.PortError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code() {
	case bugst.PermissionDenied:
		return fmt.Errorf("%v: %w", pe.EncodedErrorString(), fs.ErrPermission)
	case bugst.PortBusy:
		return fmt.Errorf("%v: %w", pe.EncodedErrorString(), watch.ErrBusy)
	case bugst.PortNotFound:
		return fmt.Errorf("%v: %w", pe.EncodedErrorString(), fs.ErrNotExist)
	}
	return err
}

// Name is the port's path.
func (c *Conn) Name() string { return c.name }

// Close closes the port and ends ReadLines.
func (c *Conn) Close() error { return c.port.Close() }

// ReadLines reads until the port fails or is closed.
func (c *Conn) ReadLines(emit func(watch.Line)) error {
	buf := make([]byte, 512)
	for {
		n, err := c.port.Read(buf)
		for _, l := range c.split.Write(buf[:n]) {
			emit(l)
		}
		if err != nil {
			var pe *bugst.PortError
			if errors.As(err, &pe) && pe.Code() == bugst.PortClosed {
				if l, ok := c.split.Idle(); ok && l.Cut {
					emit(l)
				}
				return fmt.Errorf("read %s: port closed or unplugged", c.name)
			}
			return fmt.Errorf("read %s: %w", c.name, err)
		}
		if n == 0 { // the read timed out: a pause
			if l, ok := c.split.Idle(); ok {
				emit(l)
			}
		}
	}
}

// Splitter cuts a byte stream into codes at a terminator, bounded: past
// scanner.MaxPayload bytes the rest of a code is dropped, and the code is
// handed on one byte over the limit so it is refused as too long.
type Splitter struct {
	term string
	buf  []byte
}

// NewSplitter splits at term ("" splits only at pauses, see Idle).
func NewSplitter(term string) *Splitter { return &Splitter{term: term} }

// Write takes bytes as they arrived and returns the codes they finished.
// Empty codes (a terminator alone, the LF of a CR LF pair on a port set to
// "cr") are skipped.
func (s *Splitter) Write(p []byte) []watch.Line {
	var out []watch.Line
	for _, b := range p {
		s.buf = append(s.buf, b)
		if s.term != "" && strings.HasSuffix(string(s.buf[max(0, len(s.buf)-len(s.term)):]), s.term) {
			code := strings.Trim(string(s.buf[:len(s.buf)-len(s.term)]), "\r\n")
			if s.term == "\x03" {
				code = strings.TrimPrefix(code, "\x02")
			}
			s.buf = s.buf[:0]
			if len(code) > scanner.MaxPayload+1 {
				code = code[:scanner.MaxPayload+1] // the bytes kept in case they began the terminator
			}
			if code != "" {
				out = append(out, watch.Line{Text: code})
			}
			continue
		}
		if len(s.buf) > scanner.MaxPayload+len(s.term) {
			// Keep one byte over the limit and the last bytes that may
			// start the terminator; drop the rest.
			keep := scanner.MaxPayload + 1
			tail := s.buf[len(s.buf)-len(s.term):]
			s.buf = append(s.buf[:keep], tail...)
		}
	}
	return out
}

// Idle tells the splitter the line paused. With no terminator the pending
// bytes are a complete code; with one, they are a code cut off.
func (s *Splitter) Idle() (watch.Line, bool) {
	if len(s.buf) == 0 {
		return watch.Line{}, false
	}
	text := strings.Trim(string(s.buf), "\r\n")
	s.buf = s.buf[:0]
	if s.term == "" {
		if text == "" {
			return watch.Line{}, false
		}
		return watch.Line{Text: text}, true
	}
	return watch.Line{Cut: true}, true
}
