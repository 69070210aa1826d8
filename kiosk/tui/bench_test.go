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

// BenchmarkResultView measures one frame of a verdict between countdown
// steps, as after each key or message: the last frame drawn is reused.
func BenchmarkResultView(b *testing.B) {
	m := showingVerdict(b, "en")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = m.View()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/frame")
}

// BenchmarkIdleView measures one frame of the idle screen with a full sync
// state.
func BenchmarkIdleView(b *testing.B) {
	m, _ := sized(b, "en").Update(SyncMsg{State: syncer.State{Pending: 3, OldestPending: t0.Add(-time.Minute),
		DeadLetters: 1, Occupancy: &wire.Occupancy{Inside: 12}, ClockSkew: time.Minute}})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = m.View()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/frame")
}

// BenchmarkOwnerMenuView measures one frame of the owner menu, drawn in a
// box placed in the middle of the screen.
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
		_ = m.View()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/frame")
}
