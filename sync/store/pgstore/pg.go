package pgstore

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// Store is the store.Store in PostgreSQL, shared by any number of replicas.
// The schema is in pgschema/; how a batch commits is described at Ingest.
type Store struct {
	pool *pgxpool.Pool
	// ingest is ingestFast's pool: its connections plan every statement
	// once for any parameters (plan_cache_mode force_generic_plan), so
	// groupDerived is not planned again for every group of a few events, as
	// PostgreSQL's choice between a custom and a generic plan would (a
	// custom plan of it costs the database as much as the statement). And
	// they never scan a whole table (enable_seqscan off): every row they
	// touch is found by its key, but a generic plan, which guesses ten rows
	// from each array, finds a scan of a few hundred or thousand venues
	// cheaper than as many lookups, and it costs a group more than its
	// events. Its connections send ingestFast's columns as they are
	// (sendArraysRaw).
	ingest  *pgxpool.Pool
	batches atomic.Int64 // batches with events given to Ingest
	locked  atomic.Int64 // batches Ingest took the venue's lock for (a benchmark reports the share)
	groups  atomic.Int64 // groups of several batches written together
	grouped atomic.Int64 // batches written in those groups
	// beforeWrite, when set (tests only), runs in ingestFast between its
	// planning and its write: another replica's batch lands there.
	beforeWrite func()
	lanes       []*committer  // batches waiting to be written together
	small       chan struct{} // the token of the one small group written at a time
	turn        atomic.Int64  // nanoseconds small groups held the token (IngestStats.Turn)
}

// defaultPoolConns is the pool size when the URL sets no pool_max_conns:
// ingest of different venues runs in parallel, so a few more connections
// than cores keep the database busy while others wait on the network.
const defaultPoolConns = 16

// Open connects, migrates the schema to the newest version (under an
// advisory lock, so replicas may start together) and returns the store.
func Open(ctx context.Context, url string) (*Store, error) {
	pool, err := connectPostgres(ctx, url, nil, nil)
	if err != nil {
		return nil, err
	}
	if _, err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	ingest, err := connectPostgres(ctx, url, map[string]string{"plan_cache_mode": "force_generic_plan", "enable_seqscan": "off"},
		sendArraysRaw)
	if err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{pool: pool, ingest: ingest, lanes: newLanes(), small: make(chan struct{}, 1)}, nil
}

// connectPostgres opens a pool whose connections set params (and adjust
// their types with types, if set), and checks that the server answers.
// Errors never repeat the URL, which may hold a password.
func connectPostgres(ctx context.Context, url string, params map[string]string, types func(*pgtype.Map)) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, errors.New("open store: the PostgreSQL URL does not parse (postgres://USER@HOST:PORT/DB?...)")
	}
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = defaultPoolConns
	}
	for k, v := range params {
		cfg.ConnConfig.RuntimeParams[k] = v
	}
	if types != nil {
		cfg.AfterConnect = func(_ context.Context, conn *pgx.Conn) error {
			types(conn.TypeMap())
			return nil
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open store: connect to PostgreSQL: %w", err)
	}
	return pool, nil
}

func (st *Store) Close() error {
	st.pool.Close()
	st.ingest.Close()
	return nil
}

// Ping runs a query on a connection of the pool: the database answers.
func (st *Store) Ping(ctx context.Context) error {
	var one int
	if err := st.pool.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	return nil
}

// PutStatuses also revokes the passes of every person whose status it
// changes, in the same transaction (store_postgres_passes.go).
func (st *Store) PutStatuses(ctx context.Context, m map[string]wire.Status) error {
	return st.putStatusesRevoking(ctx, m)
}

func (st *Store) Status(ctx context.Context, iin string) (wire.Status, error) {
	var s string
	err := st.pool.QueryRow(ctx, "SELECT status FROM registry WHERE iin = $1", iin).Scan(&s)
	if errors.Is(err, pgx.ErrNoRows) {
		return wire.Blue, nil
	}
	return wire.Status(s), err
}

func scanDevice(row pgx.CollectableRow) (store.DeviceRecord, error) {
	var rec store.DeviceRecord
	var have []byte
	if err := row.Scan(&rec.Venue, &rec.Device, &rec.Received, &rec.Reused, &rec.Lookups, &rec.LastSeen, &have); err != nil {
		return rec, err
	}
	if err := json.Unmarshal(have, &rec.Have); err != nil {
		return rec, fmt.Errorf("decode received seqs: %w", err)
	}
	rec.LastSeen = rec.LastSeen.UTC()
	return rec, nil
}

