package keymap

import "testing"

// typeKeys presses codes in layout l; a negative code means "with shift".
func typeKeys(l Layout, codes ...int) string {
	var out []rune
	for _, c := range codes {
		shift := c < 0
		if shift {
			c = -c
		}
		if r, ok := l.Translate(uint16(c), shift, false); ok {
			out = append(out, r)
		}
	}
	return string(out)
}

func TestTranslate(t *testing.T) {
	ru, _ := Lookup("ru")
	kk, _ := Lookup("kk")
	tests := []struct {
		name  string
		l     Layout
		codes []int
		want  string
	}{
		// "AQ1:" as a US scanner types it: shift+a shift+q 1 shift+;
		{"us pass prefix", US(), []int{-30, -16, 2, -39}, "AQ1:"},
		{"us digits row", US(), []int{10, 11, 11, 2, 11, 2, 4, 11, 11, 11, 2, 8}, "900101300017"},
		// In Russian mode ':' is shift+6 and letters fall back to their US keys.
		{"ru pass prefix", ru, []int{-30, -16, 2, -7}, "AQ1:"},
		{"ru digits row", ru, []int{2, 3, 4}, "123"},
		{"ru shifted digits", ru, []int{-2, -5, -6, -8}, "!;%?"},
		// Kazakh mode: digits on the keypad; ':' is shift+7.
		{"kk keypad digits", kk, []int{73, 82, 82, 79, 82, 79, 81, 82, 82, 82, 79, 71}, "900101300017"},
		{"kk colon", kk, []int{-8}, ":"},
		{"kk letter falls back", kk, []int{-30, -16}, "AQ"},
		{"us keypad", US(), []int{79, 80, 83, 74}, "12.-"},
		{"modifier types nothing", US(), []int{42, 29, 56, 1}, ""},
	}
	for _, tt := range tests {
		if got := typeKeys(tt.l, tt.codes...); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCapsLock(t *testing.T) {
	if r, _ := US().Translate(30, false, true); r != 'A' {
		t.Errorf("caps+a = %q", r)
	}
	if r, _ := US().Translate(30, true, true); r != 'a' {
		t.Errorf("caps+shift+a = %q", r)
	}
	if r, _ := US().Translate(2, false, true); r != '1' {
		t.Errorf("caps+1 = %q: caps lock shifts letters only", r)
	}
}

// TestToUS: a US-layout scanner on a host whose terminal types Russian or
// Kazakh; the text the terminal delivered is turned back into what was
// scanned.
func TestToUS(t *testing.T) {
	ru, _ := Lookup("ru")
	kk, _ := Lookup("kk")
	tests := []struct {
		l        Layout
		in, want string
	}{
		{ru, "ФЙ1Ж", "AQ1:"},
		{ru, "900101300017", "900101300017"},
		{kk, `ұққ"қ"іқққ".`, "900101300017"},
		{kk, "ФЙ!Ж", "AQ!:"},
		{US(), "ФЙ", "ФЙ"},
	}
	for _, tt := range tests {
		if got := tt.l.ToUS(tt.in); got != tt.want {
			t.Errorf("%s.ToUS(%q) = %q, want %q", tt.l.Name(), tt.in, got, tt.want)
		}
	}
}

func TestLookup(t *testing.T) {
	for _, n := range Names() {
		l, ok := Lookup(n)
		if !ok || l.Name() != n {
			t.Errorf("Lookup(%q) = %v, %v", n, l.Name(), ok)
		}
	}
	if _, ok := Lookup("de"); ok {
		t.Error("Lookup(de) succeeded")
	}
}

func TestFromHostLayout(t *testing.T) {
	tests := []struct{ in, want string }{
		{"900101300017", "900101300017"},             // ASCII: left alone
		{"ФЙ1Ж6ИА-ЩЧТ%ЕЫ3ВР", "AQ1:6BF-OXN%TS3DH"},   // Russian host
		{`ұққ"қ"іқққ".`, "900101300017"},             // Kazakh host: no digits on the main row
		{"ФЙ!Ж", "AQ!:"},                             // only letters shared by ru and kk, read as ru
		{`ШВЛФЯқ"әіңғ,.үұқ"ә`, "IDKAZ0123456789012"}, // Kazakh host, MRZ start
	}
	for _, tt := range tests {
		if got := FromHostLayout(tt.in); got != tt.want {
			t.Errorf("FromHostLayout(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
