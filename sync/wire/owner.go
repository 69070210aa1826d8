package wire

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// CheckIn is what a kiosk tells the upstream about itself when it asks for
// its settings (POST /v1/checkin, about every half minute): its venue's
// owner sees it on their page.
type CheckIn struct {
	Device string `json:"device"`
	Door   string `json:"door"`
	// Mode and Policy are what the kiosk works with now, after the
	// precedence of its own settings and the upstream's (docs/owner.md).
	Mode   string `json:"mode"`
	Policy string `json:"policy,omitempty"`
	// Capacity is the limit the door enforces now (0: none).
	Capacity int `json:"capacity,omitempty"`
	// Pending records wait in the kiosk's outbox, the oldest scanned at
	// OldestPending.
	Pending       int       `json:"pending"`
	OldestPending time.Time `json:"oldest_pending,omitzero"`
	// OfflineSince is when the kiosk lost the upstream, while its outage
	// lasts by its own account (lookups fail while this gets through).
	OfflineSince time.Time `json:"offline_since,omitzero"`
	Version      string    `json:"version,omitempty"`
	// SetMode is a mode the owner chose in the kiosk's own menu, at SetAt,
	// that no check-in has carried yet: the upstream keeps it unless a
	// newer change was made on the owner's page (docs/owner.md).
	SetMode string    `json:"set_mode,omitempty"`
	SetAt   time.Time `json:"set_at,omitzero"`
}

// DeviceSettings is what the upstream holds for one kiosk: the answer to
// POST /v1/checkin. An empty Mode or OfflinePolicy was not set upstream:
// the kiosk's own configuration applies (docs/owner.md, "Who decides").
type DeviceSettings struct {
	Venue  string `json:"venue"`
	Device string `json:"device"`
	// Mode is the door's mode the owner set: "entrance", "exit" or "".
	Mode string `json:"mode,omitempty"`
	// OfflinePolicy is the venue's: "ask", "refuse", "admit" or "".
	OfflinePolicy string `json:"offline_policy,omitempty"`
	// The venue's limits, as PUT /v1/venues/{venue}/limits sets them.
	Capacity          int       `json:"capacity"`
	ClosingTime       string    `json:"closing_time,omitempty"`
	MaxStayMinutes    int       `json:"max_stay_minutes,omitempty"`
	TimeZone          string    `json:"time_zone,omitempty"`
	RequireVenueProof bool      `json:"require_venue_proof,omitempty"`
	AsOf              time.Time `json:"as_of"`
}

// Enrolment of a new kiosk by a one-time code (POST /v1/enrol). The code is
// KioskCodeLen characters of Crockford's base32 alphabet (no I, L, O, U:
// nothing to misread), shown to people in groups of four
// ("K7QF-M2XD-9RTA"), and in a QR code as KioskEnrolPrefix, the code, ":" and
// the upstream's address, so that a blank kiosk needs nothing else.
const (
	KioskEnrolPrefix  = "AQE1:"
	KioskCodeLen      = 12
	KioskCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	// MaxKioskEnrolPayload bounds an enrolment QR code's text.
	MaxKioskEnrolPayload = 512
)

// KioskEnrolRequest redeems an enrolment code.
type KioskEnrolRequest struct {
	Code    string `json:"code"`
	Version string `json:"version,omitempty"` // the kiosk's, for the owner's page
}

// KioskEnrolResponse is what a redeemed code gives the new kiosk: who it is and
// its device token, which it keeps (0600) and never shows.
type KioskEnrolResponse struct {
	Venue  string `json:"venue"`
	Device string `json:"device"`
	Door   string `json:"door"`
	Mode   string `json:"mode"`
	Token  string `json:"token"`
}

// NormalizeKioskCode reads a code as a person may type it: any case,
// hyphens and spaces anywhere, O for 0 and I or L for 1. It returns the
// code in its canonical form, or an error that says what is wrong.
func NormalizeKioskCode(s string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if !strings.ContainsRune(KioskCodeAlphabet, r) {
			return "", fmt.Errorf("an enrolment code has only digits and the letters A-Z without U, not %q", r)
		}
		if b.Len() >= KioskCodeLen {
			return "", fmt.Errorf("an enrolment code has %d characters; this has more", KioskCodeLen)
		}
		b.WriteRune(r)
	}
	if b.Len() != KioskCodeLen {
		return "", fmt.Errorf("an enrolment code has %d characters; this has %d", KioskCodeLen, b.Len())
	}
	return b.String(), nil
}

// GroupKioskCode writes a canonical code as people read it: K7QF-M2XD-9RTA.
func GroupKioskCode(code string) string {
	var parts []string
	for i := 0; i < len(code); i += 4 {
		parts = append(parts, code[i:min(i+4, len(code))])
	}
	return strings.Join(parts, "-")
}

// KioskEnrolPayload is the QR code's text for a code and the upstream's base
// address.
func KioskEnrolPayload(code, upstream string) string {
	return KioskEnrolPrefix + code + ":" + upstream
}

// ParseKioskEnrolPayload reads a scanned or typed enrolment code: a QR code's
// text (AQE1:CODE:URL) gives the code and the upstream's address; a code on
// its own gives the code and "".
func ParseKioskEnrolPayload(s string) (code, upstream string, err error) {
	s = strings.TrimSpace(s)
	if len(s) > MaxKioskEnrolPayload {
		return "", "", errors.New("this is too long to be an enrolment code")
	}
	rest, ok := cutPrefixFold(s, KioskEnrolPrefix)
	if !ok {
		code, err = NormalizeKioskCode(s)
		return code, "", err
	}
	raw, addr, found := strings.Cut(rest, ":")
	if code, err = NormalizeKioskCode(raw); err != nil {
		return "", "", err
	}
	if !found || addr == "" {
		return code, "", nil
	}
	u, err := url.Parse(addr)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", "", fmt.Errorf("the enrolment code's upstream address %q is not an http(s) URL", clipText(addr, 80))
	}
	return code, addr, nil
}

// IsKioskEnrolPayload reports whether a scan is an enrolment code's QR code.
func IsKioskEnrolPayload(s string) bool {
	_, ok := cutPrefixFold(strings.TrimSpace(s), KioskEnrolPrefix)
	return ok
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

func clipText(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