func (st *Store) Counters(ctx context.Context, venue string) (store.Counters, error) {
	var e, x, r, in int64
	var o, u int64
	err := st.pool.QueryRow(ctx, "SELECT entries, exits, refusals, inside, overrides, unchecked FROM venues WHERE name = $1",
		venue).Scan(&e, &x, &r, &in, &o, &u)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Counters{}, nil
	}
	return store.Counters{Entries: uint64(e), Exits: uint64(x), Refusals: uint64(r), Inside: uint64(in),
		Overrides: uint64(o), Unchecked: uint64(u)}, err
}

func (st *Store) HasEvent(ctx context.Context, venue, id string) (bool, error) {
	var ok bool
	err := st.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM events WHERE venue = $1 AND id = $2)", venue, id).Scan(&ok)
	return ok, err
}

// ListEvents: the cursor is the receive number n of the last event returned;
// see Ingest for why no later commit can appear below it.
func (st *Store) ListEvents(ctx context.Context, venue, cursor string, limit int) (store.EventPage, error) {
	after, err := store.ParseCursor(cursor)
	if err != nil {
		return store.EventPage{}, err
	}
	page := store.EventPage{Events: []wire.Event{}, Resume: cursor}
	if after >= math.MaxInt64 {
		return page, nil
	}
	rows, err := st.pool.Query(ctx, "SELECT n, body FROM events WHERE venue = $1 AND n > $2 ORDER BY n LIMIT $3",
		venue, int64(after), limit+1)
	if err != nil {
		return store.EventPage{}, fmt.Errorf("list events: %w", err)
	}
	var ns []int64
	var sizes []int
	evs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (wire.Event, error) {
		var n int64
		var body []byte
		var e wire.Event
		if err := row.Scan(&n, &body); err != nil {
			return e, err
		}
		ns, sizes = append(ns, n), append(sizes, len(body))
		return e, json.Unmarshal(body, &e)
	})
	if err != nil {
		return store.EventPage{}, fmt.Errorf("list events: %w", err)
	}
	if len(evs) > limit {
		evs, page.More = evs[:limit], true
	}
	if n := pageBytesCut(sizes); n < len(evs) {
		evs, page.More = evs[:n], true
	}
	if len(evs) > 0 {
		page.Resume = strconv.FormatInt(ns[len(evs)-1], 10)
	}
	page.Events = append(page.Events, evs...)
	return page, nil
}

// pageBytesCut is how many of the events (of these stored sizes) fit in
// store.ListPageBytes, at least one.
func pageBytesCut(sizes []int) int {
	total := 0
	for i, n := range sizes {
		if total += n; i > 0 && total > store.ListPageBytes {
			return i
		}
	}
	return len(sizes)
}

func (st *Store) RecentEvents(ctx context.Context, venue string, limit int) ([]wire.Event, error) {
	rows, err := st.pool.Query(ctx, "SELECT body FROM events WHERE venue = $1 ORDER BY n DESC LIMIT $2", venue, limit)
	if err != nil {
		return nil, fmt.Errorf("recent events: %w", err)
	}
	evs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (wire.Event, error) {
		var body []byte
		var e wire.Event
		if err := row.Scan(&body); err != nil {
			return e, err
		}
		return e, json.Unmarshal(body, &e)
	})
	if err != nil {
		return nil, fmt.Errorf("recent events: %w", err)
	}
	return append([]wire.Event{}, evs...), nil
}

func (st *Store) Device(ctx context.Context, venue, device string) (store.DeviceRecord, error) {
	rows, err := st.pool.Query(ctx, `SELECT venue, device, received, reused, lookups, last_seen, have FROM devices
		WHERE venue = $1 AND device = $2`, venue, device)
	if err != nil {
		return store.DeviceRecord{}, err
	}
	rec, err := pgx.CollectExactlyOneRow(rows, scanDevice)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.DeviceRecord{}, store.ErrUnknownDevice
	}
	return rec, err
}

