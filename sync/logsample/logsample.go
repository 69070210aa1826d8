// Package logsample keeps a flood from wiping a log: of each kind of line
// (a key: "401 GET /v1/events", "http: TLS handshake error"), the first
// Burst in a window are written, the rest only counted, and one summary line
// per window says how many of each were left out and from which clients. A
// flood of 215,000 refused requests in a minute becomes a few dozen lines,
// and the log's rotation keeps what came before it.
package logsample

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
)

// Defaults.
const (
	DefaultBurst  = 20
	DefaultWindow = time.Minute
	// maxKeys and maxClients bound what a window remembers; past them the
	// rest is counted under "other".
	maxKeys    = 256
	maxClients = 1024
	// summaryTop is how many keys and clients a summary names.
	summaryTop = 5
)

// Sampler decides which lines are written. Safe for concurrent use.
type Sampler struct {
	burst  int
	window time.Duration
	now    func() time.Time

	mu      sync.Mutex // guards everything below
	start   time.Time
	seen    map[string]int // lines of each key in the window
	dropped map[string]int // of which left out
	clients map[string]int // left-out lines by client
	total   int            // left out in the window
}

// New makes a sampler; burst <= 0 and window <= 0 take the defaults, now
// nil is time.Now.
func New(burst int, window time.Duration, now func() time.Time) *Sampler {
	if burst <= 0 {
		burst = DefaultBurst
	}
	if window <= 0 {
		window = DefaultWindow
	}
	if now == nil {
		now = time.Now
	}
	return &Sampler{burst: burst, window: window, now: now, seen: map[string]int{}, dropped: map[string]int{},
		clients: map[string]int{}}
}

// Summary is what a window left out.
type Summary struct {
	Start   time.Time
	Window  time.Duration
	Total   int
	ByKey   string // "401 GET /v1/events=213900, 404 unmatched=100"
	Clients string // the clients that sent most of it
}

// Attrs is the summary as log attributes.
func (s Summary) Attrs() []slog.Attr {
	return []slog.Attr{slog.Time("window_start", s.Start), slog.Duration("window", s.Window),
		slog.Int("left_out", s.Total), slog.String("by_kind", s.ByKey), slog.String("top_clients", s.Clients)}
}

// Allow reports whether a line of key (from client, maybe "") is to be
// written, and returns the summary of the window that ended, if it left
// anything out, to be written first.
func (s *Sampler) Allow(key, client string) (bool, *Summary) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var sum *Summary
	if now.Sub(s.start) >= s.window || now.Before(s.start) {
		sum = s.roll(now)
	}
	if _, ok := s.seen[key]; !ok && len(s.seen) >= maxKeys {
		key = "other"
	}
	s.seen[key]++
	if s.seen[key] <= s.burst {
		return true, sum
	}
	s.dropped[key]++
	s.total++
	if client != "" {
		if _, ok := s.clients[client]; ok || len(s.clients) < maxClients {
			s.clients[client]++
		}
	}
	return false, sum
}

// Flush returns the current window's summary if it left anything out, and
// starts a new window (at shutdown).
func (s *Sampler) Flush() *Summary {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.roll(s.now())
}

// roll ends the window. mu held.
func (s *Sampler) roll(now time.Time) *Summary {
	var sum *Summary
	if s.total > 0 {
		sum = &Summary{Start: s.start, Window: now.Sub(s.start), Total: s.total, ByKey: top(s.dropped), Clients: top(s.clients)}
	}
	s.start, s.total = now, 0
	clear(s.seen)
	clear(s.dropped)
	clear(s.clients)
	return sum
}

// top names the largest counts, largest first, and sums the rest.
func top(m map[string]int) string {
	type kv struct {
		k string
		n int
	}
	all := make([]kv, 0, len(m))
	for k, n := range m {
		all = append(all, kv{k, n})
	}
	slices.SortFunc(all, func(a, b kv) int { return cmp.Or(b.n-a.n, strings.Compare(a.k, b.k)) })
	var parts []string
	rest := 0
	for i, e := range all {
		if i < summaryTop {
			parts = append(parts, fmt.Sprintf("%s=%d", e.k, e.n))
		} else {
			rest += e.n
		}
	}
	if rest > 0 {
		parts = append(parts, fmt.Sprintf("others=%d", rest))
	}
	return strings.Join(parts, ", ")
}

// Handler is a slog.Handler that samples records by a key its function
// gives (records without a key pass), writing a summary record ("log lines
// left out") before the first record after a window that left some out.
type Handler struct {
	next slog.Handler
	s    *Sampler
	key  func(slog.Record) string
}

// NewHandler samples next's records by key (see Handler).
func NewHandler(next slog.Handler, s *Sampler, key func(slog.Record) string) *Handler {
	return &Handler{next: next, s: s, key: key}
}

func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	k := h.key(r)
	if k == "" {
		return h.next.Handle(ctx, r)
	}
	ok, sum := h.s.Allow(k, "")
	if sum != nil {
		sr := slog.NewRecord(r.Time, slog.LevelWarn, "log lines left out (a flood)", 0)
		sr.AddAttrs(sum.Attrs()...)
		_ = h.next.Handle(ctx, sr)
	}
	if !ok {
		return nil
	}
	return h.next.Handle(ctx, r)
}

func (h *Handler) WithAttrs(as []slog.Attr) slog.Handler {
	return &Handler{next: h.next.WithAttrs(as), s: h.s, key: h.key}
}

func (h *Handler) WithGroup(name string) slog.Handler {
	return &Handler{next: h.next.WithGroup(name), s: h.s, key: h.key}
}

// MessagePrefix keys a record by its message up to the first " from ",
// digit or colon after the first word: "http: TLS handshake error from
// 1.2.3.4:5: EOF" and its kin share one key, whatever the address.
func MessagePrefix(r slog.Record) string {
	m := r.Message
	if i := strings.Index(m, " from "); i >= 0 {
		m = m[:i]
	}
	if i := strings.IndexAny(m, "0123456789"); i >= 0 {
		m = m[:i]
	}
	if len(m) > 80 {
		m = m[:80]
	}
	return m
}
