// Package logfile is the log file both binaries write when they do not log
// to stderr (the journal): appended to, rotated once it reaches a size limit
// (the full file becomes FILE.1, replacing an older FILE.1), and reopened on
// request, which is what SIGUSR1 (the kiosk and the server) and SIGHUP (the
// server) do after an external logrotate moved it.
//
// A kiosk runs for months on a small SD card: without the limit, the log
// alone could fill the disk the outbox needs.
package logfile

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// DefaultMaxBytes is the rotation size when none is given.
const DefaultMaxBytes = 10 << 20

// File is an io.Writer safe for concurrent use.
type File struct {
	path string
	max  int64

	mu sync.Mutex
	// mu guards everything declared below.
	f     *os.File
	size  int64
	loose os.FileMode // the mode a loose file had before open made it 0600
}

// Open opens (or creates, mode 0600) path for appending. maxBytes <= 0 means
// DefaultMaxBytes.
func Open(path string, maxBytes int64) (*File, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	l := &File{path: path, max: maxBytes}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

// open opens the file without following a symbolic link (a planted link
// would send personal data elsewhere) and makes an existing file that group
// or others can read private, remembering the mode it had.
func (l *File) open() error {
	f, err := os.OpenFile(l.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND|syscall.O_NOFOLLOW, 0o600)
	if errors.Is(err, syscall.ELOOP) {
		return fmt.Errorf("open log file %s: it is a symbolic link, which is not followed; remove it or log to the real path", l.path)
	}
	if err != nil {
		return fmt.Errorf("open log file: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("open log file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return fmt.Errorf("open log file %s: not a regular file", l.path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return fmt.Errorf("log file %s is mode %04o (readable by other users) and cannot be made private: %w", l.path, perm, err)
		}
		l.loose = perm
	}
	l.f, l.size = f, fi.Size()
	return nil
}

// Tightened is the mode the file had when Open found it readable by other
// users and made it 0600, or 0 when it was private already; the caller
// logs it once its logger exists.
func (l *File) Tightened() os.FileMode {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.loose
}

// Name is the file's path.
func (l *File) Name() string { return l.path }

// Write appends p, rotating first when p would take the file past the
// limit. A log line is never split between two files.
func (l *File) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return 0, os.ErrClosed
	}
	if l.size > 0 && l.size+int64(len(p)) > l.max {
		if err := l.rotate(); err != nil {
			// Keep logging into the old file rather than lose lines.
			fmt.Fprintf(os.Stderr, "logfile: %v\n", err)
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

// rotate moves the full file to path.1 and starts a new one. Call with mu held.
func (l *File) rotate() error {
	if err := os.Rename(l.path, l.path+".1"); err != nil {
		return fmt.Errorf("rotate log file: %w", err)
	}
	old := l.f
	if err := l.open(); err != nil {
		l.f = old // still open: the renamed file takes the lines
		return err
	}
	return old.Close()
}

// Reopen closes the file and opens path again, so a file moved away by
// logrotate is let go and a new one started.
func (l *File) Reopen() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	old := l.f
	if err := l.open(); err != nil {
		return err // keep writing to the old file
	}
	if old != nil {
		return old.Close()
	}
	return nil
}

// Close closes the file; later writes fail with os.ErrClosed.
func (l *File) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// OnHangup makes SIGHUP (and SIGUSR1) reopen l (nil: just survive them,
// logging to stderr) until ctx ends: the server's way, where SIGHUP has no
// terminal to mean. Without it, SIGHUP would end the process: Go's default.
func OnHangup(ctx context.Context, l *File, log *slog.Logger) {
	OnSignal(ctx, l, log, syscall.SIGHUP, syscall.SIGUSR1)
}

// OnSignal makes sigs reopen l (nil: just survive them, logging to stderr)
// until ctx ends. The kiosk reopens on SIGUSR1 only: its SIGHUP is a
// terminal hanging up, which ends it.
func OnSignal(ctx context.Context, l *File, log *slog.Logger, sigs ...os.Signal) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	go func() {
		defer signal.Stop(ch)
		for {
			var sig os.Signal
			select {
			case <-ctx.Done():
				return
			case sig = <-ch:
			}
			name := signalName(sig)
			if l == nil {
				log.Info(name + ": logging to stderr, nothing to reopen")
				continue
			}
			if err := l.Reopen(); err != nil && !errors.Is(err, os.ErrClosed) {
				log.Error(name+": reopen log file", "error", err)
				continue
			}
			log.Info(name+": log file reopened", "file", l.Name())
		}
	}()
}

// signalName is "SIGHUP" for syscall.SIGHUP.
func signalName(s os.Signal) string {
	switch s {
	case syscall.SIGHUP:
		return "SIGHUP"
	case syscall.SIGUSR1:
		return "SIGUSR1"
	}
	return s.String()
}
