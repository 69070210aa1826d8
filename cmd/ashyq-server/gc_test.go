package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestGCSettings(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tc := range []struct {
		name    string
		env     map[string]string
		mem     uint64
		percent int
		limit   int64
	}{
		{"defaults", nil, 8 << 30, serverGCPercent, 4 << 30},
		{"GOGC set", map[string]string{"GOGC": "100"}, 8 << 30, 0, 4 << 30},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "1GiB"}, 8 << 30, serverGCPercent, 0},
		{"memory unknown", nil, 0, serverGCPercent, 0},
	} {
		percent, limit := gcSettings(env(tc.env), tc.mem)
		if percent != tc.percent || limit != tc.limit {
			t.Errorf("%s: %d, %d; want %d, %d", tc.name, percent, limit, tc.percent, tc.limit)
		}
	}
}

func TestMemTotal(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		text string
		want uint64
	}{
		{"MemTotal:       24576000 kB\nMemFree:        1000 kB\n", 24576000 << 10},
		{"MemFree:        1000 kB\nMemTotal: 2048 kB\n", 2048 << 10},
		{"MemTotal: lots\n", 0},
		{"MemTotal: 2048 MB\n", 0},
		{"MemTotal: 99999999999999999999 kB\n", 0},
		{"", 0},
	} {
		p := filepath.Join(dir, "meminfo")
		if err := os.WriteFile(p, []byte(tc.text), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := memTotal(p); got != tc.want {
			t.Errorf("%q: %d, want %d", tc.text, got, tc.want)
		}
	}
	if got := memTotal(filepath.Join(dir, "missing")); got != 0 {
		t.Errorf("a missing file: %d", got)
	}
}
