package server

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/console"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// tableRows reads the cells of the console table with this id, as text, one
// slice per row below the header (the pages write one row per line).
func tableRows(t *testing.T, page, id string) [][]string {
	t.Helper()
	start := strings.Index(page, `<table id="`+id+`">`)
	if start < 0 {
		t.Fatalf("no table %q in:\n%s", id, page)
	}
	end := strings.Index(page[start:], "</table>")
	var rows [][]string
	for _, line := range strings.Split(page[start:start+end], "\n") {
		if !strings.HasPrefix(line, "<tr><td") {
			continue
		}
		var cells []string
		for _, c := range strings.Split(line, "</td>") {
			if c = strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(c, ""))); c != "" {
				cells = append(cells, c)
			}
		}
		rows = append(rows, cells)
	}
	return rows
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// The keys page shows the store's issuer keys (current, in grace, ended)
// and its deny list newest first, bounded, escaped, with no IIN; only an
// operator sees it.
func TestConsoleKeysPage(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		clock := newTestClock(time.Date(2021, 3, 1, 10, 0, 0, 0, time.UTC))
		e := newEnv(t, Options{Now: clock.now, Operators: map[string]string{opSecret: "test operator"}})
		if code, _ := e.page("/ui/keys", tokA); code != http.StatusSeeOther {
			t.Errorf("keys page with a device token: %d, want a redirect to the login", code)
		}
		_, body := e.page("/ui/keys", opSecret)
		keys := tableRows(t, body, "keys")
		if len(keys) != 1 || len(keys[0]) != 4 || keys[0][1] != "2021-03-01 10:00:00" || keys[0][2] != "–" ||
			!strings.HasPrefix(keys[0][3], "current") {
			t.Fatalf("keys of a fresh store: %q", keys)
		}
		first := keys[0][0]
		if d := tableRows(t, body, "denied"); len(d) != 1 || d[0][0] != "No pass revoked." {
			t.Errorf("deny list of a fresh store: %q", d)
		}
		if !strings.Contains(body, `href="/ui/keys"`) {
			t.Error("the navigation does not link the keys page")
		}

		var rot map[string]string
		clock.add(5 * time.Minute)
		e.callJSON("POST", "/v1/keys/rotate?grace=1h", opSecret, nil, http.StatusOK, &rot)
		clock.add(5 * time.Minute)
		p1 := issueVia(e, "900101300017", holder(t))
		p2 := issueVia(e, "950630400059", holder(t))
		e.callJSON("POST", "/v1/passes/"+p1.PassID+"/revoke", opSecret, nil, http.StatusOK, nil)
		if err := e.srv.SetStatus("950630400059", wire.Yellow); err != nil {
			t.Fatal(err)
		}
		// A reason the API never writes, straight into the store: the page
		// must escape it and mask the IIN in it.
		hostile := issueVia(e, "771203300035", holder(t))
		if err := e.srv.Store().RevokePass(context.Background(), hostile.PassID,
			`<b>x</b> 771203300035 `+"\x1b[2J", clock.now()); err != nil {
			t.Fatal(err)
		}
		_, body = e.page("/ui/keys", opSecret)
		keys = tableRows(t, body, "keys")
		if len(keys) != 2 || keys[0][0] != rot["kid"] || keys[0][1] != "2021-03-01 10:05:00" || !strings.HasPrefix(keys[0][3], "current") ||
			keys[1][0] != first || keys[1][2] != "2021-03-01 11:05:00" || !strings.HasPrefix(keys[1][3], "in grace for 55m0s") {
			t.Errorf("keys after a rotation with 1h grace, 5 min later: %q", keys)
		}
		denied := tableRows(t, body, "denied")
		want := [][]string{
			{"3", hostile.PassID, "2021-03-01 10:10:00", "<b>x</b> ••••••••0035 \\x1b[2J"},
			{"2", p2.PassID}, // at the store's own clock: status changes carry no server time
			{"1", p1.PassID, "2021-03-01 10:10:00", "revoked by an operator"},
		}
		if len(denied) != len(want) {
			t.Fatalf("deny list: %q, want %d rows", denied, len(want))
		}
		for i, w := range want {
			for j, cell := range w {
				if j >= len(denied[i]) || denied[i][j] != cell {
					t.Errorf("deny list row %d: %q, want %q", i, denied[i], w)
					break
				}
			}
		}
		if len(denied[1]) != 4 || denied[1][3] != "the holder's status changed after it was issued" {
			t.Errorf("status-change row: %q", denied[1])
		}
		for _, leak := range []string{"900101300017", "950630400059", "771203300035", "<b>", "\x1b"} {
			if strings.Contains(body, leak) {
				t.Errorf("the keys page holds %q", leak)
			}
		}
		if strings.Contains(body, "denied-more") {
			t.Error("a note of more revocations with 3 of them")
		}

		// Past the grace the old key is ended but still listed.
		clock.add(time.Hour)
		_, body = e.page("/ui/keys", opSecret)
		if keys = tableRows(t, body, "keys"); len(keys) != 2 || !strings.HasPrefix(keys[1][3], "ended") {
			t.Errorf("keys after the grace: %q", keys)
		}

		// More revocations than the page shows: the newest console.MaxRows, and a
		// note saying how many there are.
		ctx := context.Background()
		rec := store.PassRecord{IIN: "900101300017", KID: rot["kid"], Status: wire.Yellow, IssuedAt: clock.now(), ValidUntil: clock.now().Add(time.Hour)}
		if err := e.srv.SetStatus(rec.IIN, rec.Status); err != nil {
			t.Fatal(err)
		}
		for i := range console.MaxRows {
			id := fmt.Sprintf("%032x", i+1)
			if stale, err := e.srv.Store().RecordPass(ctx, id, rec); err != nil || stale {
				t.Fatalf("record pass %s: stale %v, %v", id, stale, err)
			}
			if err := e.srv.Store().RevokePass(ctx, id, wire.DenyRevoked, clock.now()); err != nil {
				t.Fatal(err)
			}
		}
		_, body = e.page("/ui/keys", opSecret)
		denied = tableRows(t, body, "denied")
		total := console.MaxRows + len(want)
		if len(denied) != console.MaxRows || denied[0][0] != fmt.Sprint(total) || denied[console.MaxRows-1][0] != fmt.Sprint(total-console.MaxRows+1) {
			t.Errorf("deny list of %d: %d rows, from %q to %q", total, len(denied), denied[0], denied[len(denied)-1])
		}
		if !strings.Contains(body, fmt.Sprintf(`The newest %d of %d revocations are shown`, console.MaxRows, total)) {
			t.Errorf("no note that %d revocations exist:\n%s", total, body[strings.Index(body, "</table>"):])
		}
	})
}
