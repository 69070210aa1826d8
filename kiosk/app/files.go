package app

import (
	"fmt"
	"io/fs"
	"os"
)

// The data directory and the log hold personal data (masked IINs, visit
// times): they are private to the kiosk's user. Anything looser found at
// start-up is tightened, and the log says so.
const privateDir fs.FileMode = 0o700

// tightened is a permission change made at start-up, logged once the log
// is open. The log file's own is sync/logfile's (File.Tightened).
type tightened struct {
	path     string
	old, new fs.FileMode
}

// privateDataDir creates dir (0700) or tightens an existing one that group
// or others can reach. It refuses a dir it cannot tighten.
func privateDataDir(dir string) (*tightened, error) {
	if err := os.MkdirAll(dir, privateDir); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("data directory %s is not a directory", dir)
	}
	old := fi.Mode().Perm()
	if old&0o077 == 0 {
		return nil, nil
	}
	if err := os.Chmod(dir, old&^0o077); err != nil {
		return nil, fmt.Errorf("data directory %s is mode %04o (open to other users) and cannot be made private: %w; run chmod 700 %s",
			dir, old, err, dir)
	}
	return &tightened{path: dir, old: old, new: old &^ 0o077}, nil
}
