package tui

import (
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
)

const testPIN = "4826"

// saved is one call of Options.OnOwnerChange.
type saved struct {
	mode door.Mode
	lang string
}

// ownerRig is a UI with the owner menu enabled, a log kept in memory and
// every save recorded. The clock does not move by itself, so keys arrive
// at one instant: a 4-digit PIN is too short to look like a scanner, and
// timeouts are exactly where the test puts them.
type ownerRig struct {
	t     *testing.T
	clock *clock
	reg   *registry
	tm    *teatest.TestModel
	log   *syncBuffer
	saves chan saved
}

func newOwnerRig(t *testing.T, edit func(*Options), src Sources) *ownerRig {
	t.Helper()
	r := &ownerRig{t: t, clock: newClock(), reg: newRegistry(door.Entrance), log: &syncBuffer{}, saves: make(chan saved, 16)}
	opts := baseOptions(r.clock)
	opts.OwnerPIN = testPIN
	opts.Logger = slog.New(slog.NewTextHandler(r.log, nil))
	opts.OnOwnerChange = func(mode door.Mode, lang string) error {
		r.saves <- saved{mode, lang}
		return nil
	}
	if edit != nil {
		edit(&opts)
	}
	r.tm = start(t, opts, r.reg, src)
	waitFor(t, r.tm, hint)
	return r
}

func (r *ownerRig) key(k tea.KeyType) { r.tm.Send(tea.KeyMsg{Type: k}) }

func (r *ownerRig) tick(d time.Duration) {
	r.clock.Advance(d)
	r.tm.Send(TickMsg{})
}

// unlock opens the menu with the right PIN.
func (r *ownerRig) unlock() {
	r.t.Helper()
	r.key(tea.KeyF2)
	waitFor(r.t, r.tm, "OWNER MENU", "Owner PIN:")
	typeLine(r.tm, testPIN)
	waitFor(r.t, r.tm, "Door mode", "Language")
}

// choose picks menu item n as an owner would: its number, then Enter.
func (r *ownerRig) choose(n string) {
	typeLine(r.tm, n)
}

func (r *ownerRig) nextSave() saved {
	r.t.Helper()
	select {
	case s := <-r.saves:
		return s
	case <-time.After(patience):
		r.t.Fatal("OnOwnerChange was not called")
		return saved{}
	}
}

func (r *ownerRig) final() Model {
	r.t.Helper()
	if err := r.tm.Quit(); err != nil {
		r.t.Fatal(err)
	}
	return r.tm.FinalModel(r.t, teatest.WithFinalTimeout(patience)).(Model)
}

// TestOwnerSwitchToExit: the right PIN opens the menu, Exit switches the
// engine and the idle screen, the choice is saved, and the next scan is
// recorded as an exit.
func TestOwnerSwitchToExit(t *testing.T) {
	r := newOwnerRig(t, nil, Sources{})
	r.unlock()
	r.choose("2")
	waitFor(t, r.tm, "Saved: kept after a restart")
	if s := r.nextSave(); s != (saved{door.Exit, "en"}) {
		t.Errorf("saved %+v, want exit, en", s)
	}
	if m := r.reg.currentMode(); m != door.Exit {
		t.Fatalf("engine mode = %s after choosing Exit", m)
	}
	r.key(tea.KeyEscape)
	waitFor(t, r.tm, "Mode set by the owner", hint)
	typeLine(r.tm, "900101300017")
	if s := r.reg.next(t); s.Payload != "900101300017" {
		t.Fatalf("engine got %q", s.Payload)
	}
	waitFor(t, r.tm, "IIN ••••••••0017")
	view := finalView(t, r.tm)
	if !hasBig(view, "GOODBYE", termW) {
		t.Errorf("the scan after the switch is not an exit:\n%s", plain(view))
	}
	logs := r.log.String()
	if !strings.Contains(logs, `msg="owner changed the device mode" old=entrance new=exit`) {
		t.Errorf("the change is not logged with old and new values:\n%s", logs)
	}
	if strings.Contains(logs, testPIN) {
		t.Errorf("the log shows the PIN:\n%s", logs)
	}
}

// TestOwnerMenuScreen pins the menu's look: the current mode and language
// marked, the cursor on the first item.
func TestOwnerMenuScreen(t *testing.T) {
	r := newOwnerRig(t, nil, Sources{})
	r.key(tea.KeyCtrlO) // for keyboards without F-keys
	waitFor(t, r.tm, "Owner PIN:")
	r.tm.Type("48")
	waitFor(t, r.tm, "••")
	r.tm.Type("26")
	r.key(tea.KeyEnter)
	waitFor(t, r.tm, "Door mode")
	view := finalView(t, r.tm)
	for _, want := range []string{"1  ENTRANCE  ●", "2  EXIT", "3  English  ●", "4  Русский", "5  Қазақша", "0  Close"} {
		if !strings.Contains(plain(view), want) {
			t.Errorf("menu lacks %q:\n%s", want, plain(view))
		}
	}
	requireGolden(t, view)
}

