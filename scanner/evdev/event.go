// Package evdev reads a USB keyboard-wedge barcode scanner straight from its
// Linux input device (/dev/input/by-id/...-event-kbd), grabbed exclusively
// (EVIOCGRAB) so its keys never reach the console or whatever has focus,
// and turns its key presses into lines with a keymap.Layout. The kernel's
// struct input_event records are decoded here; Lines assembles them.
package evdev

import (
	"encoding/binary"
	"strconv"
	"time"
)

// Event types and codes this package acts on (linux/input-event-codes.h).
const (
	EvSyn = 0x00
	EvKey = 0x01
	EvMsc = 0x04

	SynReport  = 0
	SynDropped = 3 // the kernel's buffer overflowed: events were lost

	KeyRelease = 0
	KeyPress   = 1
	KeyRepeat  = 2
)

// EventSize is the size of struct input_event on this platform: a struct
// timeval (two C longs) then type, code (uint16) and value (int32). 24
// bytes on 64-bit systems, 16 on armhf.
const EventSize = 2*strconv.IntSize/8 + 8

// Event is one struct input_event.
type Event struct {
	Time  time.Time
	Type  uint16
	Code  uint16
	Value int32
}

// Decode reads the event in b[:EventSize], in the machine's byte order as
// the kernel writes it.
func Decode(b []byte) Event {
	_ = b[EventSize-1]
	var sec, usec int64
	off := 0
	if strconv.IntSize == 64 {
		sec = int64(binary.NativeEndian.Uint64(b[0:]))
		usec = int64(binary.NativeEndian.Uint64(b[8:]))
		off = 16
	} else {
		sec = int64(int32(binary.NativeEndian.Uint32(b[0:])))
		usec = int64(int32(binary.NativeEndian.Uint32(b[4:])))
		off = 8
	}
	return Event{
		Time:  time.Unix(sec, usec*1000),
		Type:  binary.NativeEndian.Uint16(b[off:]),
		Code:  binary.NativeEndian.Uint16(b[off+2:]),
		Value: int32(binary.NativeEndian.Uint32(b[off+4:])),
	}
}

// Append encodes e as the kernel would and appends it to b: recordings for
// tests, and a uinput device's input.
func (e Event) Append(b []byte) []byte {
	sec, usec := e.Time.Unix(), int64(e.Time.Nanosecond()/1000)
	if strconv.IntSize == 64 {
		b = binary.NativeEndian.AppendUint64(b, uint64(sec))
		b = binary.NativeEndian.AppendUint64(b, uint64(usec))
	} else {
		b = binary.NativeEndian.AppendUint32(b, uint32(sec))
		b = binary.NativeEndian.AppendUint32(b, uint32(usec))
	}
	b = binary.NativeEndian.AppendUint16(b, e.Type)
	b = binary.NativeEndian.AppendUint16(b, e.Code)
	return binary.NativeEndian.AppendUint32(b, uint32(e.Value))
}
