package servercli

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// userHZ is the unit of /proc/PID/stat's CPU times (Linux's USER_HZ,
// 100 on every architecture it supports).
const userHZ = 100

// cpuMeter is the CPU time that the processes of one side of
// BenchmarkUpstream have used, by role: the database (the postmaster and
// every server process it forked, live or exited), the server replicas,
// haproxy, and this process (loadgen, or the plain client). Each is read
// from /proc, so other programs on the machine do not count.
type cpuMeter struct {
	db, proxy int   // process ids; 0 for none
	servers   []int // process ids
}

// cpuTimes are a cpuMeter's readings.
type cpuTimes struct{ db, server, proxy, client time.Duration }

func (m cpuMeter) read(b *testing.B) cpuTimes {
	var t cpuTimes
	if m.db != 0 {
		t.db = procCPU(b, m.db, true)
		for _, child := range childrenOf(m.db) {
			t.db += procCPU(b, child, false)
		}
	}
	for _, pid := range m.servers {
		t.server += procCPU(b, pid, false)
	}
	if m.proxy != 0 {
		t.proxy = procCPU(b, m.proxy, false)
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatalf("getrusage: %v", err)
	}
	t.client = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return t
}

// cpuPerBatch is the CPU a batch cost, in ms, by role and in all.
type cpuPerBatch struct{ db, server, proxy, client, total float64 }

// report reports the CPU used between before and after per batch, by
// role, and in all (ms of CPU per batch), and returns it.
func (m cpuMeter) report(b *testing.B, before, after cpuTimes, batches int) cpuPerBatch {
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(batches) }
	c := cpuPerBatch{db: per(after.db - before.db), server: per(after.server - before.server),
		proxy: per(after.proxy - before.proxy), client: per(after.client - before.client)}
	for _, r := range []struct {
		name string
		ms   float64
		ran  bool // the role has a process here (bbolt's database is the server)
	}{{"db", c.db, m.db != 0}, {"server", c.server, len(m.servers) > 0},
		{"proxy", c.proxy, m.proxy != 0}, {"client", c.client, true}} {
		if r.ran {
			b.ReportMetric(r.ms, r.name+"-cpu-ms/batch")
			c.total += r.ms
		}
	}
	b.ReportMetric(c.total, "cpu-ms/batch")
	return c
}

// procCPU is a process's user and system time from /proc/PID/stat, with
// its reaped children's if children is set.
func procCPU(b *testing.B, pid int, children bool) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0 // exited: an exited server process is in its parent's children's times
	}
	// The command name, in parentheses, may hold spaces: fields count
	// from after its closing parenthesis (field 3, state, comes first).
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	field := func(n int) int64 { // n counts as proc(5) does
		v, err := strconv.ParseInt(f[n-3], 10, 64)
		if err != nil {
			b.Fatalf("/proc/%d/stat field %d: %v", pid, n, err)
		}
		return v
	}
	ticks := field(14) + field(15)
	if children {
		ticks += field(16) + field(17)
	}
	return time.Duration(ticks) * time.Second / userHZ
}

// childrenOf lists the live processes whose parent is pid.
func childrenOf(pid int) []int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var out []int
	for _, p := range stats {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			n, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
			out = append(out, n)
		}
	}
	return out
}

func TestServerBudget(t *testing.T) {
	plain := cpuPerBatch{db: 0.39, client: 0.12, total: 0.51}
	run := cpuPerBatch{db: 0.28, server: 0.24, proxy: 0.06, client: 0.12, total: 0.70}
	// 0.51/0.9 = 0.5667 per batch in all; the database, haproxy and
	// loadgen took 0.46 of it, which leaves the replicas 0.1067.
	if got := serverBudget(plain, run, 0.9); math.Abs(got-0.10667) > 1e-4 {
		t.Errorf("budget %.5f ms, want 0.10667", got)
	}
	// the rest alone over what target allows: no server reaches it
	run.db, run.total = 0.9, 1.32
	if got := serverBudget(plain, run, 0.9); got >= 0 {
		t.Errorf("budget %.5f ms with the database alone over the target's CPU, want below 0", got)
	}
}
