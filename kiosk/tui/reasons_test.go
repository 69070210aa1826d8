package tui

import (
	"testing"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/scanner"
)

// TestEveryRefusalHasItsOwnMessage: each kind of unusable code a scanner
// can deliver gets its specific message, translated in every language.
func TestEveryRefusalHasItsOwnMessage(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want i18n.Key
	}{
		{"venue code", classifyErr(scanner.Scan{Payload: "AQV1:demo-cafe/main/entrance"}), i18n.ReasonVenue},
		{"venue link", classifyErr(scanner.Scan{Payload: "https://ashyq.kz/venue/1"}), i18n.ReasonVenue},
		{"cut off", classifyErr(scanner.Scan{Cut: true}), i18n.ReasonCutOff},
		{"foreign ID card", classifyErr(scanner.Scan{Payload: "IDUZB0123456784900101300017<<<"}), i18n.ReasonIDCardForeign},
		{"ID card unread", classifyErr(scanner.Scan{Payload: "IDKAZ0123456785900101300017<<<"}), i18n.ReasonIDCardUnread},
		{"unsupported", classifyErr(scanner.Scan{Payload: "hello world"}), i18n.ReasonUnsupported},
	}
	for _, tt := range tests {
		if got := payloadReason(tt.err); got != tt.want {
			t.Errorf("%s (%v): message %s, want %s", tt.name, tt.err, got, tt.want)
		}
		en := i18n.For("en").T(tt.want)
		for _, lang := range []string{"ru", "kk"} {
			if got := i18n.For(lang).T(tt.want); got == en {
				t.Errorf("%s %s is the English text %q", lang, tt.want, got)
			}
		}
	}
}

func classifyErr(s scanner.Scan) error {
	_, err := scanner.ClassifyScan(s)
	return err
}
