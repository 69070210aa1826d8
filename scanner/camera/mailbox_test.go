package camera

import (
	"testing"
	"time"
)

func putN(m *mailbox, n byte) bool {
	return m.put(time.Unix(int64(n), 0), func(f *lumaFrame) {
		f.y = grow(f.y, 4)
		f.y[0] = n
		f.width, f.height, f.stride = 2, 2, 2
	})
}

func TestMailboxKeepsOnlyTheNewestFrame(t *testing.T) {
	m := newMailbox()
	if putN(m, 1) {
		t.Fatal("first put reported a replaced frame")
	}
	if !putN(m, 2) || !putN(m, 3) {
		t.Fatal("put over a waiting frame did not report replacing it")
	}
	f, ok := m.take()
	if !ok || f.y[0] != 3 || !f.at.Equal(time.Unix(3, 0)) {
		t.Fatalf("take = %v (ok %v), want frame 3", f, ok)
	}
	// The decoder holds frame 3 while the camera writes frame 4: the two
	// must be different buffers.
	if putN(m, 4) {
		t.Fatal("put into an empty slot reported a replaced frame")
	}
	if f.y[0] != 3 {
		t.Fatalf("frame lent to the decoder was overwritten: %d", f.y[0])
	}
	g, _ := m.take()
	if g.y[0] != 4 || &g.y[0] == &f.y[0] {
		t.Fatalf("second take gave %d (same buffer %v)", g.y[0], &g.y[0] == &f.y[0])
	}
}

func TestMailboxCloseWakesTake(t *testing.T) {
	m := newMailbox()
	done := make(chan bool)
	go func() {
		_, ok := m.take()
		done <- ok
	}()
	m.close()
	select {
	case ok := <-done:
		if ok {
			t.Fatal("take after close gave a frame")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("close did not wake take")
	}
}

func TestMailboxTakeWaitsForPut(t *testing.T) {
	m := newMailbox()
	got := make(chan byte)
	go func() {
		f, _ := m.take()
		got <- f.y[0]
	}()
	putN(m, 7)
	select {
	case n := <-got:
		if n != 7 {
			t.Fatalf("took %d, want 7", n)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("take never woke up after put")
	}
}
