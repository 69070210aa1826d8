package pgtest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// Plain is the reference that benchmarks hold the PostgreSQL store's ingest
// to: a plain pgx client that inserts each batch's events into the events
// table of the server's own schema (migrated by the store) with one
// INSERT, the batch's only statement, so one round trip and one commit.
// It reads nothing, checks nothing and keeps no other row (no devices,
// counters, hours or presence): what the database itself can take of the
// same rows, batches and concurrency. Receive numbers come from a counter
// in memory. Never use it to store anything real.
type Plain struct {
	pool *pgxpool.Pool
	mu   sync.Mutex       // guards next
	next map[string]int64 // the next receive number per venue
}

// NewPlain connects to url with at most conns connections. Every venue it
// will be sent must exist in the schema (the events reference them).
func NewPlain(ctx context.Context, url string, conns int32) (*Plain, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("plain client: %w", err)
	}
	cfg.MaxConns = conns
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("plain client: %w", err)
	}
	return &Plain{pool: pool, next: map[string]int64{}}, nil
}

// Close closes the client's connections.
func (p *Plain) Close() { p.pool.Close() }

// Send inserts the batch's events for venue and acknowledges every one.
func (p *Plain) Send(ctx context.Context, venue string, b wire.EventBatch) (wire.BatchResult, error) {
	n := len(b.Events)
	var (
		ids, devs, kinds, bodies = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		ns, seqs                 = make([]int64, n), make([]int64, n)
		digests                  = make([][]byte, n)
		scanned                  = make([]time.Time, n)
	)
	p.mu.Lock()
	first := p.next[venue] + 1
	p.next[venue] += int64(n)
	p.mu.Unlock()
	for i, e := range b.Events {
		body, err := json.Marshal(e)
		if err != nil {
			return wire.BatchResult{}, fmt.Errorf("plain client: %w", err)
		}
		d := store.EventDigest(e)
		ids[i], devs[i], kinds[i], bodies[i] = e.ID, e.Device, string(e.Kind), string(body)
		ns[i], seqs[i], digests[i], scanned[i] = first+int64(i), int64(e.Seq), d[:], e.ScannedAt
	}
	_, err := p.pool.Exec(ctx, `INSERT INTO events (venue, id, n, digest, device, seq, kind, received, body, scanned)
		SELECT $1, u.id, u.n, u.digest, u.device, u.seq, u.kind, now(), u.body::jsonb, u.scanned
		FROM unnest($2::text[], $3::bigint[], $4::bytea[], $5::text[], $6::bigint[], $7::text[], $8::text[],
			$9::timestamptz[]) AS u(id, n, digest, device, seq, kind, body, scanned)`,
		venue, ids, ns, digests, devs, seqs, kinds, bodies, scanned)
	if err != nil {
		return wire.BatchResult{}, fmt.Errorf("plain client: %w", err)
	}
	return wire.BatchResult{Accepted: ids, Duplicates: []string{}, Rejected: []wire.Rejection{}}, nil
}
