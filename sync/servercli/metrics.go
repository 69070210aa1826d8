package servercli

import (
	"fmt"
	"os"
	"strings"
)

// readMetricsToken reads the metrics bearer token from path ("" for none).
func readMetricsToken(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("metrics token file: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if len(tok) < 16 {
		return "", fmt.Errorf("metrics token file %s: the token must have at least 16 characters", path)
	}
	return tok, nil
}
