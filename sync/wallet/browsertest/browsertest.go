// Package browsertest drives Debian's chromium for the wallet's tests, as a
// visitor's phone: a 390x844 page with a fresh profile and a chosen
// language, a clock the test can move (Date is replaced before any of the
// page's scripts run, so the wallet's 30 s rotation and its clock checks
// can be tested without waiting), screenshots, storage cleared as a
// visitor would clear it, and every error the page throws collected.
//
// It is a test helper: only tests import it.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// Chromium finds Debian's chromium. Without it the test fails under CI
// (.ci/run installs it) and is skipped elsewhere.
func Chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed (.ci/run installs it)")
	}
	t.Skip("chromium not installed; apt-get install chromium")
	return ""
}

// Options shape the phone.
type Options struct {
	Width, Height int     // CSS pixels; default 390x844
	Scale         float64 // device pixel ratio; default 1
	Lang          string  // the phone's language (Accept-Language, navigator.languages); default "en"
}

// Phone is one browser with one tab.
type Phone struct {
	t      testing.TB
	ctx    context.Context
	opts   Options
	script page.ScriptIdentifier
	passed time.Duration // SetClock: time gone by, wall and monotonic clocks alike
	wall   time.Duration // SetWallClock: the wall clock set wrong

	mu   sync.Mutex // guards errs
	errs []string
}

// New starts chromium; it is stopped when the test ends.
func New(t testing.TB, o Options) *Phone {
	t.Helper()
	if o.Width == 0 {
		o.Width, o.Height = 390, 844
	}
	if o.Scale == 0 {
		o.Scale = 1
	}
	if o.Lang == "" {
		o.Lang = "en"
	}
	bin := Chromium(t)
	alloc := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", o.Lang), chromedp.Flag("accept-lang", o.Lang),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(o.Width, o.Height),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), alloc...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	p := &Phone{t: t, ctx: ctx, opts: o}
	if err := chromedp.Listen(ctx, p.listen); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	p.do(chromedp.EmulateViewport(int64(o.Width), int64(o.Height), chromedp.EmulateScale(o.Scale)))
	p.setClockScript()
	return p
}

func (p *Phone) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		msg = "exception: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			parts = append(parts, string(a.Value)+a.Description)
		}
		msg = "console.error: " + strings.Join(parts, " ")
	default:
		return
	}
	p.mu.Lock()
	p.errs = append(p.errs, msg)
	p.mu.Unlock()
}

// Errors returns what the page threw or logged as errors so far.
func (p *Phone) Errors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.errs...)
}

func (p *Phone) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("chromium: %v\n%s", err, p.dump())
	}
}

// dump is the page's text and errors, for a failing test's message.
func (p *Phone) dump() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	errs := p.Errors()
	if len(errs) > 3 {
		errs = append(errs[:3], fmt.Sprintf("… %d more", len(errs)-3))
	}
	return fmt.Sprintf("page text:\n%s\npage errors: %q", text, errs)
}

// clockScript replaces Date and performance.now, before any of the page's
// own scripts run: "passed" moves both (time going by, as fake timers do),
// "wall" moves Date alone (a visitor setting the phone's clock wrong).
const clockScript = `(() => {
	const RealDate = Date, real = RealDate.now.bind(RealDate), mono = performance.now.bind(performance);
	let passed = %d, wall = %d;
	class ShiftedDate extends RealDate {
		constructor(...a) { if (a.length === 0) super(real() + passed + wall); else super(...a); }
		static now() { return real() + passed + wall; }
	}
	globalThis.Date = ShiftedDate;
	performance.now = () => mono() + passed;
	globalThis.__shiftClock = (p, w) => { passed = p; wall = w; };
})();`

func (p *Phone) setClockScript() {
	p.t.Helper()
	if p.script != "" {
		p.cdp(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, page.RemoveScriptToEvaluateOnNewDocument,
				page.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: p.script})
			return err
		})
	}
	p.cdp(func(ctx context.Context, t *chromedp.Target) error {
		res, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: fmt.Sprintf(clockScript, p.passed.Milliseconds(), p.wall.Milliseconds())})
		p.script = res.Identifier
		return err
	})
}

func (p *Phone) cdp(f func(ctx context.Context, t *chromedp.Target) error) {
	p.t.Helper()
	p.do(func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		return chromedp.Void{}, f(ctx, t)
	})
}

// SetClock makes the page live offset after real time, wall and monotonic
// clocks alike (time gone by), now and in every page loaded later.
func (p *Phone) SetClock(offset time.Duration) {
	p.t.Helper()
	p.passed = offset
	p.shift()
}

// SetWallClock sets the page's wall clock (Date) offset from what it
// should read, leaving the monotonic clock alone: a phone whose clock was
// set wrong.
func (p *Phone) SetWallClock(offset time.Duration) {
	p.t.Helper()
	p.wall = offset
	p.shift()
}

func (p *Phone) shift() {
	p.t.Helper()
	p.setClockScript()
	p.Eval(fmt.Sprintf(`globalThis.__shiftClock ? (globalThis.__shiftClock(%d, %d), true) : false`,
		p.passed.Milliseconds(), p.wall.Milliseconds()), nil)
}

// Now is the page's idea of now: real time plus the offsets set.
func (p *Phone) Now() time.Time { return time.Now().Add(p.passed + p.wall) }

