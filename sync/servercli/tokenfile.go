package servercli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/ashyq/kiosk/sync/backend"
)

// maxTokenFileBytes bounds a token file: thousands of venues fit easily.
const maxTokenFileBytes = 4 << 20

// LoadTokenFile reads device tokens from a file of TOKEN=VENUE lines (or
// "TOKEN VENUE", white space between); blank lines and lines starting with #
// are skipped. It lets a service keep tokens out of its command line, where
// every local user can read them, so the file itself must be readable by
// its owner only: a file group or others can read is refused. Errors name
// the file and line, never a token.
func LoadTokenFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errorf("token file: %s", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, errorf("token file: %s", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, errorf("token file %s is mode %04o, readable by other users; it holds secrets: chmod 600 %s", path, perm, path)
	}
	if fi.Size() > maxTokenFileBytes {
		return nil, errorf("token file %s: larger than %d bytes", path, maxTokenFileBytes)
	}
	tokens := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		tok, venue, ok := strings.Cut(line, "=")
		if fields := strings.Fields(line); !ok && len(fields) == 2 {
			tok, venue, ok = fields[0], fields[1], true
		}
		tok, venue = strings.TrimSpace(tok), strings.TrimSpace(venue)
		switch {
		case !ok || tok == "" || venue == "":
			return nil, errorf("token file %s:%d: want TOKEN=VENUE or TOKEN VENUE", path, n)
		case strings.ContainsFunc(tok, func(r rune) bool { return r <= ' ' || r >= 0x7f }):
			return nil, errorf("token file %s:%d: the token has spaces, control or non-ASCII characters", path, n)
		}
		if err := backend.CheckVenueName(venue); err != nil {
			return nil, fmt.Errorf("token file %s:%d: %w", path, n, err)
		}
		if err := backend.CheckSecretStrength(tok); err != nil {
			return nil, fmt.Errorf("token file %s:%d: %w", path, n, err)
		}
		if _, dup := tokens[tok]; dup {
			return nil, errorf("token file %s:%d: the same token is listed twice", path, n)
		}
		tokens[tok] = venue
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, errorf("token file %s: a line is too long", path)
		}
		return nil, fmt.Errorf("token file %s: %w", path, err)
	}
	return tokens, nil
}
