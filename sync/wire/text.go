package wire

import (
	"fmt"
	"reflect"
	"strings"
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
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := jsonName(f)
			if name == "-" {
				continue
			}
			if sub, p := checkValue(v.Field(i), depth+1); p != "" {
				if f.Anonymous && f.Tag.Get("json") == "" {
					return sub, p // an embedded struct's fields are the outer's
				}
				return "." + name + sub, p
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
