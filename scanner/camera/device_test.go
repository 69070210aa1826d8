package camera

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/pion/mediadevices/pkg/driver/availability"
)

func TestDeviceKeysFollowSymlinks(t *testing.T) {
	dir := t.TempDir()
	node := filepath.Join(dir, "video7")
	if err := os.WriteFile(node, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	byID := filepath.Join(dir, "usb-Acme_Cam-video-index0")
	if err := os.Symlink("video7", byID); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dev  string
		want []string
	}{
		{byID, []string{"usb-Acme_Cam-video-index0", "video7"}},
		{node, []string{"video7"}},
		{filepath.Join(dir, "unplugged"), []string{"unplugged"}},
		{"cameratest-3", []string{"cameratest-3"}},
	} {
		if got := deviceKeys(tc.dev); !slices.Equal(got, tc.want) {
			t.Errorf("deviceKeys(%q) = %q, want %q", tc.dev, got, tc.want)
		}
	}
}

func TestLabelMatches(t *testing.T) {
	for _, tc := range []struct {
		label, key string
		want       bool
	}{
		{"usb-Acme_Cam-video-index0;video0", "usb-Acme_Cam-video-index0", true},
		{"usb-Acme_Cam-video-index0;video0", "video0", true},
		{"video0;video0", "video0", true},
		{"video0;video0", "video1", false},
		{"video10;video10", "video1", false},
		{"cameratest-1", "cameratest-1", true},
		{"cameratest-1", "cameratest", false},
	} {
		if got := labelMatches(tc.label, tc.key); got != tc.want {
			t.Errorf("labelMatches(%q, %q) = %v, want %v", tc.label, tc.key, got, tc.want)
		}
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		err        error
		busy, none bool
	}{
		{fmt.Errorf("set format: %w", syscall.EBUSY), true, false},
		{availability.ErrBusy, true, false},
		{fmt.Errorf("open: %w", syscall.ENODEV), false, true},
		{&os.PathError{Op: "open", Path: "/dev/video0", Err: syscall.ENOENT}, false, true},
		{availability.ErrNoDevice, false, true},
		{errors.New("failed to find the best driver that fits the constraints"), false, false},
	} {
		got := classify("cam", tc.err)
		if errors.Is(got, errBusy) != tc.busy || errors.Is(got, errNoCamera) != tc.none {
			t.Errorf("classify(%v) = %v: busy %v, missing %v; want %v, %v",
				tc.err, got, errors.Is(got, errBusy), errors.Is(got, errNoCamera), tc.busy, tc.none)
		}
	}
}

func TestLabelNode(t *testing.T) {
	for label, want := range map[string]string{
		"video10;video10":                       "/dev/video10",
		"usb-Logitech_C270-video-index0;video0": "/dev/video0",
		"cameratest-1":                          "",
		"x;../sda":                              "",
	} {
		if got := labelNode(label); got != want {
			t.Errorf("labelNode(%q) = %q, want %q", label, got, want)
		}
	}
}
