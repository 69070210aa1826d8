package console

import (
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/store"
)

// A rotation in the second the old key was made gives both keys the same
// start: the current one is still listed first.
func TestKeyRowsCurrentFirstOnATie(t *testing.T) {
	at := time.Date(2021, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, keys := range [][]store.IssuerKey{
		{{KID: "old", NotBefore: at, NotAfter: at.Add(time.Hour)}, {KID: "new", NotBefore: at}},
		{{KID: "new", NotBefore: at}, {KID: "old", NotBefore: at, NotAfter: at.Add(time.Hour)}},
	} {
		rows := keyRows(keys, at)
		if len(rows) != 2 || rows[0].KID != "new" || !rows[0].Current || rows[1].KID != "old" || rows[1].Current {
			t.Errorf("rows of %v: %+v", keys, rows)
		}
	}
}
