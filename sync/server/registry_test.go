package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/wire"
)

func TestRegistryFileOverDemo(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		// The file wins over the demo registry for the same IIN.
		p := writeFile(t, "reg.csv", "900101300017,red\n")
		e := newEnv(t, Options{Demo: true, Registry: p})
		var sr wire.StatusResponse
		e.callJSON("POST", "/v1/status", DemoToken, wire.StatusRequest{IIN: "900101300017"}, http.StatusOK, &sr)
		if sr.Status != wire.Red {
			t.Errorf("status %s, want red from the file", sr.Status)
		}
		bad := writeFile(t, "bad.csv", "900101300018,red\n")
		if _, err := Open(Options{DataDir: t.TempDir(), Registry: bad}); err == nil || !strings.Contains(err.Error(), "bad.csv:1") {
			t.Errorf("Open with a bad registry: %v", err)
		}
	})
}
