// Package pgtest starts a throwaway PostgreSQL cluster for tests and
// benchmarks: initdb into a temporary directory, postgres listening on a Unix
// socket in it (no TCP port to collide on), stopped and removed at the end.
// It needs the Debian postgresql package; initdb refuses to run as root, so
// as root the cluster runs as the package's postgres user.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrNoPostgres means no PostgreSQL server binaries were found.
var ErrNoPostgres = errors.New("no PostgreSQL server found (install the Debian postgresql package)")

// Cluster is a running throwaway cluster.
type Cluster struct {
	dir  string // holds data/ and the socket; removed by Stop
	cmd  *exec.Cmd
	done chan error
}

// Options tune the cluster.
type Options struct {
	// Durable keeps fsync and synchronous commit on, as a production
	// database runs (benchmarks); tests turn them off for speed.
	Durable bool
}

// binDir returns the newest /usr/lib/postgresql/N/bin holding initdb, or the
// directory of initdb on PATH.
func binDir() (string, error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(matches, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(matches[i]))))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(matches[j]))))
		return vi > vj
	})
	if len(matches) > 0 {
		return filepath.Dir(matches[0]), nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", ErrNoPostgres
}

// Start makes and starts a cluster. The caller must Stop it.
func Start(opts Options) (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "ashyq-pg-")
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pgtest: running as root needs the postgres user of the postgresql package: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pgtest: %w", err)
		}
	}
	run := func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL}
		return cmd
	}
	data := filepath.Join(dir, "data")
	if out, err := run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pgtest: initdb: %v\n%s", err, out)
	}
	args := []string{"-D", data, "-k", dir, "-c", "listen_addresses=", "-c", "max_connections=200",
		"-c", "shared_buffers=128MB", "-c", "log_min_messages=warning"}
	if !opts.Durable {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	cmd := run("postgres", args...)
	logf, err := os.Create(filepath.Join(dir, "postgres.log"))
	if err == nil {
		cmd.Stdout, cmd.Stderr = logf, logf
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pgtest: start postgres: %w", err)
	}
	c := &Cluster{dir: dir, cmd: cmd, done: make(chan error, 1)}
	go func() { c.done <- cmd.Wait(); logf.Close() }()
	if err := c.waitReady(30 * time.Second); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
		c.Stop()
		return nil, fmt.Errorf("pgtest: %w\n%s", err, log)
	}
	return c, nil
}

// URL is the connection URL of database postgres with extra query
// parameters (for example search_path).
func (c *Cluster) URL(params url.Values) string {
	q := url.Values{"host": {c.dir}, "sslmode": {"disable"}}
	for k, v := range params {
		q[k] = v
	}
	return "postgres://postgres@/postgres?" + q.Encode()
}

func (c *Cluster) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		select {
		case err := <-c.done:
			c.done <- err
			return fmt.Errorf("postgres exited: %v", err)
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn, err := pgx.Connect(ctx, c.URL(nil))
		if err == nil {
			conn.Close(ctx)
			cancel()
			return nil
		}
		cancel()
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres not ready after %v: %w", limit, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// PID is the process id of the cluster's postmaster, whose children are
// its server processes.
func (c *Cluster) PID() int { return c.cmd.Process.Pid }

// NewSchema creates an empty schema and returns the URL that uses it, so
// every test gets a fresh database without the cost of CREATE DATABASE.
func (c *Cluster) NewSchema(ctx context.Context) (string, error) {
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	conn, err := pgx.Connect(ctx, c.URL(nil))
	if err != nil {
		return "", fmt.Errorf("pgtest: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		return "", fmt.Errorf("pgtest: %w", err)
	}
	return c.URL(url.Values{"search_path": {name}}), nil
}

// Stop shuts the cluster down (fast shutdown) and removes its directory.
func (c *Cluster) Stop() {
	if c.cmd.Process != nil {
		_ = c.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-c.done:
		case <-time.After(15 * time.Second):
			_ = c.cmd.Process.Kill()
			<-c.done
		}
	}
	os.RemoveAll(c.dir)
}

// Required reports whether a missing PostgreSQL must fail rather than skip:
// in CI (CI=true) the tests on PostgreSQL must run.
func Required() bool { return os.Getenv("CI") == "true" }

// Shared is a cluster started the first time a test of the binary asks for
// a schema; TestMain stops it:
//
//	var pg pgtest.Shared
//	func TestMain(m *testing.M) { code := m.Run(); pg.Stop(); os.Exit(code) }
type Shared struct {
	once    sync.Once
	cluster *Cluster
	err     error
}

// URL returns the URL of a fresh, empty schema. Without PostgreSQL the test
// skips, except in CI (Required), where it fails.
func (s *Shared) URL(t testing.TB) string {
	t.Helper()
	s.once.Do(func() { s.cluster, s.err = Start(Options{}) })
	if s.err != nil {
		if errors.Is(s.err, ErrNoPostgres) && !Required() {
			t.Skipf("PostgreSQL not tested: %v", s.err)
		}
		t.Fatalf("PostgreSQL: %v", s.err)
	}
	u, err := s.cluster.NewSchema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Stop stops the cluster if one was started.
func (s *Shared) Stop() {
	if s.cluster != nil {
		s.cluster.Stop()
	}
}
