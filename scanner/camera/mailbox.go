package camera

import (
	"sync"
	"time"
)

// lumaFrame is one frame's 8-bit luminance plane, compact (copyPlane makes
// stride = width), with its capture time.
type lumaFrame struct {
	y             []byte
	width, height int
	stride        int
	at            time.Time
}

// mailbox is a single-slot, latest-wins handoff from capture to decode. It
// owns exactly two buffers: one in the slot (waiting or free to overwrite)
// and one lent to the decoder. put overwrites a waiting frame instead of
// queueing it, so the decoder never works through a backlog.
//
//	put ──fill──► [slot buf] ◄──swap── take (decoder hands back its buf)
type mailbox struct {
	mu sync.Mutex // mu guards everything declared below.
	// slot is the buffer the producer writes into; full says it holds a
	// frame the decoder has not taken yet.
	slot   *lumaFrame
	lent   *lumaFrame // the buffer the decoder holds, returned by the next take
	full   bool
	closed bool
	ready  chan struct{} // 1-buffered doorbell: a frame is waiting or the box closed
}

func newMailbox() *mailbox {
	return &mailbox{
		slot:  &lumaFrame{},
		lent:  &lumaFrame{},
		ready: make(chan struct{}, 1),
	}
}

// put stores a frame, filled by fill into the slot buffer (which it may grow),
// and reports whether it replaced one the decoder never took.
func (m *mailbox) put(at time.Time, fill func(f *lumaFrame)) (replaced bool) {
	m.mu.Lock()
	replaced = m.full
	fill(m.slot)
	m.slot.at = at
	m.full = true
	m.mu.Unlock()
	select {
	case m.ready <- struct{}{}:
	default:
	}
	return replaced
}

// take waits for the newest frame and lends it to the caller until the next
// take; it gives false once the box is closed.
func (m *mailbox) take() (*lumaFrame, bool) {
	for {
		m.mu.Lock()
		if m.full {
			m.slot, m.lent = m.lent, m.slot
			m.full = false
			f := m.lent
			m.mu.Unlock()
			return f, true
		}
		if m.closed {
			m.mu.Unlock()
			return nil, false
		}
		m.mu.Unlock()
		<-m.ready
	}
}

// close wakes the decoder for good; a frame still waiting is dropped.
func (m *mailbox) close() {
	m.mu.Lock()
	m.closed = true
	m.full = false
	m.mu.Unlock()
	select {
	case m.ready <- struct{}{}:
	default:
	}
}
