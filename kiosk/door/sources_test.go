package door_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/wire"
)

// TestEverySourceSameJudgement: a serial ID-card reader's MRZ, a grabbed
// HID scanner's IIN and a camera's code are judged by the same rules; a
// pass, a venue code and a cut-off scan are refused with their own reason
// and record nothing.
func TestEverySourceSameJudgement(t *testing.T) {
	r := newRig(t)
	e := r.engine(t, door.Entrance, door.PolicyAdmit, nil)
	mrz := "IDKAZ0123456784900101300017<<<\r9001011M3001019KAZ<<<<<<<<<<<6\rZHUMABEKOV<<ARMAN<<<<<<<<<<<<<"
	for _, s := range []scanner.Scan{
		{Payload: mrz, Source: scanner.SourceSerial, Device: "/dev/ttyACM0", At: time.Now()},
		{Payload: "900101300017", Source: scanner.SourceHID, Device: "/dev/input/by-id/usb-Scanner-event-kbd", At: time.Now()},
	} {
		v, err := e.Handle(context.Background(), s)
		if err != nil {
			t.Fatalf("%s: %v", s.Source, err)
		}
		if v.Status != wire.Green || v.MaskedIIN != "••••••••0017" || v.Input != s.Source {
			t.Errorf("%s: verdict %+v", s.Source, v)
		}
	}
	refusals := []struct {
		s    scanner.Scan
		want error
	}{
		{scanner.Scan{Payload: "AQ1:6BFOXN%TS3DH", Source: scanner.SourceCamera}, door.ErrNoPassKeys},
		{scanner.Scan{Payload: "AQV1:demo-cafe/main/entrance", Source: scanner.SourceCamera}, scanner.ErrVenueCode},
		{scanner.Scan{Source: scanner.SourceHID, Cut: true}, scanner.ErrCutOff},
	}
	for _, tt := range refusals {
		_, err := e.Handle(context.Background(), tt.s)
		var pe *scanner.PayloadError
		if !errors.As(err, &pe) || !errors.Is(err, tt.want) {
			t.Errorf("%+v: %v, want %v", tt.s, err, tt.want)
		}
	}
	if st, _ := r.ob.Stats(); st.LastSeq != 2 {
		t.Errorf("outbox holds %d events, want the 2 valid scans", st.LastSeq)
	}
}
