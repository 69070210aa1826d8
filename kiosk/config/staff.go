package config

import (
	"strings"

	"github.com/ashyq/kiosk/kiosk/i18n"
)

// Override lets door staff let in a person the door refused or could not
// check (F3 on the result screen): a staff code, then a reason from a
// short list, recorded as an override event with the staff member's name.
type Override struct {
	// Codes are "name:code" pairs: the name (1 to 64 letters, digits, '-',
	// '_' or '.') is recorded with each override, the code (4 to 8 digits)
	// is never written anywhere. The owner PIN works too, as "owner".
	// Empty, with no owner PIN: nobody can override.
	Codes []string `toml:"codes"`
}

// StaffCode is one parsed override.codes entry.
type StaffCode struct {
	Name, Code string
}

// String never shows the codes, so printing a Config (%+v) cannot leak
// them.
func (o Override) String() string {
	return "{codes:" + map[bool]string{true: "set", false: "none"}[len(o.Codes) > 0] + "}"
}

// OwnerStaffName is the name an override made with the owner PIN records.
const OwnerStaffName = "owner"

// StaffCodes are the codes that may override: override.codes, then the
// owner PIN as "owner". Entries that do not parse are left out (Validate
// names them).
func (c Config) StaffCodes() []StaffCode {
	var out []StaffCode
	for _, kv := range c.Override.Codes {
		if name, code, ok := strings.Cut(kv, ":"); ok && validName(name) && validPIN(code) {
			out = append(out, StaffCode{Name: name, Code: code})
		}
	}
	if c.Owner.PIN != "" {
		out = append(out, StaffCode{Name: OwnerStaffName, Code: c.Owner.PIN})
	}
	return out
}

// validName: 1 to 64 letters, digits, '-', '_' or '.'; letters may be any
// language's, as staff are named in Kazakh or Russian too.
func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' ||
			r >= 'А' && r <= 'я' || strings.ContainsRune("ЁёӘәҒғҚқҢңӨөҰұҮүҺһІі", r)) {
			return false
		}
	}
	return true
}

// validateOverride checks override.codes. The codes themselves are never
// quoted: error messages end up in logs.
func (c Config) validateOverride(bad func(key string, k i18n.Key, args ...any)) {
	seen := map[string]int{}
	names := map[string]bool{}
	if c.Owner.PIN != "" {
		seen[c.Owner.PIN] = -1
		names[OwnerStaffName] = true
	}
	for i, kv := range c.Override.Codes {
		name, code, ok := strings.Cut(kv, ":")
		switch {
		case !ok:
			bad("override.codes", i18n.CfgCodeNotPair, i+1)
		case !validName(name):
			bad("override.codes", i18n.CfgCodeName, i+1)
		case !validPIN(code):
			bad("override.codes", i18n.CfgCodeDigits, i+1, name)
		case names[name]:
			bad("override.codes", i18n.CfgCodeNameTwice, i+1, name)
		default:
			if j, dup := seen[code]; dup {
				if j < 0 {
					bad("override.codes", i18n.CfgCodeIsPIN, i+1, name)
				} else {
					bad("override.codes", i18n.CfgCodeSame, j+1, i+1)
				}
			}
			seen[code], names[name] = i, true
		}
	}
}
