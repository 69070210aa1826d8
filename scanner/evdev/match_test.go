package evdev

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite packaging/udev/70-ashyq-kiosk.rules from UdevRules")

// TestUdevRules: the packaged udev rule gives the kiosk's group exactly the
// devices "auto" takes, so a scanner auto selects is never one the kiosk
// may not open.
func TestUdevRules(t *testing.T) {
	path := filepath.Join("..", "..", "packaging", "udev", "70-ashyq-kiosk.rules")
	if *update {
		if err := os.WriteFile(path, []byte(UdevRules()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != UdevRules() {
		t.Fatalf("%s differs from UdevRules(): run go test ./scanner/evdev -run TestUdevRules -update", path)
	}
	for _, v := range ScannerVendors {
		if !strings.Contains(string(got), `ATTRS{id/vendor}=="`+v.ID+`"`) {
			t.Errorf("the rule lacks vendor %s", v.ID)
		}
	}
	if !strings.Contains(string(got), `ATTRS{name}=="*[Bb][Aa][Rr][Cc][Oo][Dd][Ee]*"`) {
		t.Error("the rule does not match scanners by name")
	}
}

// fakeInput makes an input device in a fake sysfs and udev database: node
// is its event node, links its by-id names.
func fakeInput(t *testing.T, dev, node, name, bus, vendor string, keyboard bool, links ...string) string {
	t.Helper()
	n := filepath.Join(dev, node)
	os.MkdirAll(filepath.Join(dev, "by-id"), 0o755)
	os.WriteFile(n, nil, 0o600)
	for _, l := range links {
		os.Symlink(n, filepath.Join(dev, "by-id", l))
	}
	sys := filepath.Join(sysClassInput, node)
	os.MkdirAll(filepath.Join(sys, "device", "id"), 0o755)
	os.WriteFile(filepath.Join(sys, "device", "name"), []byte(name+"\n"), 0o644)
	os.WriteFile(filepath.Join(sys, "device", "id", "bustype"), []byte(bus+"\n"), 0o644)
	os.WriteFile(filepath.Join(sys, "device", "id", "vendor"), []byte(vendor+"\n"), 0o644)
	minor := "6" + strings.TrimPrefix(node, "event")
	os.WriteFile(filepath.Join(sys, "dev"), []byte("13:"+minor+"\n"), 0o644)
	db := "E:ID_INPUT=1\n"
	if keyboard {
		db += "E:ID_INPUT_KEY=1\nE:ID_INPUT_KEYBOARD=1\n"
	}
	os.MkdirAll(udevData, 0o755)
	os.WriteFile(filepath.Join(udevData, "c13:"+minor), []byte(db), 0o644)
	return n
}

func fakeSys(t *testing.T) string {
	dir := t.TempDir()
	sysClassInput, udevData = filepath.Join(dir, "sys"), filepath.Join(dir, "udev")
	t.Cleanup(func() { sysClassInput, udevData = "/sys/class/input", "/run/udev/data" })
	return filepath.Join(dir, "input")
}

// TestAutoTakesScannersByMakerAndByName: "auto" takes a scanner whose name
// says nothing but whose USB maker makes scanners, and a Bluetooth scanner
// that has no USB vendor id and no by-id name; never a keyboard.
func TestAutoTakesScannersByMakerAndByName(t *testing.T) {
	dev := fakeSys(t)
	byMaker := fakeInput(t, dev, "event1", "HHP 1902", busUSB, "0c2e", true, "usb-HHP_1902_21035B3C6F-event-kbd")
	bt := fakeInput(t, dev, "event2", "NT-1228BL Barcode Scanner", busBluetooth, "0a5c", true)
	kbd := fakeInput(t, dev, "event3", "QEMU QEMU USB Keyboard", busUSB, "0627", true, "usb-QEMU_QEMU_USB_Keyboard_68284-0000:00:04.0-1-event-kbd")
	mouse := fakeInput(t, dev, "event4", "Barcode Scanner Mouse", busUSB, "1234", false)

	patterns, filter := Patterns([]string{Auto})
	if len(patterns) != 2 || patterns[0] != ByIDPattern || patterns[1] != EventPattern {
		t.Fatalf("auto patterns %q", patterns)
	}
	for path, want := range map[string]bool{byMaker: true, bt: true, kbd: false, mouse: false} {
		if got := filter(path); got != want {
			t.Errorf("auto takes %s (%s): %v, want %v", path, DeviceName(path), got, want)
		}
	}
	for _, c := range []struct {
		node, why string
		scanner   bool
	}{
		{byMaker, "USB vendor 0c2e is Honeywell", true},
		{bt, `contains "scanner"`, true},
		{kbd, "USB vendor 0627 is no known barcode-scanner maker", false},
	} {
		v := Identify(c.node, nil).Judge()
		if v.Scanner != c.scanner || !strings.Contains(v.Why, c.why) {
			t.Errorf("%s: %+v, want %v and %q", c.node, v, c.scanner, c.why)
		}
	}
	devs, err := List(dev)
	if err != nil || len(devs) != 4 {
		t.Fatalf("List = %+v, %v", devs, err)
	}
	if d := devs[1]; !d.Keyboard || !d.Scanner || !strings.Contains(d.Why, "scanner") {
		t.Errorf("the Bluetooth scanner listed as %+v", d)
	}
}
