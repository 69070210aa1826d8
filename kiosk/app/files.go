package app

import (
	"io/fs"
	"os"

	"github.com/ashyq/kiosk/kiosk/i18n"
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
		return nil, i18n.Errorf(i18n.StartDataDir, i18n.Cause(err))
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, i18n.Errorf(i18n.StartDataDir, i18n.Cause(err))
	}
	if !fi.IsDir() {
		return nil, i18n.Errorf(i18n.StartDataNotDir, dir)
	}
	old := fi.Mode().Perm()
	if old&0o077 == 0 {
		return nil, nil
	}
	if err := os.Chmod(dir, old&^0o077); err != nil {
		var cause error = err
		if pe, ok := err.(*fs.PathError); ok { // its path is said already
			cause = pe.Err
		}
		return nil, i18n.Errorf(i18n.StartDataPrivate, dir, old, cause, dir)
	}
	return &tightened{path: dir, old: old, new: old &^ 0o077}, nil
}
