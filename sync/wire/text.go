package wire

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"
)

// TextProblem says why s cannot be kept as text, or "" when it can: bytes
// that are not UTF-8, or a NUL (PostgreSQL refuses both in text, bbolt keeps
// them, and a Prometheus label of either breaks a scrape). Every string a
// client sends is checked against it before it is used, so both stores give
// the same answer.
func TextProblem(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	case strings.IndexByte(s, 0) >= 0:
		return "contains a NUL character"
	}
	return ""
}

// maxTextDepth bounds how deep CheckTexts follows nested values.
const maxTextDepth = 16

// CheckTexts walks v (structs by their JSON field names, slices, arrays,
// maps with their keys, pointers and interfaces) and returns the path of the
// first string TextProblem refuses ("events[3].door", "labels[…]") and the
// problem, or "", "" when every string is fine. prefix starts the path.
// Byte slices are data, not text, and are skipped.
func CheckTexts(prefix string, v any) (field, problem string) {
	sub, problem := checkValue(reflect.ValueOf(v), 0)
	if problem == "" {
		return "", ""
	}
	if prefix == "" {
		sub = strings.TrimPrefix(sub, ".") // a field of v itself: no dot before it
	}
	return prefix + sub, problem
}

// checkValue returns the first problem below v and its path from v (".door",
// "[3].door", " key", "[…]"), built only when there is a problem: every
// request's strings pass through here.
func checkValue(v reflect.Value, depth int) (sub, problem string) {
	if !v.IsValid() || depth > maxTextDepth {
		return "", ""
	}
	switch v.Kind() {
	case reflect.String:
		return "", TextProblem(v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return checkValue(v.Elem(), depth+1)
		}
	case reflect.Struct:
		for _, f := range textFieldsOf(v.Type()) {
			if sub, p := checkValue(v.Field(f.index), depth+1); p != "" {
				if f.flat {
					return sub, p // an embedded struct's fields are the outer's
				}
				return "." + f.name + sub, p
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return "", "" // []byte: data
		}
		for i := range v.Len() {
			if sub, p := checkValue(v.Index(i), depth+1); p != "" {
				return fmt.Sprintf("[%d]", i) + sub, p
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key()
			if k.Kind() == reflect.String {
				if p := TextProblem(k.String()); p != "" {
					return " key", p
				}
			}
			// A key is the client's data: the path never quotes it.
			if sub, p := checkValue(iter.Value(), depth+1); p != "" {
				return "[…]" + sub, p
			}
		}
	}
	return "", ""
}

// jsonName is a struct field's name in JSON.
func jsonName(f reflect.StructField) string {
	tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if tag != "" {
		return tag
	}
	return f.Name
}

// textField is a struct field CheckTexts looks into: exported, not "-" in
// JSON, and of a type that can hold a string.
type textField struct {
	index int
	name  string // its JSON name
	flat  bool   // embedded without a JSON name: its fields are the outer's
}

// textFields caches textFieldsOf by type: every request's values pass
// through CheckTexts, and reading a struct's fields and tags by reflection
// each time cost more than checking the strings.
var textFields sync.Map // reflect.Type -> []textField

// textFieldsOf lists the fields of struct type t that CheckTexts checks.
func textFieldsOf(t reflect.Type) []textField {
	if fs, ok := textFields.Load(t); ok {
		return fs.([]textField)
	}
	var fs []textField
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || !mayHoldText(f.Type, map[reflect.Type]bool{}) {
			continue
		}
		name := jsonName(f)
		if name == "-" {
			continue
		}
		fs = append(fs, textField{index: i, name: name, flat: f.Anonymous && f.Tag.Get("json") == ""})
	}
	textFields.Store(t, fs)
	return fs
}

// mayHoldText says whether a value of type t can hold a string CheckTexts
// would check (time.Time, numbers and []byte cannot). seen holds the
// struct types being looked into, so a type that refers to itself ends.
func mayHoldText(t reflect.Type, seen map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.String, reflect.Interface, reflect.Map:
		return true
	case reflect.Pointer:
		return mayHoldText(t.Elem(), seen)
	case reflect.Slice, reflect.Array:
		return t.Elem().Kind() != reflect.Uint8 && mayHoldText(t.Elem(), seen)
	case reflect.Struct:
		if seen[t] {
			return true
		}
		seen[t] = true
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && mayHoldText(f.Type, seen) {
				return true
			}
		}
	}
	return false
}