func (st *Store) Devices(ctx context.Context, venue string) ([]store.DeviceRecord, error) {
	rows, err := st.pool.Query(ctx, `SELECT venue, device, received, reused, lookups, last_seen, have FROM devices
		WHERE venue = $1 ORDER BY device COLLATE "C"`, venue)
	if err != nil {
		return nil, err
	}
	recs, err := pgx.CollectRows(rows, scanDevice)
	return append([]store.DeviceRecord{}, recs...), err
}

func (st *Store) SilentDevices(ctx context.Context, before time.Time, limit int) ([]store.DeviceRecord, error) {
	// The venue's longest silent only (store.MaxSilentPerVenue): one venue
	// cannot fill the list.
	rows, err := st.pool.Query(ctx, `SELECT venue, device, received, reused, lookups, last_seen, have FROM (
			SELECT *, row_number() OVER (PARTITION BY venue ORDER BY last_seen) AS nth FROM devices WHERE last_seen < $1
		) AS d WHERE nth <= $3 ORDER BY last_seen LIMIT $2`, before, limit, store.MaxSilentPerVenue)
	if err != nil {
		return nil, err
	}
	recs, err := pgx.CollectRows(rows, scanDevice)
	return append([]store.DeviceRecord{}, recs...), err
}

// EachDevice streams every device in one query; fn runs while the rows
// are read.
func (st *Store) EachDevice(ctx context.Context, fn func(store.DeviceRecord) error) error {
	rows, err := st.pool.Query(ctx, `SELECT venue, device, received, reused, lookups, last_seen, have FROM devices
		ORDER BY venue COLLATE "C", device COLLATE "C"`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		rec, err := scanDevice(rows)
		if err != nil {
			return err
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AddLookups runs as one implicit transaction; rows are locked in a fixed
// order (venue, then its devices) like Ingest, so two replicas flushing at
// once cannot deadlock.
func (st *Store) AddLookups(ctx context.Context, counts []store.LookupCount) error {
	counts = slices.Clone(counts)
	slices.SortFunc(counts, func(a, b store.LookupCount) int {
		if c := strings.Compare(a.Venue, b.Venue); c != 0 {
			return c
		}
		return strings.Compare(a.Device, b.Device)
	})
	b := &pgx.Batch{}
	now := time.Now().UTC()
	for i, lc := range counts {
		if i == 0 || counts[i-1].Venue != lc.Venue {
			var total int64
			for _, c := range counts[i:] {
				if c.Venue != lc.Venue {
					break
				}
				total += c.N
			}
			b.Queue(`INSERT INTO venues (name, created, lookups) VALUES ($1, $2, $3)
				ON CONFLICT (name) DO UPDATE SET lookups = venues.lookups + EXCLUDED.lookups`, lc.Venue, now, total)
		}
		if lc.Device != "" {
			// A device without a record gets one while the venue has room
			// (store.MaxDevicesFromLookups; two replicas at once may pass
			// it by a few).
			b.Queue(`INSERT INTO devices (venue, device, lookups, last_seen, have)
				SELECT $1, $2, $3, $4, '[]'::jsonb
				WHERE EXISTS (SELECT 1 FROM devices WHERE venue = $1 AND device = $2)
				   OR (SELECT count(*) FROM devices WHERE venue = $1) < $5
				ON CONFLICT (venue, device) DO UPDATE SET lookups = devices.lookups + EXCLUDED.lookups`,
				lc.Venue, lc.Device, lc.N, now, store.MaxDevicesFromLookups)
		}
	}
	return st.pool.SendBatch(ctx, b).Close()
}

func (st *Store) PutVenue(ctx context.Context, v store.Venue) error {
	_, err := st.pool.Exec(ctx, `INSERT INTO venues (name, capacity, created, closing_time, time_zone, max_stay_seconds,
			require_venue_proof, offline_policy)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (name) DO UPDATE SET capacity = EXCLUDED.capacity, closing_time = EXCLUDED.closing_time,
			time_zone = EXCLUDED.time_zone, max_stay_seconds = EXCLUDED.max_stay_seconds,
			require_venue_proof = EXCLUDED.require_venue_proof, offline_policy = EXCLUDED.offline_policy`,
		v.Name, v.Capacity, v.Created, v.ClosingTime, v.TimeZone, int64(v.MaxStay/time.Second), v.RequireVenueProof,
		v.OfflinePolicy)
	return err
}

const venueCols = "name, capacity, created, entries, exits, refusals, lookups, inside, closing_time, time_zone, " +
	"max_stay_seconds, require_venue_proof, overrides, unchecked, offline_policy"

func scanVenue(row pgx.CollectableRow) (store.VenueSummary, error) {
	var v store.VenueSummary
	var e, x, r, in, stay, o, u int64
	err := row.Scan(&v.Name, &v.Capacity, &v.Created, &e, &x, &r, &v.Lookups, &in, &v.ClosingTime, &v.TimeZone, &stay,
		&v.RequireVenueProof, &o, &u, &v.OfflinePolicy)
	v.Created = v.Created.UTC()
	v.Entries, v.Exits, v.Refusals, v.Inside = uint64(e), uint64(x), uint64(r), uint64(in)
	v.Overrides, v.Unchecked = uint64(o), uint64(u)
	v.MaxStay = time.Duration(stay) * time.Second
	return v, err
}

func (st *Store) Venue(ctx context.Context, name string) (store.VenueSummary, error) {
	rows, err := st.pool.Query(ctx, "SELECT "+venueCols+" FROM venues WHERE name = $1", name)
	if err != nil {
		return store.VenueSummary{}, err
	}
	v, err := pgx.CollectExactlyOneRow(rows, scanVenue)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.VenueSummary{}, store.ErrNotFound
	}
	return v, err
}

func (st *Store) Venues(ctx context.Context) ([]store.VenueSummary, error) {
	rows, err := st.pool.Query(ctx, "SELECT "+venueCols+` FROM venues ORDER BY name COLLATE "C"`)
	if err != nil {
		return nil, err
	}
	vs, err := pgx.CollectRows(rows, scanVenue)
	return append([]store.VenueSummary{}, vs...), err
}

func (st *Store) PutCredential(ctx context.Context, c store.Credential) error {
	_, err := st.pool.Exec(ctx, `INSERT INTO credentials (id, kind, hash, venue, label, created) VALUES ($1, $2, $3, $4, $5, $6)`,
		c.ID, string(c.Kind), c.Hash[:], nullable(c.Venue), c.Label, c.Created)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
		return store.ErrExists
	}
	return err
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

const credCols = "id, kind, hash, coalesce(venue, ''), label, created, revoked"

func scanCredential(row pgx.CollectableRow) (store.Credential, error) {
	var c store.Credential
	var kind string
	var hash []byte
	var revoked *time.Time
	if err := row.Scan(&c.ID, &kind, &hash, &c.Venue, &c.Label, &c.Created, &revoked); err != nil {
		return c, err
	}
	c.Kind, c.Hash, c.Created = store.CredentialKind(kind), [sha256.Size]byte(hash), c.Created.UTC()
	if revoked != nil {
		c.Revoked = revoked.UTC()
	}
	return c, nil
}

func (st *Store) CredentialByHash(ctx context.Context, hash [sha256.Size]byte) (store.Credential, error) {
	rows, err := st.pool.Query(ctx, "SELECT "+credCols+" FROM credentials WHERE hash = $1 AND revoked IS NULL", hash[:])
	if err != nil {
		return store.Credential{}, err
	}
	c, err := pgx.CollectExactlyOneRow(rows, scanCredential)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Credential{}, store.ErrNotFound
	}
	return c, err
}

// RevokeCredential ends the credential's sessions in the same statement.
func (st *Store) RevokeCredential(ctx context.Context, id string, at time.Time) error {
	var n int
	err := st.pool.QueryRow(ctx, `WITH revoked AS (
			UPDATE credentials SET revoked = coalesce(revoked, $2) WHERE id = $1 RETURNING id),
		ended AS (DELETE FROM sessions WHERE credential IN (SELECT id FROM revoked))
		SELECT count(*) FROM revoked`, id, at).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return store.ErrNotFound
	}
	return nil
}

func (st *Store) Credentials(ctx context.Context, kind store.CredentialKind) ([]store.Credential, error) {
	rows, err := st.pool.Query(ctx, "SELECT "+credCols+" FROM credentials WHERE kind = $1 ORDER BY created, id", string(kind))
	if err != nil {
		return nil, err
	}
	cs, err := pgx.CollectRows(rows, scanCredential)
	return append([]store.Credential{}, cs...), err
}

var _ store.Store = (*Store)(nil)
