package tui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/sound"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/syncer"
)

// tick schedules the next TickMsg of the ticker with this id.
func tick(id int) tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return TickMsg{At: t, id: id} })
}

// The listeners block on a source channel and turn its next value into a
// message; Update re-arms them after each one, so no goroutine lives in the
// model and the producers know nothing of bubbletea. A nil or closed channel
// yields no command and no message.

func listenSync(ch <-chan syncer.State) tea.Cmd {
	return listen(ch, func(st syncer.State) tea.Msg { return SyncMsg{State: st} })
}

func listenCamera(ch <-chan scanner.CameraStatus) tea.Cmd {
	return listen(ch, func(st scanner.CameraStatus) tea.Msg { return CameraMsg{Status: st} })
}

func listenScans(ch <-chan scanner.Scan) tea.Cmd {
	return listen(ch, func(s scanner.Scan) tea.Msg { return ScanMsg{Scan: s} })
}

func listenHardware(ch <-chan scanner.Scan) tea.Cmd {
	return listen(ch, func(s scanner.Scan) tea.Msg { return HardwareScanMsg{Scan: s} })
}

func listenDevices(ch <-chan []scanner.DeviceStatus) tea.Cmd {
	return listen(ch, func(d []scanner.DeviceStatus) tea.Msg { return DevicesMsg{Devices: d} })
}

// listen waits for the next value on ch and wraps it as a message.
func listen[T any](ch <-chan T, wrap func(T) tea.Msg) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		v, ok := <-ch
		if !ok {
			return nil
		}
		return wrap(v)
	}
}

// handle runs the Engine on one scan outside Update. The Engine owns its
// timeouts: cancelling it halfway through a durable write would be worse
// than waiting.
func handle(eng Engine, s scanner.Scan) tea.Cmd {
	return func() tea.Msg {
		v, err := eng.Handle(context.Background(), s)
		if err != nil {
			return ErrorMsg{Scan: s, Err: err}
		}
		return VerdictMsg{Scan: s, Verdict: v}
	}
}

// play sounds the cue in a command, after the result is on the screen.
func play(p Player, c sound.Cue) tea.Cmd {
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		p.Play(c)
		return nil
	}
}

// refreshCount hands the Engine the upstream's head count from a sync
// state, outside Update: the Engine reads its outbox to add the events not
// yet synced.
func refreshCount(eng Engine, st syncer.State) tea.Cmd {
	occ, online := st.Occupancy, st.Online()
	return func() tea.Msg {
		return CountMsg{Err: eng.RefreshCount(occ, online)}
	}
}
