package store

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/ashyq/kiosk/sync/wire"
)

// appendEventJSON appends the event's JSON to dst: the bytes json.Marshal
// writes for a wire.Event, to the byte (a stored event's digest is of
// them, so a store that wrote them otherwise would take an event sent
// again for a conflict), written field by field instead of through
// reflection, which was most of what the upstream spent storing a batch
// beside reading it (TestAppendEventJSONIsMarshal and its fuzz target
// hold it to json.Marshal; BenchmarkEncodeEvent). A scan time that
// json.Marshal refuses (a year outside 0-9999) is its error.
func appendEventJSON(dst []byte, e wire.Event) ([]byte, error) {
	at, err := e.ScannedAt.MarshalJSON()
	if err != nil {
		_, err = json.Marshal(e) // json.Marshal's own words for it
		return dst, err
	}
	dst = append(dst, `{"id":`...)
	dst = appendJSONString(dst, e.ID)
	dst = append(dst, `,"device":`...)
	dst = appendJSONString(dst, e.Device)
	dst = append(dst, `,"seq":`...)
	dst = strconv.AppendUint(dst, e.Seq, 10)
	dst = append(dst, `,"venue":`...)
	dst = appendJSONString(dst, e.Venue)
	dst = append(dst, `,"door":`...)
	dst = appendJSONString(dst, e.Door)
	dst = append(dst, `,"kind":`...)
	dst = appendJSONString(dst, string(e.Kind))
	dst = append(dst, `,"iin":`...)
	dst = appendJSONString(dst, e.IIN)
	dst = append(dst, `,"status":`...)
	dst = appendJSONString(dst, string(e.Status))
	dst = append(dst, `,"source":`...)
	dst = appendJSONString(dst, string(e.Source))
	if e.Reason != "" {
		dst = append(dst, `,"reason":`...)
		dst = appendJSONString(dst, e.Reason)
	}
	if e.Staff != "" {
		dst = append(dst, `,"staff":`...)
		dst = appendJSONString(dst, e.Staff)
	}
	dst = append(dst, `,"scanned_at":`...)
	dst = append(dst, at...)
	return append(dst, '}'), nil
}

// EventJSONSize is about how long the event's JSON is (its escapes aside),
// so that it is written into one allocation.
func EventJSONSize(e wire.Event) int {
	const keysAndTime = 160 // the keys, quotes, commas and the scan time
	return keysAndTime + len(e.ID) + len(e.Device) + len(e.Venue) + len(e.Door) + len(e.Kind) + len(e.IIN) +
		len(e.Status) + len(e.Source) + len(e.Reason) + len(e.Staff)
}

// appendJSONString appends s as encoding/json writes a string: quoted,
// with '"', '\\', the control characters, '<', '>' and '&' escaped
// (\b, \f, \n, \r and \t as such, the others as \u00XX), invalid UTF-8
// as \ufffd, and U+2028 and U+2029 escaped.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
