package backend

import (
	"time"

	"github.com/ashyq/kiosk/sync/registry"
	"github.com/ashyq/kiosk/sync/wire"
)

// LoadRegistry reads a registry file of colours set by hand (iin,status;
// registry.ParseCSV says what it accepts, and its errors name the file and
// line). Seed stores them as manual facts.
func LoadRegistry(path string) (map[string]wire.Status, error) {
	facts, err := registry.LoadCSV(path, time.Time{})
	if err != nil {
		return nil, err
	}
	m := make(map[string]wire.Status, len(facts))
	for _, f := range facts {
		m[f.IIN] = f.Colour
	}
	return m, nil
}