// Open loads url and waits for the page to load.
func (p *Phone) Open(url string) {
	p.t.Helper()
	p.do(chromedp.Navigate(url))
}

// Eval runs JavaScript (awaiting a promise) and decodes its value into out
// (nil: ignore it).
func (p *Phone) Eval(js string, out any) {
	p.t.Helper()
	if err := p.eval(js, out); err != nil {
		p.t.Fatalf("eval %.60q: %v\n%s", js, err, p.dump())
	}
}

func (p *Phone) eval(js string, out any) error {
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	if out != nil {
		return convert(v, out)
	}
	return nil
}

// navigating reports whether err is the browser saying that the page the
// expression ran in went away under it: a form's submission or a redirect
// replaced the document while the expression was on its way.
func navigating(err error) bool {
	for _, s := range []string{"Inspected target navigated or closed", "Execution context was destroyed",
		"Cannot find context with specified id"} {
		if strings.Contains(err.Error(), s) {
			return true
		}
	}
	return false
}

// WaitFor waits until the JavaScript expression is truthy. A page that is
// being replaced (a form posted a moment ago) is not yet there: the
// expression is asked again in the next document.
func (p *Phone) WaitFor(what, js string, timeout time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var ok bool
		if err := p.eval(`!!(`+js+`)`, &ok); err != nil && !navigating(err) {
			p.t.Fatalf("eval %.60q: %v\n%s", js, err, p.dump())
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("waited %s for %s (%s)\n%s", timeout, what, js, p.dump())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// WaitText waits until the element sel shows text containing want.
func (p *Phone) WaitText(sel, want string, timeout time.Duration) {
	p.t.Helper()
	p.WaitFor(fmt.Sprintf("%s to say %q", sel, want),
		fmt.Sprintf(`(document.querySelector(%q)?.innerText || "").includes(%q)`, sel, want), timeout)
}

// Text is the text of the element sel ("" when absent).
func (p *Phone) Text(sel string) string {
	p.t.Helper()
	var s string
	p.Eval(fmt.Sprintf(`document.querySelector(%q)?.innerText || ""`, sel), &s)
	return s
}

// Type replaces the value of the input sel with text, typed key by key.
func (p *Phone) Type(sel, text string) {
	p.t.Helper()
	p.Eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = ""; e.focus(); return true })()`, sel), nil)
	p.do(chromedp.SendKeys(chromedp.CSS(sel), text))
}

// Click clicks the element sel.
func (p *Phone) Click(sel string) {
	p.t.Helper()
	p.do(chromedp.Click(chromedp.CSS(sel)))
}

// Screenshot is the viewport as a PNG, at the device pixel ratio.
func (p *Phone) Screenshot() []byte {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	return png
}

// Throttle makes every request wait latency for its answer and share
// bytesPerSec of download (0, 0: no throttling), as a phone's mobile link.
func (p *Phone) Throttle(latency time.Duration, bytesPerSec float64) {
	p.t.Helper()
	down := bytesPerSec
	if down == 0 {
		down = -1
	}
	p.cdp(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Latency: float64(latency.Milliseconds()), DownloadThroughput: down, UploadThroughput: -1}},
		})
		return err
	})
}

// ClearCaches empties the HTTP cache and removes the origin's service
// worker and its caches, leaving IndexedDB: the next load fetches every
// file from the server, as a phone's first visit does, with the pass kept.
func (p *Phone) ClearCaches(origin string) {
	p.t.Helper()
	p.cdp(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, storage.ClearDataForOrigin,
			storage.ClearDataForOriginParams{Origin: origin, StorageTypes: "cache_storage,service_workers"}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.ClearBrowserCache, cdp.Empty{})
		return err
	})
}

// ClearStorage removes everything the origin (scheme://host:port) keeps:
// IndexedDB, local storage, caches, the service worker; as "clear site
// data" in a phone's browser settings does.
func (p *Phone) ClearStorage(origin string) {
	p.t.Helper()
	p.cdp(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, storage.ClearDataForOrigin,
			storage.ClearDataForOriginParams{Origin: origin, StorageTypes: "all"})
		return err
	})
}

// Download clicks sel, which starts a download, and returns the file as
// chromium wrote it, once the download has completed (or fails the test
// after timeout).
func (p *Phone) Download(sel string, timeout time.Duration) []byte {
	p.t.Helper()
	dir := p.t.TempDir()
	ctx, cancel := context.WithTimeout(p.ctx, timeout)
	defer cancel()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			events := true
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events})
			return err
		}),
		chromedp.Click(chromedp.CSS(sel)),
	)
	if err != nil {
		p.t.Fatalf("download from %s: %v\n%s", sel, err, p.dump())
	}
	for ev, err := range progress {
		if err != nil {
			p.t.Fatalf("download from %s: %v\n%s", sel, err, p.dump())
		}
		switch ev.State {
		case browser.DownloadProgressStateCanceled:
			p.t.Fatalf("download from %s was cancelled\n%s", sel, p.dump())
		case browser.DownloadProgressStateCompleted:
			data, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				p.t.Fatal(err)
			}
			return data
		}
	}
	p.t.Fatalf("download from %s: no end in %s\n%s", sel, timeout, p.dump())
	return nil
}
