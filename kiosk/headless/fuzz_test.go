package headless

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// FuzzNoIINInOutput is the property behind "IINs are masked in every
// output": whatever the input, neither a verdict line nor the engine's log
// holds a valid IIN, in any digit script. CI runs it for a short time
// (make test); the seeds are issue 8's payloads.
func FuzzNoIINInOutput(f *testing.F) {
	for _, s := range []string{
		"900101300017", `{"iin":"900101300017"}`, "https://example.kz/check?iin=900101300017",
		"IIN-CODE:900101300017", "900101300017;Ivanov Ivan", "900101300017" + strings.Repeat("x", 4988),
		"９００１０１３０００１７", "٩٠٠١٠١٣٠٠٠１٧", "900101300017950630400059", "9\u200b00101300017",
		"\x1b[2J900101300017\r\n771203300035",
		"https://x.kz/?a=1&00101300004", // JSON's HTML escape \u0026 would read 0026 00101300004
	} {
		f.Add(s)
	}
	ob, err := outbox.Open(filepath.Join(f.TempDir(), "outbox.db"), outbox.Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer ob.Close()
	var logBuf bytes.Buffer
	e, err := door.New(door.Config{Device: "fz", Venue: "v", Door: "d", Mode: door.Entrance, Offline: door.PolicyAdmit,
		Logger: slog.New(slog.NewTextHandler(&logBuf, nil))}, ob, nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		logBuf.Reset()
		var out bytes.Buffer
		if err := Run(context.Background(), e, strings.NewReader(in), &out); err != nil {
			t.Fatal(err)
		}
		if found := iin.FindValid(out.String()); found != "" {
			t.Fatalf("input %q: output shows IIN %s:\n%s", in, iin.Mask(found), out.String())
		}
		if found := iin.FindValid(logBuf.String()); found != "" {
			t.Fatalf("input %q: log shows IIN %s:\n%s", in, iin.Mask(found), logBuf.String())
		}
	})
}
