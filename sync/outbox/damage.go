package outbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// ErrDamaged: bbolt hit a damaged page during an operation (a file too big
// for Open's full check can hide one). The operation failed and changed
// nothing. Close and Open the outbox again: Open then checks every page and
// moves the file aside if the damage is real.
var ErrDamaged = errors.New("outbox file damaged")

// damagedMarker names the file that makes the next Open check every page,
// whatever the file's size.
func damagedMarker(path string) string { return path + ".damaged" }

// recoverDamage, deferred directly, turns a bbolt panic (or, with
// debug.SetPanicOnFault, a memory fault) into ErrDamaged and leaves the
// marker for the next Open. bbolt's managed transactions roll back on panic,
// so the file lock and the writer are free again afterwards.
func (o *Outbox) recoverDamage(op string, err *error) {
	p := recover()
	if p == nil {
		return
	}
	*err = fmt.Errorf("%s: %w: %v", op, ErrDamaged, p)
	o.log.Error("outbox file damaged; close and reopen to check and recover it", "path", o.path, "op", op, "panic", fmt.Sprint(p))
	if werr := os.WriteFile(damagedMarker(o.path), []byte(fmt.Sprint(p)), 0o600); werr != nil {
		o.log.Error("outbox: cannot leave the damage marker", "path", damagedMarker(o.path), "err", werr)
	}
}

// damageReported says whether an earlier run left the marker.
func damageReported(path string) bool {
	_, err := os.Stat(damagedMarker(path))
	return err == nil
}

// clearDamageMarker removes the marker once Open has checked every page.
func clearDamageMarker(path string) error {
	if err := os.Remove(damagedMarker(path)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
