package outbox_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/wire"
)

func TestAppendAssignsIDAndSeqAndRoundTrips(t *testing.T) {
	o, _ := openTemp(t, outbox.Options{})
	in := testEvent(1)
	in.Kind = wire.Refusal
	in.Status = wire.Red
	in.Reason = "status red"
	got := mustAppend(t, o, in)
	u, err := uuid.Parse(got.ID)
	if err != nil || u.Version() != 7 {
		t.Fatalf("id %q: want a UUIDv7 (parse err %v)", got.ID, err)
	}
	if got.Seq != 1 {
		t.Fatalf("seq = %d, want 1", got.Seq)
	}
	// A caller-chosen id that is not a UUID is kept as it is.
	custom := testEvent(2)
	custom.ID = "pretix-nonce-42"
	if got2 := mustAppend(t, o, custom); got2.ID != "pretix-nonce-42" || got2.Seq != 2 {
		t.Fatalf("custom id event stored as id %q seq %d", got2.ID, got2.Seq)
	}
	pending, err := o.Pending(10)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 2 {
		t.Fatalf("pending has %d events, want 2", len(pending))
	}
	want := in
	want.ID, want.Seq = got.ID, 1
	if !reflect.DeepEqual(pending[0], want) {
		t.Fatalf("stored event differs:\n got %+v\nwant %+v", pending[0], want)
	}
	if pending[1].ID != "pretix-nonce-42" {
		t.Fatalf("second pending id %q", pending[1].ID)
	}
}

func TestPendingOldestFirstWithLimit(t *testing.T) {
	o, _ := openTemp(t, outbox.Options{})
	for i := range 10 {
		mustAppend(t, o, testEvent(i))
	}
	got, err := o.Pending(4)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(seqs(got), []uint64{1, 2, 3, 4}) {
		t.Fatalf("Pending(4) seqs %v", seqs(got))
	}
	all, _ := o.Pending(0)
	if len(all) != 10 {
		t.Fatalf("Pending(0) returned %d, want all 10", len(all))
	}
	st := mustStats(t, o)
	if st.Pending != 10 || st.LastSeq != 10 || !st.OldestPending.Equal(testEvent(0).ScannedAt) {
		t.Fatalf("stats %+v", st)
	}
}

