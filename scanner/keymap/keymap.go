// Package keymap turns Linux key codes into characters the way a keyboard
// layout would, for barcode scanners that pretend to be a USB keyboard. A
// scanner is set to type for one host layout (its "keyboard country"): US in
// most of the world, and Russian or Kazakh on many scanners sold in
// Kazakhstan. The tables follow xkb-data's symbols/us, symbols/ru(winkeys)
// (the Windows Russian layout) and symbols/kz(basic) (KazSSR 903-90, the
// Windows Kazakh layout).
//
// Every code the kiosk accepts is ASCII, and a Cyrillic layout has no Latin
// letters: a scanner set to Russian types a Latin letter on the key where a
// US keyboard has it, and the host sees a Cyrillic letter. Translate
// therefore gives the layout's character where it is ASCII and the US
// character of the same key otherwise, so "AQ1:" scanned in Russian mode
// reads "AQ1:" and not "ФЙ1Ж".
package keymap

import (
	"slices"
	"strings"
)

// Linux key codes (linux/input-event-codes.h) this package knows by name.
const (
	KeyEsc        = 1
	KeyBackspace  = 14
	KeyTab        = 15
	KeyEnter      = 28
	KeyLeftCtrl   = 29
	KeyLeftShift  = 42
	KeyRightShift = 54
	KeyLeftAlt    = 56
	KeyCapsLock   = 58
	KeyNumLock    = 69
	KeyKPEnter    = 96
	KeyRightCtrl  = 97
	KeyRightAlt   = 100
)

// Layout maps key codes to the characters one keyboard layout gives them,
// without and with shift.
type Layout struct {
	name string
	keys map[uint16][2]rune
}

// Name is the layout's config name: "us", "ru" or "kk".
func (l Layout) Name() string { return l.name }

// Names lists the layouts a config may name.
func Names() []string { return []string{"us", "ru", "kk"} }

// Lookup returns the layout called name.
func Lookup(name string) (Layout, bool) {
	switch name {
	case "us":
		return Layout{name: name, keys: us}, true
	case "ru":
		return Layout{name: name, keys: overlay(ru)}, true
	case "kk":
		return Layout{name: name, keys: overlay(kk)}, true
	}
	return Layout{}, false
}

// US is the US layout, the default of every scanner.
func US() Layout { return Layout{name: "us", keys: us} }

// Translate gives the character that key code types with shift held (or
// caps lock on, for letters), and false for a key that types nothing (a
// modifier, a function key). Keypad keys type digits and operators, as with
// num lock on: scanners that cannot reach digits in a layout use them.
func (l Layout) Translate(code uint16, shift, caps bool) (rune, bool) {
	pair, ok := l.keys[code]
	if !ok {
		return 0, false
	}
	level := 0
	if shift {
		level = 1
	}
	if caps && isLetterKey(pair) {
		level = 1 - level
	}
	r := pair[level]
	if r >= 0x80 {
		// A layout character outside ASCII cannot be part of a code the
		// kiosk accepts: read the key as a US keyboard has it.
		if u, ok := us[code]; ok {
			r = u[level]
		}
	}
	return r, true
}

// ToUS rewrites text typed in layout l as the US layout would have typed the
// same keys: what a US-layout scanner produced on a host whose terminal uses
// l. Characters l does not have stay as they are.
func (l Layout) ToUS(text string) string {
	if l.name == "us" || l.name == "" {
		return text
	}
	inv := l.inverse()
	out := []rune(text)
	for i, r := range out {
		if k, ok := inv[r]; ok {
			if u, ok := us[k.code]; ok {
				out[i] = u[k.level]
			}
		}
	}
	return string(out)
}

type keyLevel struct {
	code  uint16
	level int
}

// inverse maps each character of l back to its key. Where two keys type the
// same character, the lower key code wins, so the result is stable.
func (l Layout) inverse() map[rune]keyLevel {
	codes := make([]uint16, 0, len(l.keys))
	for c := range l.keys {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	inv := make(map[rune]keyLevel, 2*len(codes))
	for _, c := range codes {
		for level, r := range l.keys[c] {
			if _, seen := inv[r]; !seen && !isKeypad(c) {
				inv[r] = keyLevel{c, level}
			}
		}
	}
	return inv
}

func isLetterKey(pair [2]rune) bool {
	return pair[0] != pair[1] && lower(pair[1]) == pair[0]
}

// lower is unicode.ToLower for the letters of these tables.
func lower(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + 'a' - 'A'
	case r >= 'А' && r <= 'Я':
		return r + 'а' - 'А'
	case r == 'Ё':
		return 'ё'
	}
	for _, p := range kazakhPairs {
		if r == p[1] {
			return p[0]
		}
	}
	return r
}

var kazakhPairs = [][2]rune{{'ә', 'Ә'}, {'і', 'І'}, {'ң', 'Ң'}, {'ғ', 'Ғ'}, {'ү', 'Ү'}, {'ұ', 'Ұ'}, {'қ', 'Қ'}, {'ө', 'Ө'}, {'һ', 'Һ'}}

func isKeypad(code uint16) bool {
	_, ok := keypad[code]
	return ok
}

// overlay is the US table with a layout's keys put over it, so keys a
// layout leaves alone (space, keypad) keep their US meaning.
func overlay(layer map[uint16][2]rune) map[uint16][2]rune {
	m := make(map[uint16][2]rune, len(us))
	for k, v := range us {
		m[k] = v
	}
	for k, v := range layer {
		m[k] = v
	}
	return m
}

// kazakhOnly are characters the Kazakh layout types and the Russian one
// does not: their presence tells the two hosts apart.
const kazakhOnly = "әіңғүұқөһӘІҢҒҮҰҚӨҺ"

// FromHostLayout undoes a Russian or Kazakh host layout on a code a US-layout
// scanner typed into the terminal: every code the kiosk reads is ASCII, so
// Cyrillic in a scanner burst means the terminal translated the keys with a
// Cyrillic layout ("ФЙ1Ж" for "AQ1:"). ASCII text is returned as it is. The
// Kazakh layout is recognised by its letters on the digit row.
func FromHostLayout(text string) string {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return text
	}
	name := "ru"
	if strings.ContainsAny(text, kazakhOnly) {
		name = "kk"
	}
	l, _ := Lookup(name)
	return l.ToUS(text)
}
