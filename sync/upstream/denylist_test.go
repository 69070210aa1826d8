package upstream

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/wire"
)

// hostileDenyPage writes a deny list page of n well-formed entries after
// seq, claiming more follow, the way a fake upstream took a kiosk past
// 1.2 GB: 35,000 entries a page, "more" on every one.
func hostileDenyPage(w http.ResponseWriter, after uint64, n int, pad string) {
	w.Header().Set("Content-Type", "application/json")
	var b strings.Builder
	b.WriteString(`{"entries":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"pass_id":"%032x","reason":"revoked%s","at":"2026-01-01T00:00:00Z","seq":%d}`, after+uint64(i)+1, pad, after+uint64(i)+1)
	}
	fmt.Fprintf(&b, `],"last":%d,"more":true,"time":"2026-01-01T00:00:00Z"}`, after+uint64(n))
	_, _ = w.Write([]byte(b.String()))
}

// A deny list page is bounded before it is decoded: by its body's size
// and by its number of entries. Before, a page was read up to 4 MiB and
// decoded whatever its length.
func TestDenyListPageIsBounded(t *testing.T) {
	for _, tt := range []struct {
		name string
		n    int
		pad  string
		want string
	}{
		{"35,000 entries", 35000, "", "larger than"},
		{"5,001 entries", wire.MaxDenyPage + 1, "", "a page of 5001 entries"},
		{"1,000 entries, each padded to 2 KB", 1000, strings.Repeat("x", 2000), "larger than"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var asked string
			c, _ := newPair(t, func(w http.ResponseWriter, r *http.Request) {
				asked = r.URL.RawQuery
				hostileDenyPage(w, 0, tt.n, tt.pad)
			})
			_, err := c.DenyList(context.Background(), 0)
			if !errors.Is(err, ErrInvalidResponse) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want an invalid answer mentioning %q", err, tt.want)
			}
			if !strings.Contains(asked, "limit=1000") {
				t.Errorf("the kiosk asked %q, without a page size", asked)
			}
		})
	}
	c, _ := newPair(t, func(w http.ResponseWriter, r *http.Request) { hostileDenyPage(w, 0, wire.MaxDenyPage, "") })
	if dl, err := c.DenyList(context.Background(), 0); err != nil || len(dl.Entries) != wire.MaxDenyPage {
		t.Fatalf("a full page of %d: %d entries, %v", wire.MaxDenyPage, len(dl.Entries), err)
	}
}
