package doctor

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// minFreeMB is the free space below which the data directory fails even
// with a small storage.max_mb: the log and bbolt's growth need room too.
const minFreeMB = 64

// storageChecks: the data directory exists (or can be made), is private,
// writable, and has room for the outbox to grow to storage.max_mb.
func storageChecks(o Options) []Check {
	dir, t := o.Config.Storage.DataDir, o.t
	c := Check{Area: "storage", Item: dir}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		parent := filepath.Dir(dir)
		if unix.Access(parent, unix.W_OK) != nil {
			c.Detail = t.F(i18n.DocDirNoParent, safetext.Escape(parent, 80))
			c.Fix = t.F(i18n.DocDirCreateFix, fmt.Sprintf("install -d -m 700 -o %s %s", o.User, dir))
			return []Check{c}
		}
		c.OK, c.Detail = true, t.T(i18n.DocDirLater)
		return append([]Check{c}, freeSpace(o, parent))
	case err != nil:
		c.Detail, c.Fix = t.F(i18n.DocCannotRead, safetext.Clean(err.Error(), 120)), t.F(i18n.DocCheckPath, "storage.data_dir")
		return []Check{c}
	case !fi.IsDir():
		c.Detail, c.Fix = t.T(i18n.DocNotDir), t.F(i18n.DocNotDirFix, "storage.data_dir")
		return []Check{c}
	}
	var out []Check
	perm := Check{Area: "storage", Item: dir, OK: fi.Mode().Perm()&0o077 == 0,
		Detail: t.F(i18n.DocMode, fi.Mode().Perm())}
	if !perm.OK {
		perm.Detail = t.F(i18n.DocModeOpen, fi.Mode().Perm())
		perm.Fix = "chmod 700 " + dir
	}
	out = append(out, perm)

	w := Check{Area: "storage", Item: dir}
	if err := writeProbe(dir); err != nil {
		w.Detail = t.F(i18n.DocNotWritable, safetext.Clean(err.Error(), 120))
		w.Fix = t.F(i18n.DocChownFix, fmt.Sprintf("chown %s %s", o.User, dir))
	} else {
		w.OK, w.Detail = true, t.T(i18n.DocWritable)
	}
	out = append(out, w)

	return append(out, freeSpace(o, dir))
}

// freeSpace: room for the outbox to grow to storage.max_mb on dir's file
// system.
func freeSpace(o Options, dir string) Check {
	t := o.t
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return Check{Area: "storage", Item: dir, Detail: t.F(i18n.DocFreeUnknown, safetext.Clean(err.Error(), 120)),
			Fix: t.T(i18n.DocCheckFS)}
	}
	freeMB := int64(st.Bavail) * int64(st.Bsize) >> 20
	need := max(o.Config.Storage.MaxMB, minFreeMB)
	free := Check{Area: "storage", Item: dir, OK: freeMB >= need,
		Detail: t.F(i18n.DocFree, freeMB, o.Config.Storage.MaxMB, "storage.max_mb")}
	if !free.OK {
		free.Fix = t.F(i18n.DocFreeFix, "storage.max_mb")
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
