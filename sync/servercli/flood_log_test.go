package servercli

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/api"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// call sends one request with a JSON body (nil for none) and returns the
// status code and the body.
func call(t *testing.T, c *http.Client, method, url, token string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, url, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

// 215,000 unauthenticated requests in a minute used to rotate the server's
// log twice, taking the start line, key rotations and pass issuance with it.
// Now refused requests are sampled and summed in the log, and the security
// events are kept in the audit trail, where no flood reaches them.
func TestAFloodOfRefusedRequestsDoesNotWipeTheLog(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "server.log")
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		done <- Main(ctx, []string{"--demo", "--listen", "127.0.0.1:0", "--log", logPath, "--log-max-mb", "1"}, pw, &errb, "v-test")
		pw.Close()
	}()
	defer func() {
		cancel()
		<-done
	}()
	base := readListenLine(t, pr)
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}, Timeout: 30 * time.Second}
	// What the operator must find later: a key rotation and a pass.
	if code, body := call(t, c, "POST", base+"/v1/keys/rotate", server.DemoOperatorToken, map[string]any{}); code != 200 {
		t.Fatalf("rotate: %d %s", code, body)
	}
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	code, body := call(t, c, "POST", base+"/v1/passes", server.DemoOperatorToken, wire.PassRequest{IIN: "900101300017", HolderKey: pub})
	if code != 200 {
		t.Fatalf("issue pass: %d %s", code, body)
	}
	var issued wire.PassResponse
	_ = json.Unmarshal(body, &issued)

	// The flood: 30,000 requests with wrong tokens and none, 8 at once.
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 3750 {
				tok := ""
				if i%2 == 0 {
					tok = fmt.Sprintf("guess-%d-%d", w, i)
				}
				req, _ := http.NewRequest("GET", base+"/v1/venues/demo-cafe/occupancy", nil)
				if tok != "" {
					req.Header.Set("Authorization", "Bearer "+tok)
				}
				resp, err := c.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()

	logData, _ := os.ReadFile(logPath)
	log := string(logData)
	if _, err := os.Stat(logPath + ".1"); err == nil {
		t.Errorf("the flood rotated the log (it is %d bytes now)", len(logData))
	}
	if !strings.Contains(log, "ashyq-server starting") {
		t.Error("the start line is gone")
	}
	if n := strings.Count(log, `msg=request`); n > 200 {
		t.Errorf("%d request lines for a flood of 30,000", n)
	}
	// The trail holds every security event, whatever the log did.
	code, body = call(t, c, "GET", base+"/v1/admin/audit?kind=security.&limit=100", server.DemoOperatorToken, nil)
	if code != 200 {
		t.Fatalf("audit: %d %s", code, body)
	}
	var page api.AuditPage
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, e := range page.Entries {
		kinds[string(e.Kind)] = e.Subject + " " + e.Detail
	}
	for _, want := range []string{"security.start", "security.keys_rotated", "security.pass_issued", "security.auth_blocked"} {
		if _, ok := kinds[want]; !ok {
			t.Errorf("no %s in the audit trail: %v", want, kinds)
		}
	}
	// (The trail masks any run of 12 digits in a subject, a pass id's too.)
	if !strings.Contains(kinds["security.pass_issued"], safetext.Clean(issued.PassID, 200)) {
		t.Errorf("pass issued: %q, want the pass id %s", kinds["security.pass_issued"], issued.PassID)
	}
}
