package camera

import (
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner"
)

// TestEmitNeverBlocks: with nobody reading Scans, the decode loop must go on
// and drop scans beyond the buffer instead of hanging.
func TestEmitNeverBlocks(t *testing.T) {
	c := New(Config{})
	done := make(chan struct{})
	go func() {
		for range scanBuffer + 3 {
			c.emit(scanner.Scan{Payload: "x", Source: scanner.SourceCamera, At: time.Now()})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("emit blocked with nobody reading")
	}
	if st := c.Stats(); st.Scans != scanBuffer || st.ScansDropped != 3 {
		t.Fatalf("stats %+v, want %d delivered and 3 dropped", st, scanBuffer)
	}
}

func TestStatusIsLatestWins(t *testing.T) {
	c := New(Config{})
	c.report(scanner.CameraSearching, "", "a")
	c.report(scanner.CameraBusy, "", "b\x1b[31m")
	c.report(scanner.CameraBusy, "", "b\x1b[31m") // a repeat is not sent again
	st := <-c.Status()
	if st.State != scanner.CameraBusy || st.Detail != `b\x1b[31m` {
		t.Fatalf("status %+v, want the latest, busy, with its detail escaped", st)
	}
	select {
	case st := <-c.Status():
		t.Fatalf("second status %+v waiting; want only the latest", st)
	default:
	}
}