// TestOwnerWrongPINLocks: each wrong PIN says how many tries are left; the
// third locks the menu for a minute, even against the right PIN; after the
// lock the right PIN works again.
func TestOwnerWrongPINLocks(t *testing.T) {
	r := newOwnerRig(t, nil, Sources{})
	r.key(tea.KeyF2)
	waitFor(t, r.tm, "Owner PIN:")
	typeLine(r.tm, "1111")
	waitFor(t, r.tm, "Wrong PIN. Tries left: 2")
	typeLine(r.tm, "2222")
	waitFor(t, r.tm, "Wrong PIN. Tries left: 1")
	typeLine(r.tm, "0000")
	waitFor(t, r.tm, "Too many wrong PINs: the owner menu is locked for 60 s")

	// Closing and reopening does not lift the lock, nor does the PIN.
	r.key(tea.KeyEscape)
	waitFor(t, r.tm, hint)
	r.clock.Advance(20 * time.Second)
	r.key(tea.KeyF2)
	waitFor(t, r.tm, "locked for 40 s")
	typeLine(r.tm, testPIN)
	r.tick(time.Second)
	waitFor(t, r.tm, "locked for 39 s")

	// The lock is over: the prompt closed meanwhile (no key for 30 s).
	r.tick(40 * time.Second)
	waitFor(t, r.tm, hint)
	r.unlock()
	m := r.final()
	if m.owner.stage != ownerMenu {
		t.Errorf("stage = %d, want the menu", m.owner.stage)
	}
	if n := len(r.saves); n != 0 {
		t.Errorf("%d saves without a change", n)
	}
	logs := r.log.String()
	if strings.Count(logs, "owner PIN wrong") != 2 || !strings.Contains(logs, "owner menu locked") {
		t.Errorf("wrong PINs and the lock are not logged:\n%s", logs)
	}
	for _, pin := range []string{"1111", "2222", "0000", testPIN} {
		if strings.Contains(logs, pin) {
			t.Errorf("the log shows PIN %s:\n%s", pin, logs)
		}
	}
}

// TestOwnerTimeout: the prompt and the menu go back to idle after 30 s
// without a key; every key restarts the 30 s.
func TestOwnerTimeout(t *testing.T) {
	r := newOwnerRig(t, nil, Sources{})
	r.key(tea.KeyF2)
	waitFor(t, r.tm, "Owner PIN:")
	r.tm.Type("1")
	waitFor(t, r.tm, "\x1b[1m•\x1b[0m")
	r.tick(29 * time.Second)
	r.tm.Type("2") // still open after 29 s: the dot lands in the PIN field
	waitFor(t, r.tm, "••")
	r.tick(29 * time.Second)
	r.tm.Type("3") // 58 s since it opened, 29 s since the last key
	waitFor(t, r.tm, "•••")
	r.tick(30 * time.Second)
	waitFor(t, r.tm, hint)

	r.unlock()
	r.tick(30 * time.Second)
	waitFor(t, r.tm, hint)
	m := r.final()
	if m.owner.isOpen() {
		t.Error("the menu is still open after 30 s without a key")
	}
	if m.input.det.Len() != 0 {
		t.Errorf("PIN digits leaked into the input line: %q", m.input.det.Text())
	}
	if got := strings.Count(r.log.String(), `why=timeout`); got != 2 {
		t.Errorf("%d timeouts logged, want 2:\n%s", got, r.log.String())
	}
}

// TestOwnerWedgeBurst: a scanner burst (fast keys ending in Enter) while
// the PIN prompt or the menu is open closes it and is judged as a scan; it
// is never taken for PIN digits or a menu choice.
func TestOwnerWedgeBurst(t *testing.T) {
	for _, stage := range []string{"prompt", "menu"} {
		t.Run(stage, func(t *testing.T) {
			r := newOwnerRig(t, nil, Sources{})
			if stage == "menu" {
				r.unlock()
			} else {
				r.key(tea.KeyF2)
				waitFor(t, r.tm, "Owner PIN:")
				r.tm.Type("48") // the owner had started typing
				waitFor(t, r.tm, "••")
				r.clock.Advance(2 * time.Second) // then a visitor scans
			}
			typeLine(r.tm, "900101300017")
			s := r.reg.next(t)
			if s.Payload != "900101300017" || s.Source != scanner.SourceWedge {
				t.Fatalf("engine got %q from %s, want the burst as a wedge scan", s.Payload, s.Source)
			}
			waitFor(t, r.tm, "IIN ••••••••0017")
			view := finalView(t, r.tm)
			if !hasBig(view, "WELCOME", termW) {
				t.Errorf("no verdict for the burst:\n%s", plain(view))
			}
			logs := r.log.String()
			if strings.Contains(logs, "owner PIN wrong") || strings.Contains(logs, "owner changed") {
				t.Errorf("the burst was taken for a PIN or a choice:\n%s", logs)
			}
			if !strings.Contains(logs, "why=scan") {
				t.Errorf("closing for a scan is not logged:\n%s", logs)
			}
			if r.reg.currentMode() != door.Entrance || len(r.saves) != 0 {
				t.Error("the burst changed the mode")
			}
		})
	}
}

