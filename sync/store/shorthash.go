package store

import "encoding/hex"

// ShortHash is the first 6 bytes of a hash in hex, the part of a secret's
// hash that public ids (credentials, sessions) show. Twelve decimal digits
// in a row read as an IIN, and every screen, page and log masks them
// (iin.Redact), so an operator would see "d-••••••••5839" for the id to
// revoke. One hash in about 280 gives twelve decimal digits; its first
// digit becomes the letter that many places past 'f' ('0' is 'g', '9' is
// 'p'), which no other id holds, so ids stay distinct and stable.
func ShortHash(h []byte) string {
	s := []byte(hex.EncodeToString(h[:6]))
	for _, c := range s {
		if c > '9' {
			return string(s)
		}
	}
	s[0] = 'g' + (s[0] - '0')
	return string(s)
}
