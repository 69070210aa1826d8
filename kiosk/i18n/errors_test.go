package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"syscall"
	"testing"
)

// TestSayErrors: an Error is English as an error and the operator's
// language through Say, with the errors among its args said in the same
// language and still found by errors.Is; the operating system's reasons a
// kiosk meets at start (a full disk, a denied permission, a missing file)
// are said in Russian and Kazakh with their path; a joined error keeps
// its lines; any other error keeps its own text.
func TestSayErrors(t *testing.T) {
	full := &fs.PathError{Op: "write", Path: "/var/lib/ashyq-kiosk/outbox.db", Err: syscall.ENOSPC}
	denied := &fs.PathError{Op: "open", Path: "/etc/ashyq-kiosk/config.toml", Err: syscall.EACCES}
	e := Errorf(StartOutboxOpen, "/var/lib/ashyq-kiosk/outbox.db", Cause(fmt.Errorf("open outbox: %w", full)))
	if got, want := e.Error(), "cannot open the outbox /var/lib/ashyq-kiosk/outbox.db: /var/lib/ashyq-kiosk/outbox.db: no space left on device"; got != want {
		t.Errorf("English: %q, want %q", got, want)
	}
	if !errors.Is(e, syscall.ENOSPC) {
		t.Error("errors.Is does not see the cause through the args")
	}
	for _, c := range []struct {
		lang string
		err  error
		want string
	}{
		{"ru", full, "/var/lib/ashyq-kiosk/outbox.db: на диске не осталось места"},
		{"kk", full, "/var/lib/ashyq-kiosk/outbox.db: дискіде орын қалмады"},
		{"ru", denied, "/etc/ashyq-kiosk/config.toml: нет прав доступа"},
		{"kk", denied, "/etc/ashyq-kiosk/config.toml: кіруге рұқсат жоқ"},
		{"ru", Errorf(CfgAt, "kiosk.toml", &fs.PathError{Op: "open", Path: "x", Err: syscall.ENOENT}), "kiosk.toml: x: нет такого файла или каталога"},
		{"kk", errors.Join(Errorf(CfgKey, "camera.fps", Errorf(CfgOutOfRange, 100, 1, 60)), Errorf(CfgKey, "owner.pin", Errorf(CfgPIN))),
			"camera.fps: 100 шектен тыс (рұқсат етілгені: 1 – 60)\nowner.pin: 4-тен 8-ге дейін сан болуы керек (иесінің мәзірін өшіру үшін бос қалдырыңыз)"},
		{"ru", errors.New("bbolt: something odd"), "bbolt: something odd"},
		{"ru", syscall.Errno(0x7fff), syscall.Errno(0x7fff).Error()},
	} {
		if got := Say(For(c.lang), c.err); got != c.want {
			t.Errorf("%s: %q, want %q", c.lang, got, c.want)
		}
	}
	// Cause keeps an error it cannot say better as it is.
	odd := fmt.Errorf("open outbox: %w", errors.New("bucket missing"))
	if Cause(odd) != odd {
		t.Errorf("Cause dropped the words of %v", odd)
	}
}

// TestSayRefusedConnection: an upstream that refuses the connection is said
// with its address, in the operator's language.
func TestSayRefusedConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = net.Dial("tcp", addr)
	if err == nil {
		t.Skip("something answers on a port just closed")
	}
	wrapped := fmt.Errorf("enrol: Post %q: %w", "http://"+addr+"/v1/enrol", err)
	for lang, want := range map[string]string{"ru": addr + ": в соединении отказано", "kk": addr + ": қосылудан бас тартылды"} {
		if got := Say(For(lang), Cause(wrapped)); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}
