package servercli

import (
	"fmt"
	"os"
	"strings"

	"github.com/ashyq/kiosk/sync/backend"
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
	if err := backend.CheckSecretStrength(tok); err != nil {
		return "", fmt.Errorf("metrics token file %s: %w", path, err)
	}
	return tok, nil
}
