package keymap

// Key code -> {without shift, with shift}. Codes from linux/input-event-codes.h;
// the xkb key names of xkb-data's symbols files are in the comments.

// us is symbols/us(basic), plus the keypad with num lock on.
var us = func() map[uint16][2]rune {
	m := map[uint16][2]rune{
		41: {'`', '~'}, // TLDE
		2:  {'1', '!'}, 3: {'2', '@'}, 4: {'3', '#'}, 5: {'4', '$'}, 6: {'5', '%'},
		7: {'6', '^'}, 8: {'7', '&'}, 9: {'8', '*'}, 10: {'9', '('}, 11: {'0', ')'},
		12: {'-', '_'}, 13: {'=', '+'}, // AE11, AE12
		26: {'[', '{'}, 27: {']', '}'}, // AD11, AD12
		39: {';', ':'}, 40: {'\'', '"'}, // AC10, AC11
		43: {'\\', '|'},                                // BKSL
		51: {',', '<'}, 52: {'.', '>'}, 53: {'/', '?'}, // AB08..AB10
		86: {'\\', '|'}, // LSGT, the extra key of 102-key keyboards
		57: {' ', ' '},
	}
	letters := func(first uint16, s string) {
		for i, r := range s {
			m[first+uint16(i)] = [2]rune{r, r - 'a' + 'A'}
		}
	}
	letters(16, "qwertyuiop") // AD01..AD10
	letters(30, "asdfghjkl")  // AC01..AC09
	letters(44, "zxcvbnm")    // AB01..AB07
	for k, v := range keypad {
		m[k] = v
	}
	return m
}()

// keypad is the numeric keypad with num lock on; it is the same in every
// layout here (ru's decimal key types a comma there, which no code needs).
var keypad = map[uint16][2]rune{
	71: {'7', '7'}, 72: {'8', '8'}, 73: {'9', '9'}, 74: {'-', '-'},
	75: {'4', '4'}, 76: {'5', '5'}, 77: {'6', '6'}, 78: {'+', '+'},
	79: {'1', '1'}, 80: {'2', '2'}, 81: {'3', '3'}, 82: {'0', '0'},
	83: {'.', '.'}, 55: {'*', '*'}, 98: {'/', '/'},
}

// cyrillicLetters are the letter keys ru and kk share (ЙЦУКЕН).
func cyrillicLetters(m map[uint16][2]rune) map[uint16][2]rune {
	put := func(first uint16, lowerCase, upperCase string) {
		lo, up := []rune(lowerCase), []rune(upperCase)
		for i := range lo {
			m[first+uint16(i)] = [2]rune{lo[i], up[i]}
		}
	}
	put(16, "йцукенгшщзхъ", "ЙЦУКЕНГШЩЗХЪ") // AD01..AD12
	put(30, "фывапролджэ", "ФЫВАПРОЛДЖЭ")   // AC01..AC11
	put(44, "ячсмитьбю", "ЯЧСМИТЬБЮ")       // AB01..AB09
	return m
}

// ru is symbols/ru(winkeys), the Windows Russian layout.
var ru = cyrillicLetters(map[uint16][2]rune{
	41: {'ё', 'Ё'},
	2:  {'1', '!'}, 3: {'2', '"'}, 4: {'3', '№'}, 5: {'4', ';'}, 6: {'5', '%'},
	7: {'6', ':'}, 8: {'7', '?'}, 9: {'8', '*'}, 10: {'9', '('}, 11: {'0', ')'},
	12: {'-', '_'}, 13: {'=', '+'},
	43: {'\\', '/'}, 53: {'.', ','}, 86: {'/', '|'},
})

// kk is symbols/kz(basic), the Kazakh layout (RST KazSSR 903-90): Kazakh
// letters where the digits are, so a scanner set to it types digits on the
// keypad.
var kk = cyrillicLetters(map[uint16][2]rune{
	41: {'(', ')'},
	2:  {'"', '!'}, 3: {'ә', 'Ә'}, 4: {'і', 'І'}, 5: {'ң', 'Ң'}, 6: {'ғ', 'Ғ'},
	7: {',', ';'}, 8: {'.', ':'}, 9: {'ү', 'Ү'}, 10: {'ұ', 'Ұ'}, 11: {'қ', 'Қ'},
	12: {'ө', 'Ө'}, 13: {'һ', 'Һ'},
	43: {'\\', '/'}, 53: {'№', '?'}, 86: {'<', '>'},
})
