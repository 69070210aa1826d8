package doctor

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// minFreeMB is the free space below which the data directory fails even
// with a small storage.max_mb: the log and bbolt's growth need room too.
const minFreeMB = 64

// storageChecks: the data directory exists (or can be made), is private,
// writable, and has room for the outbox to grow to storage.max_mb.
func storageChecks(o Options) []Check {
	dir := o.Config.Storage.DataDir
	c := Check{Area: "storage", Item: dir}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		parent := filepath.Dir(dir)
		if unix.Access(parent, unix.W_OK) != nil {
			c.Detail = "does not exist, and " + safetext.Escape(parent, 80) + " is not writable"
			c.Fix = fmt.Sprintf("create it for the kiosk's user: install -d -m 700 -o %s %s", o.User, dir)
			return []Check{c}
		}
		c.OK, c.Detail = true, "does not exist yet; the kiosk creates it (mode 700) at start"
		return append([]Check{c}, freeSpace(o, parent))
	case err != nil:
		c.Detail, c.Fix = "cannot be read: "+safetext.Clean(err.Error(), 120), "check the path in storage.data_dir"
		return []Check{c}
	case !fi.IsDir():
		c.Detail, c.Fix = "is not a directory", "point storage.data_dir at a directory"
		return []Check{c}
	}
	var out []Check
	perm := Check{Area: "storage", Item: dir, OK: fi.Mode().Perm()&0o077 == 0,
		Detail: fmt.Sprintf("mode %04o", fi.Mode().Perm())}
	if !perm.OK {
		perm.Detail += ": other users can read the outbox (it holds IINs)"
		perm.Fix = "chmod 700 " + dir
	}
	out = append(out, perm)

	w := Check{Area: "storage", Item: dir}
	if err := writeProbe(dir); err != nil {
		w.Detail = "not writable: " + safetext.Clean(err.Error(), 120)
		w.Fix = fmt.Sprintf("give it to the kiosk's user: chown %s %s", o.User, dir)
	} else {
		w.OK, w.Detail = true, "writable (a probe file was written, synced and removed)"
	}
	out = append(out, w)

	return append(out, freeSpace(o, dir))
}

// freeSpace: room for the outbox to grow to storage.max_mb on dir's file
// system.
func freeSpace(o Options, dir string) Check {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return Check{Area: "storage", Item: dir, Detail: "free space unknown: " + safetext.Clean(err.Error(), 120),
			Fix: "check the file system"}
	}
	freeMB := int64(st.Bavail) * int64(st.Bsize) >> 20
	need := max(o.Config.Storage.MaxMB, minFreeMB)
	free := Check{Area: "storage", Item: dir, OK: freeMB >= need,
		Detail: fmt.Sprintf("%d MiB free; the outbox may grow to %d MiB (storage.max_mb)", freeMB, o.Config.Storage.MaxMB)}
	if !free.OK {
		free.Fix = "free some space, or lower storage.max_mb; when the disk fills the kiosk answers NOT RECORDED"
	}
	return free
}

func writeProbe(dir string) error {
	f, err := os.CreateTemp(dir, ".doctor-probe-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.WriteString("probe"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