func TestAckMovesToSyncedAndIsIdempotent(t *testing.T) {
	clk := newClock()
	o, _ := openTemp(t, outbox.Options{Now: clk.Now})
	var evs []wire.Event
	for i := range 5 {
		evs = append(evs, mustAppend(t, o, testEvent(i)))
	}
	if err := o.Ack([]string{evs[0].ID, evs[2].ID, "no-such-id"}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	// Again, plus one more: the repeat changes nothing.
	if err := o.Ack([]string{evs[0].ID, evs[2].ID, evs[4].ID}); err != nil {
		t.Fatal(err)
	}
	if err := o.Ack([]string{evs[0].ID}); err != nil {
		t.Fatal(err)
	}
	pending, _ := o.Pending(0)
	if !reflect.DeepEqual(seqs(pending), []uint64{2, 4}) {
		t.Fatalf("pending seqs after acks %v, want [2 4]", seqs(pending))
	}
	st := mustStats(t, o)
	if st.Pending != 2 || st.Synced != 3 {
		t.Fatalf("stats pending %d synced %d, want 2 and 3", st.Pending, st.Synced)
	}
	if !st.LastAck.Equal(clk.Now()) {
		t.Fatalf("last ack %v, want %v", st.LastAck, clk.Now())
	}
	if !st.OldestPending.Equal(evs[1].ScannedAt) {
		t.Fatalf("oldest pending %v, want %v", st.OldestPending, evs[1].ScannedAt)
	}
}

func TestAppendSameIDTwiceStoresOnce(t *testing.T) {
	o, _ := openTemp(t, outbox.Options{})
	first := mustAppend(t, o, testEvent(1))
	retry := testEvent(1)
	retry.ID = first.ID
	again := mustAppend(t, o, retry)
	if again.Seq != first.Seq {
		t.Fatalf("re-appended id got seq %d, want the stored %d", again.Seq, first.Seq)
	}
	if err := o.Ack([]string{first.ID}); err != nil {
		t.Fatal(err)
	}
	// Still known while acknowledged: no second record, no new seq.
	if again := mustAppend(t, o, retry); again.Seq != first.Seq {
		t.Fatalf("re-appended acked id got seq %d, want %d", again.Seq, first.Seq)
	}
	st := mustStats(t, o)
	if st.LastSeq != 1 || st.Pending != 0 || st.Synced != 1 {
		t.Fatalf("stats %+v, want one event, acknowledged", st)
	}
}

func TestDeadLetter(t *testing.T) {
	clk := newClock()
	o, _ := openTemp(t, outbox.Options{Now: clk.Now})
	a := mustAppend(t, o, testEvent(1))
	b := mustAppend(t, o, testEvent(2))
	err := o.DeadLetter([]wire.Rejection{{ID: a.ID, Error: "iin must have 12 digits"}, {ID: "unknown", Error: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	// A dead letter is no longer pending, and an Ack for it is ignored.
	if err := o.Ack([]string{a.ID}); err != nil {
		t.Fatal(err)
	}
	dl, err := o.DeadLetters(10)
	if err != nil {
		t.Fatal(err)
	}
	if len(dl) != 1 || dl[0].Event.ID != a.ID || dl[0].Event.Seq != 1 ||
		dl[0].Error != "iin must have 12 digits" || !dl[0].At.Equal(clk.Now()) {
		t.Fatalf("dead letters %+v", dl)
	}
	pending, _ := o.Pending(0)
	if !reflect.DeepEqual(ids(pending), []string{b.ID}) {
		t.Fatalf("pending %v, want only %s", ids(pending), b.ID)
	}
	st := mustStats(t, o)
	if st.DeadLetters != 1 || st.Pending != 1 || st.Synced != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestRestartKeepsPendingAndContinuesSeq(t *testing.T) {
	clk := newClock()
	o, path := openTemp(t, outbox.Options{Now: clk.Now})
	var evs []wire.Event
	for i := range 6 {
		evs = append(evs, mustAppend(t, o, testEvent(i)))
	}
	if err := o.Ack([]string{evs[0].ID, evs[1].ID}); err != nil {
		t.Fatal(err)
	}
	if err := o.DeadLetter([]wire.Rejection{{ID: evs[2].ID, Error: "bad"}}); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}

	o2 := openAt(t, path, outbox.Options{Now: clk.Now})
	if o2.Recovered() != nil {
		t.Fatalf("clean file reported as recovered: %+v", o2.Recovered())
	}
	st := mustStats(t, o2)
	if st.Pending != 3 || st.Synced != 2 || st.DeadLetters != 1 || st.LastSeq != 6 || !st.LastAck.Equal(clk.Now()) {
		t.Fatalf("stats after restart %+v", st)
	}
	if !st.OldestPending.Equal(evs[3].ScannedAt) {
		t.Fatalf("oldest pending %v, want %v", st.OldestPending, evs[3].ScannedAt)
	}
	next := mustAppend(t, o2, testEvent(7))
	if next.Seq != 7 {
		t.Fatalf("seq after restart %d, want 7", next.Seq)
	}
	pending, _ := o2.Pending(0)
	if !reflect.DeepEqual(seqs(pending), []uint64{4, 5, 6, 7}) {
		t.Fatalf("pending seqs %v", seqs(pending))
	}
}

func TestClosedOutboxReturnsErrClosed(t *testing.T) {
	o, _ := openTemp(t, outbox.Options{})
	mustAppend(t, o, testEvent(1))
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
	_, err := o.Append(context.Background(), testEvent(2))
	checks := map[string]error{"append": err}
	_, checks["pending"] = o.Pending(1)
	checks["ack"] = o.Ack([]string{"x"})
	checks["ack empty"] = o.Ack(nil)
	checks["dead letter"] = o.DeadLetter([]wire.Rejection{{ID: "x"}})
	_, checks["dead letters"] = o.DeadLetters(1)
	_, checks["stats"] = o.Stats()
	checks["put status"] = o.PutStatus("061211600012", wire.Green, time.Now())
	_, _, _, checks["cached status"] = o.CachedStatus("061211600012")
	checks["maintain"] = o.Maintain(context.Background())
	for name, err := range checks {
		if !errors.Is(err, outbox.ErrClosed) {
			t.Errorf("%s after close: %v, want ErrClosed", name, err)
		}
	}
}

func TestAppendHonoursCancelledContext(t *testing.T) {
	o, _ := openTemp(t, outbox.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := o.Append(ctx, testEvent(1)); !errors.Is(err, context.Canceled) {
		t.Fatalf("append with cancelled ctx: %v", err)
	}
	if st := mustStats(t, o); st.Pending != 0 || st.LastSeq != 0 {
		t.Fatalf("cancelled append was stored: %+v", st)
	}
	// The next seq is still 1: the cancelled append used none.
	if got := mustAppend(t, o, testEvent(2)); got.Seq != 1 {
		t.Fatalf("seq %d, want 1", got.Seq)
	}
}

func TestOpenTwiceIsLocked(t *testing.T) {
	_, path := openTemp(t, outbox.Options{})
	_, err := outbox.Open(path, outbox.Options{LockTimeout: 200 * time.Millisecond})
	if !errors.Is(err, outbox.ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), path) {
		t.Fatalf("lock error %q does not name the path", err)
	}
}
