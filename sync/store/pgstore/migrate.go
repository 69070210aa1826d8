package pgstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgMigrations are the schema versions, pgschema/NNNN_name.sql, applied in
// order, each in its own transaction, recorded in schema_migrations.
//
//go:embed pgschema/*.sql
var pgMigrations embed.FS

// migrateLockKey is the advisory lock that makes replicas starting at once
// migrate one after the other: the first applies what is missing, the others
// then find nothing to do.
const migrateLockKey = 0x61736879_71000001 // "ashyq" and a number

type pgMigration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]pgMigration, error) {
	files, err := fs.Glob(pgMigrations, "pgschema/*.sql")
	if err != nil {
		return nil, err
	}
	var out []pgMigration
	for _, f := range files {
		base := strings.TrimPrefix(f, "pgschema/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %s: want NNNN_name.sql", base)
		}
		data, err := pgMigrations.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, pgMigration{version: v, name: base, sql: string(data)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// migrate brings the schema to the newest version under the advisory lock
// and returns the versions it applied.
func migrate(ctx context.Context, pool *pgxpool.Pool) ([]int, error) {
	migs, err := loadMigrations()
	if err != nil {
		return nil, fmt.Errorf("load migrations: %w", err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(migrateLockKey)); err != nil {
		return nil, fmt.Errorf("migrate: lock: %w", err)
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1)", int64(migrateLockKey)) // the session ends anyway
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	// Every version not applied yet is applied, in order, not only those
	// above the newest applied: the numbers are handed out in blocks to
	// features, which land in any order (a database may have 0011 before
	// 0005 exists).
	rows, err := conn.Query(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("migrate: read versions: %w", err)
	}
	done, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return nil, fmt.Errorf("migrate: read versions: %w", err)
	}
	have := map[int]bool{}
	current := 0
	for _, v := range done {
		have[int(v)] = true
		current = max(current, int(v))
	}
	if newest := migs[len(migs)-1].version; current > newest {
		return nil, fmt.Errorf("migrate: the database has schema version %d, newer than this server's %d: upgrade the server", current, newest)
	}
	var applied []int
	for _, m := range migs {
		if have[m.version] {
			continue
		}
		tx, err := conn.Begin(ctx)
		if err != nil {
			return applied, fmt.Errorf("migrate %s: %w", m.name, err)
		}
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			_ = tx.Rollback(ctx)
			return applied, fmt.Errorf("migrate %s: %w", m.name, err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.version, m.name); err != nil {
			_ = tx.Rollback(ctx)
			return applied, fmt.Errorf("migrate %s: %w", m.name, err)
		}
		if err := tx.Commit(ctx); err != nil {
			return applied, fmt.Errorf("migrate %s: %w", m.name, err)
		}
		applied = append(applied, m.version)
	}
	return applied, nil
}

// SchemaVersions lists the schema versions this code knows, in order.
func SchemaVersions() []int {
	migs, err := loadMigrations()
	if err != nil {
		panic(err) // the embedded files are checked by the tests
	}
	out := make([]int, len(migs))
	for i, m := range migs {
		out[i] = m.version
	}
	return out
}

// Migrate connects to the database at url, brings its schema to the newest
// version and returns the versions it applied now and the newest one: what
// `ashyq-server migrate` does before replicas of a new version start (Open
// does the same).
func Migrate(ctx context.Context, url string) (applied []int, newest int, err error) {
	pool, err := connectPostgres(ctx, url, nil, nil)
	if err != nil {
		return nil, 0, err
	}
	defer pool.Close()
	applied, err = migrate(ctx, pool)
	if err != nil {
		return applied, 0, err
	}
	migs, err := loadMigrations()
	if err != nil {
		return applied, 0, err
	}
	return applied, migs[len(migs)-1].version, nil
}