// TestOwnerCameraScan: a camera scan while the menu is open closes it and
// is judged at once.
func TestOwnerCameraScan(t *testing.T) {
	scans := make(chan scanner.Scan, 1)
	r := newOwnerRig(t, nil, Sources{Scans: scans})
	r.unlock()
	scans <- scanner.Scan{Payload: "771203300035"}
	if s := r.reg.next(t); s.Payload != "771203300035" || s.Source != scanner.SourceCamera {
		t.Fatalf("engine got %q from %s", s.Payload, s.Source)
	}
	waitFor(t, r.tm, "IIN ••••••••0035")
	m := r.final()
	if m.owner.isOpen() || !m.result.showing() {
		t.Errorf("menu open = %v, result showing = %v; want the result", m.owner.isOpen(), m.result.showing())
	}
}

// TestOwnerLanguage: choosing Русский switches the menu and the idle screen
// at once, and saves it.
func TestOwnerLanguage(t *testing.T) {
	r := newOwnerRig(t, nil, Sources{})
	r.unlock()
	r.choose("4")
	waitFor(t, r.tm, "МЕНЮ ВЛАДЕЛЬЦА", "Режим двери", "Сохранено")
	if s := r.nextSave(); s != (saved{door.Entrance, "ru"}) {
		t.Errorf("saved %+v, want entrance, ru", s)
	}
	r.key(tea.KeyEscape)
	waitFor(t, r.tm, "ИИН или код:", "Отсканируйте код")
	view := finalView(t, r.tm)
	if !hasBig(view, "ВХОД", termW) {
		t.Errorf("the mode is not shown in Russian:\n%s", plain(view))
	}
	if strings.Contains(plain(view), "IIN or code") || strings.Contains(plain(view), "Mode set by the owner") {
		t.Errorf("English left on the idle screen, or a mode note without a mode change:\n%s", plain(view))
	}
	if !strings.Contains(r.log.String(), `msg="owner changed the language" old=en new=ru`) {
		t.Errorf("the change is not logged:\n%s", r.log.String())
	}
}

// TestOwnerSaveError: a failed save is shown in the menu; the change is in
// effect for this run anyway.
func TestOwnerSaveError(t *testing.T) {
	r := newOwnerRig(t, func(o *Options) {
		o.OnOwnerChange = func(door.Mode, string) error {
			return errors.New("write overrides.json: read-only file system")
		}
	}, Sources{})
	r.unlock()
	r.choose("2")
	waitFor(t, r.tm, "NOT SAVED", "read-only file system")
	if r.reg.currentMode() != door.Exit {
		t.Error("the mode did not change")
	}
	if !strings.Contains(r.log.String(), "owner change not saved") {
		t.Errorf("the failure is not logged:\n%s", r.log.String())
	}
	finalView(t, r.tm)
}

// TestOwnerSavesInOrder: a change made while the previous save is still
// running is saved after it, with the latest state, so the file never ends
// with an older choice.
func TestOwnerSavesInOrder(t *testing.T) {
	gate := make(chan struct{})
	var got []saved
	var mu sync.Mutex
	r := newOwnerRig(t, func(o *Options) {
		o.OnOwnerChange = func(mode door.Mode, lang string) error {
			<-gate
			mu.Lock()
			got = append(got, saved{mode, lang})
			mu.Unlock()
			return nil
		}
	}, Sources{})
	r.unlock()
	r.choose("2")
	waitFor(t, r.tm, "Saving…")
	r.choose("5")
	waitFor(t, r.tm, "ИЕСІНІҢ МӘЗІРІ")
	gate <- struct{}{}
	gate <- struct{}{}
	waitFor(t, r.tm, "Сақталды")
	finalView(t, r.tm)
	mu.Lock()
	defer mu.Unlock()
	want := []saved{{door.Exit, "en"}, {door.Exit, "kk"}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("saves = %+v, want %+v", got, want)
	}
}

