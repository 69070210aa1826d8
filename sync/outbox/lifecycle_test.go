package outbox_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/wire"
)

// stallCommits makes the next commit wait until the returned release is
// called; entered is closed once that commit has started.
func stallCommits(o *outbox.Outbox) (entered <-chan struct{}, release func()) {
	in, gate := make(chan struct{}), make(chan struct{})
	first := true
	outbox.SetBeforeCommit(o, func() error {
		if first {
			first = false
			close(in)
			<-gate
		}
		return nil
	})
	return in, func() { close(gate) }
}

type result struct {
	ev  wire.Event
	err error
}

func appendAsync(o *outbox.Outbox, ctx context.Context, ev wire.Event) <-chan result {
	ch := make(chan result, 1)
	go func() {
		got, err := o.Append(ctx, ev)
		ch <- result{got, err}
	}()
	return ch
}

func TestAppendQueuedBehindACommitHonoursContext(t *testing.T) {
	o, _ := openTemp(t, outbox.Options{})
	entered, release := stallCommits(o)
	a := appendAsync(o, context.Background(), testEvent(1))
	<-entered
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	b := appendAsync(o, ctx, testEvent(2))
	if r := <-b; !errors.Is(r.err, context.DeadlineExceeded) {
		t.Fatalf("queued append with expired ctx: %+v", r)
	}
	release()
	if r := <-a; r.err != nil || r.ev.Seq != 1 {
		t.Fatalf("stalled append: %+v", r)
	}
	if next := mustAppend(t, o, testEvent(3)); next.Seq != 2 {
		t.Fatalf("seq %d after an abandoned append, want 2", next.Seq)
	}
	if st := mustStats(t, o); st.Pending != 2 {
		t.Fatalf("%d pending, want 2: the abandoned append must not be stored", st.Pending)
	}
}

func TestCloseDuringCommitFinishesItAndRefusesTheQueue(t *testing.T) {
	o, path := openTemp(t, outbox.Options{})
	entered, release := stallCommits(o)
	a := appendAsync(o, context.Background(), testEvent(1))
	<-entered
	b := appendAsync(o, context.Background(), testEvent(2))
	closed := make(chan error, 1)
	go func() { closed <- o.Close() }()
	if r := <-b; !errors.Is(r.err, outbox.ErrClosed) {
		t.Fatalf("append queued at close: %+v, want ErrClosed", r)
	}
	release()
	if r := <-a; r.err != nil || r.ev.Seq != 1 {
		t.Fatalf("append in the commit at close: %+v, want stored", r)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	o2 := openAt(t, path, outbox.Options{})
	pending, _ := o2.Pending(0)
	if len(pending) != 1 || pending[0].Seq != 1 {
		t.Fatalf("after reopen %+v, want only the committed event", pending)
	}
}
