package outbox_test

import (
	"testing"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/wire"
)

// TestRetryAndForgetDeadLetters: a retried dead letter is waiting again
// under its own sequence number; a forgotten one is gone; the counts and
// the file's full check at the next Open agree.
func TestRetryAndForgetDeadLetters(t *testing.T) {
	o, path := openTemp(t, outbox.Options{})
	var evs []wire.Event
	for i := 1; i <= 4; i++ {
		evs = append(evs, mustAppend(t, o, testEvent(i)))
	}
	if err := o.DeadLetter([]wire.Rejection{{ID: evs[1].ID, Error: "bad"}, {ID: evs[2].ID, Error: "worse"}}); err != nil {
		t.Fatal(err)
	}
	if n, err := o.Retry([]string{evs[1].ID, evs[0].ID, "nope"}); err != nil || n != 1 {
		t.Fatalf("Retry = %d, %v; want 1 (a pending id and an unknown one are ignored)", n, err)
	}
	if n, err := o.Forget([]string{evs[2].ID, evs[1].ID}); err != nil || n != 1 {
		t.Fatalf("Forget = %d, %v; want 1", n, err)
	}
	st := mustStats(t, o)
	if st.Pending != 3 || st.DeadLetters != 0 {
		t.Errorf("stats %+v, want 3 pending, no dead letters", st)
	}
	pending, err := o.Pending(0)
	if err != nil || len(pending) != 3 || pending[1].ID != evs[1].ID || pending[1].Seq != evs[1].Seq {
		t.Errorf("pending %+v %v: the retried event is not back in its place", pending, err)
	}
	o.Close()
	o2 := openAt(t, path, outbox.Options{})
	if o2.Recovered() != nil {
		t.Fatalf("the full check at reopen found the file inconsistent: %v", o2.Recovered().Cause)
	}
}
