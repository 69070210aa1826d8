package tui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/syncer"
	"github.com/ashyq/kiosk/sync/wire"
)

// sized returns a model at the test terminal size, driven without a program.
func sized(b *testing.B, lang string) Model {
	b.Helper()
	opts := baseOptions(newClock())
	opts.Language = lang
	m, _ := New(opts, newRegistry(door.Entrance), Sources{}).Update(tea.WindowSizeMsg{Width: termW, Height: termH})
	return m.(Model)
}

// showingVerdict returns a model at the test terminal size showing a green
// verdict.
func showingVerdict(b *testing.B, lang string) Model {
	v := door.Verdict{Allowed: true, Kind: wire.Entry, Status: wire.Green, Source: wire.SourceCache,
		MaskedIIN: "••••••••0017", CacheAge: 3 * time.Minute, Input: scanner.SourceWedge}
	m, _ := sized(b, lang).Update(VerdictMsg{Verdict: v})
	if !m.(Model).result.showing() {
		b.Fatal("no result showing")
	}
	return m.(Model)
}

// BenchmarkResultDraw measures drawing a full-screen verdict: the big font
// layout and the colour fill, done once per countdown second (and per
// result, size or language).
func BenchmarkResultDraw(b *testing.B) {
	for _, lang := range []string{"en", "ru"} {
		b.Run(lang, func(b *testing.B) {
			p := showingVerdict(b, lang).result
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_ = p.draw(*p.shown, 5)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/draw")
		})
	}
}

// BenchmarkResultView measures View of a verdict between countdown steps:
// it returns the frame Update prepared.
func BenchmarkResultView(b *testing.B) {
	m := showingVerdict(b, "en")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = m.View()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/frame")
}

// BenchmarkResultUpdate measures a message that arrives while a verdict
// shows (a sync state, a camera notice) and the frame after it: Update
// prepares the frame and reuses the drawn verdict, as the countdown has not
// moved.
func BenchmarkResultUpdate(b *testing.B) {
	var m tea.Model = showingVerdict(b, "en")
	msg := SyncMsg{State: syncer.State{Link: syncer.LinkOnline, Pending: 1}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, _ = m.Update(msg)
		_ = m.View()
	}
	if !m.(Model).result.showing() {
		b.Fatal("the verdict went away")
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/frame")
}

// BenchmarkIdleView measures one frame of the idle screen with a full sync
// state: the clock's tick and the frame Update prepares for it.
func BenchmarkIdleView(b *testing.B) {
	m, _ := sized(b, "en").Update(SyncMsg{State: syncer.State{Pending: 3, OldestPending: t0.Add(-time.Minute),
		DeadLetters: 1, Occupancy: &wire.Occupancy{Inside: 12}, ClockSkew: time.Minute}})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, _ = m.Update(TickMsg{})
		_ = m.View()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/frame")
}

// BenchmarkOwnerMenuView measures one frame of the owner menu, drawn in a
// box placed in the middle of the screen, as Update prepares it.
func BenchmarkOwnerMenuView(b *testing.B) {
	opts := baseOptions(newClock())
	opts.OwnerPIN = "4826"
	var m tea.Model = New(opts, newRegistry(door.Entrance), Sources{})
	for _, msg := range []tea.Msg{tea.WindowSizeMsg{Width: termW, Height: termH}, tea.KeyMsg{Type: tea.KeyF2},
		tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("4826")}, tea.KeyMsg{Type: tea.KeyEnter}} {
		m, _ = m.Update(msg)
	}
	if m.(Model).owner.stage != ownerMenu {
		b.Fatal("the menu did not open")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, _ = m.Update(TickMsg{})
		_ = m.View()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/frame")
}
