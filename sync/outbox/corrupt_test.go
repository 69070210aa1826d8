package outbox_test

import (
	"bytes"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/wire"
)

// filled makes an outbox with n pending events and closes it, returning its
// path and last seq.
func filled(t *testing.T, n int) (string, uint64) {
	t.Helper()
	o, path := openTemp(t, outbox.Options{})
	evs := make([]wire.Event, n)
	for i := range evs {
		evs[i] = testEvent(i)
	}
	if err := outbox.BulkAppend(o, evs); err != nil {
		t.Fatal(err)
	}
	last := mustStats(t, o).LastSeq
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	return path, last
}

func TestCorruptFileIsMovedAsideAndSeqContinues(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	garbage := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	cases := []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"garbage over meta pages", func(t *testing.T, path string) {
			writeAt(t, path, 0, garbage(8192))
		}},
		{"truncated", func(t *testing.T, path string) {
			fi, _ := os.Stat(path)
			if err := os.Truncate(path, fi.Size()*4/10); err != nil {
				t.Fatal(err)
			}
		}},
		{"garbage over data pages", func(t *testing.T, path string) {
			fi, _ := os.Stat(path)
			writeAt(t, path, 16384, garbage(int(fi.Size())/2))
		}},
		{"not an outbox", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte("hello, I am a text file"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path, lastSeq := filled(t, 3000)
			tc.damage(t, path)
			damaged, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			o := openAt(t, path, outbox.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			rec := o.Recovered()
			if rec == nil || rec.Cause == nil {
				t.Fatalf("damaged file opened without recovery: %+v", rec)
			}
			t.Logf("cause: %v", rec.Cause)
			if filepath.Dir(rec.MovedTo) != filepath.Dir(path) ||
				!strings.HasPrefix(filepath.Base(rec.MovedTo), "outbox.db.corrupt-") {
				t.Fatalf("moved to %q", rec.MovedTo)
			}
			kept, err := os.ReadFile(rec.MovedTo)
			if err != nil || !bytes.Equal(kept, damaged) {
				t.Fatalf("the damaged file was not kept as it was (read err %v)", err)
			}
			if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), rec.MovedTo) {
				t.Fatalf("no error log naming the moved file:\n%s", logs.String())
			}
			st := mustStats(t, o)
			if st.Pending != 0 {
				t.Fatalf("fresh outbox has %d pending", st.Pending)
			}
			// Numbering continues past anything the old file may have sent.
			ev := mustAppend(t, o, testEvent(1))
			if ev.Seq <= lastSeq || ev.Seq > lastSeq+outbox.SeqLeaseStep+1024 {
				t.Fatalf("first seq after recovery %d; old last seq %d", ev.Seq, lastSeq)
			}
			// The fresh file is a healthy outbox across a restart.
			o.Close()
			o2 := openAt(t, path, outbox.Options{})
			if o2.Recovered() != nil {
				t.Fatalf("fresh file reported corrupt again: %v", o2.Recovered().Cause)
			}
			if st := mustStats(t, o2); st.Pending != 1 || st.LastSeq != ev.Seq {
				t.Fatalf("after restart %+v", st)
			}
		})
	}
}

func TestSeqSidecarRebuiltWhenMissing(t *testing.T) {
	path, lastSeq := filled(t, 50)
	if err := os.Remove(path + ".seq"); err != nil {
		t.Fatal(err)
	}
	o := openAt(t, path, outbox.Options{})
	if ev := mustAppend(t, o, testEvent(1)); ev.Seq != lastSeq+1 {
		t.Fatalf("seq %d, want %d", ev.Seq, lastSeq+1)
	}
	o.Close()
	// Losing the outbox file now still does not restart numbering at 1.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	o2 := openAt(t, path, outbox.Options{})
	if ev := mustAppend(t, o2, testEvent(2)); ev.Seq <= lastSeq+1 {
		t.Fatalf("seq after losing the file %d, want > %d", ev.Seq, lastSeq+1)
	}
}

func TestDamagedSidecarFallsBackToOutbox(t *testing.T) {
	path, lastSeq := filled(t, 10)
	if err := os.WriteFile(path+".seq", []byte("junk"), 0o600); err != nil {
		t.Fatal(err)
	}
	o := openAt(t, path, outbox.Options{})
	if ev := mustAppend(t, o, testEvent(1)); ev.Seq != lastSeq+1 {
		t.Fatalf("seq %d, want %d", ev.Seq, lastSeq+1)
	}
}

func writeAt(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}