// TestOwnerDisabled: without a PIN, F2 and ctrl+o open nothing, but say
// why (they once said nothing, and a newcomer to the demo was left
// guessing), in the screen's language, for a few seconds or until the next
// key.
func TestOwnerDisabled(t *testing.T) {
	r := newOwnerRig(t, func(o *Options) { o.OwnerPIN = "" }, Sources{})
	r.key(tea.KeyF2)
	waitFor(t, r.tm, "The owner menu is off: no owner PIN is set", "ASHYQ_OWNER_PIN")
	r.tick(ownerOffWindow)
	waitFor(t, r.tm, hint)
	r.key(tea.KeyCtrlO)
	waitFor(t, r.tm, "The owner menu is off")
	typeLine(r.tm, "900101300017")
	r.reg.next(t)
	waitFor(t, r.tm, "IIN ••••••••0017")
	m := r.final()
	if m.owner.isOpen() || strings.Contains(plain(m.View()), "OWNER") {
		t.Error("the owner menu opened without a PIN configured")
	}
}

// TestOwnerDisabledKazakh: the notice is in the screen's language.
func TestOwnerDisabledKazakh(t *testing.T) {
	opts := baseOptions(newClock())
	opts.Language, opts.Venue, opts.Door = "kk", "Кофейня", "Негізгі"
	tm := start(t, opts, newRegistry(door.Entrance), Sources{})
	waitFor(t, tm, "Кодты сканерлеңіз")
	tm.Send(tea.KeyMsg{Type: tea.KeyF2})
	waitFor(t, tm, "Иесінің мәзірі өшірулі")
	pv := plain(finalView(t, tm))
	if run := englishRun.FindString(pv); run != "" {
		t.Errorf("English %q on the kk screen:\n%s", run, pv)
	}
}

// TestOwnerNarrow: on a small screen the menu still fits: no row wider or
// more rows than the terminal, and every choice visible.
func TestOwnerNarrow(t *testing.T) {
	opts := baseOptions(newClock())
	opts.OwnerPIN = testPIN
	tm := start(t, opts, newRegistry(door.Entrance), Sources{}, 36, 16)
	waitFor(t, tm, "IIN or code:")
	tm.Send(tea.KeyMsg{Type: tea.KeyF2})
	waitFor(t, tm, "Owner PIN:")
	typeLine(tm, testPIN)
	waitFor(t, tm, "1  ENTRANCE") // a short screen drops the group labels
	pv := plain(finalView(t, tm))
	rows := strings.Split(pv, "\n")
	if len(rows) != 16 {
		t.Errorf("%d rows, want 16:\n%s", len(rows), pv)
	}
	for _, r := range rows {
		if n := len([]rune(r)); n > 36 {
			t.Errorf("row is %d wide: %q", n, r)
		}
	}
	for _, want := range []string{"1  ENTRANCE", "2  EXIT", "5  Қазақша", "0  Close"} {
		if !strings.Contains(pv, want) {
			t.Errorf("narrow menu lacks %q:\n%s", want, pv)
		}
	}
}

// TestQuitNeedsPIN: with a PIN set, ctrl+c twice does not quit; it asks for
// the PIN, a wrong one keeps the kiosk running, the right one quits.
func TestQuitNeedsPIN(t *testing.T) {
	r := newOwnerRig(t, nil, Sources{})
	r.key(tea.KeyCtrlC)
	r.key(tea.KeyCtrlC)
	waitFor(t, r.tm, "QUIT THE KIOSK: OWNER PIN NEEDED", "Owner PIN:")
	r.key(tea.KeyCtrlC) // more ctrl+c in the prompt change nothing
	r.key(tea.KeyCtrlC)
	typeLine(r.tm, "1111")
	waitFor(t, r.tm, "Wrong PIN. Tries left: 2")
	typeLine(r.tm, testPIN)
	fm := r.tm.FinalModel(t, teatest.WithFinalTimeout(patience)).(Model)
	if !strings.Contains(r.log.String(), "owner PIN accepted: quitting") || fm.owner.purpose != forQuit {
		t.Errorf("the kiosk quit without the PIN dialogue:\n%s", r.log.String())
	}
}

// TestQuitWithoutPINStillCtrlC: without a PIN, ctrl+c twice quits as before.
func TestQuitWithoutPINStillCtrlC(t *testing.T) {
	r := newOwnerRig(t, func(o *Options) { o.OwnerPIN = "" }, Sources{})
	r.key(tea.KeyCtrlC)
	r.key(tea.KeyCtrlC)
	fm := r.tm.FinalModel(t, teatest.WithFinalTimeout(patience)).(Model)
	if fm.owner.isOpen() {
		t.Error("a PIN prompt opened without a PIN set")
	}
}
