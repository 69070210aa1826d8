package servercli

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/store/pgstore"
	"github.com/jackc/pgx/v5"
)

// `ashyq-server migrate` applies what is missing once; a database migrated by
// a newer server is refused rather than written with an old schema.
func TestMigrateCommand(t *testing.T) {
	url := pgURL(t)
	code, out, stderr := runMain(t, "migrate", "--store", url)
	all := pgstore.SchemaVersions()
	if code != ExitOK || !strings.Contains(out, fmt.Sprintf("applied now: %v", all)) || len(all) < 4 {
		t.Fatalf("first migrate: %d %q %s", code, out, stderr)
	}
	if code, out, _ := runMain(t, "migrate", "--store", url); code != ExitOK || !strings.Contains(out, "applied now: []") {
		t.Errorf("second migrate: %d %q, want nothing applied", code, out)
	}
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')"); err != nil {
		t.Fatal(err)
	}
	if _, err := pgstore.Open(context.Background(), url); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("a database of schema 999: %v, want it refused as newer", err)
	}
	if code, _, _ := runMain(t, "migrate"); code != ExitUsage {
		t.Errorf("migrate without --store: %d", code)
	}
}
