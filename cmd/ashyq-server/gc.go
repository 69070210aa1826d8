package main

import (
	"bufio"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// The garbage collector's setting for a server: memory is traded for CPU,
// as Go's GC guide suggests for a program that owns its machine. Under
// ingest load the collector took about a sixth of the server's CPU at Go's
// default (GOGC 100: a collection whenever the heap doubles; a door's batch
// allocates a few KiB and keeps nothing). At 400 it collects a fifth as
// often (make bench-upstream: the server's CPU per 6-event batch 0.36 ->
// 0.26 ms), the heap may grow to five times what is live, and a soft
// limit of half the machine's memory makes it collect harder
// before that matters. GOGC or GOMEMLIMIT in the environment win.
const (
	serverGCPercent = 400
	memoryShare     = 2 // the soft limit is MemTotal / memoryShare
)

// gcSettings is what tuneGC sets: the GC percent (0: leave it) and the
// soft memory limit (0: leave it), given the environment and the
// machine's memory in bytes (0: unknown).
func gcSettings(getenv func(string) string, memTotal uint64) (percent int, limit int64) {
	if getenv("GOGC") == "" {
		percent = serverGCPercent
	}
	if getenv("GOMEMLIMIT") == "" && memTotal > 0 {
		limit = int64(min(memTotal/memoryShare, 1<<62))
	}
	return percent, limit
}

// tuneGC applies gcSettings for this process.
func tuneGC() {
	percent, limit := gcSettings(os.Getenv, memTotal("/proc/meminfo"))
	if percent > 0 {
		debug.SetGCPercent(percent)
	}
	if limit > 0 {
		debug.SetMemoryLimit(limit)
	}
}

// memTotal reads MemTotal from a meminfo file in bytes; 0 if it cannot.
func memTotal(path string) uint64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, 64<<10))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != "MemTotal" {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0
		}
		kb, err := strconv.ParseUint(fields[0], 10, 64)
		if err != nil || kb > 1<<53 {
			return 0
		}
		return kb << 10
	}
	return 0
}
