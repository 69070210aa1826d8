package rules

import (
	"fmt"
	"os"
	"time"

	"github.com/BurntSushi/toml"
)

// fileRules is the rules file as written: durations as text ("14d", "72h").
type fileRules struct {
	Positive        *string `toml:"positive"`
	Contact         *string `toml:"contact"`
	Negative        *string `toml:"negative"`
	NegativeAntigen *string `toml:"negative_antigen"`
	Vaccinated      *string `toml:"vaccinated"`
}

// Load reads a rules file (TOML, the keys of docs/registry.md) over the
// defaults: a key left out keeps its default. Errors name the file and key.
func Load(path string) (Rules, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Rules{}, fmt.Errorf("rules: %w", err)
	}
	r, err := Parse(string(data))
	if err != nil {
		return Rules{}, fmt.Errorf("rules %s: %w", path, err)
	}
	return r, nil
}

// Parse reads rules from TOML text over the defaults and validates them.
func Parse(text string) (Rules, error) {
	var f fileRules
	md, err := toml.Decode(text, &f)
	if err != nil {
		return Rules{}, err
	}
	if un := md.Undecoded(); len(un) > 0 {
		return Rules{}, fmt.Errorf("unknown key %q (want positive, contact, negative, negative_antigen, vaccinated)", un[0].String())
	}
	r := Default()
	for _, k := range []struct {
		name string
		v    *string
		d    *time.Duration
	}{{"positive", f.Positive, &r.Positive}, {"contact", f.Contact, &r.Contact}, {"negative", f.Negative, &r.Negative},
		{"negative_antigen", f.NegativeAntigen, &r.NegativeAntigen}, {"vaccinated", f.Vaccinated, &r.Vaccinated}} {
		if k.v == nil {
			continue
		}
		d, err := ParseDuration(*k.v)
		if err != nil {
			return Rules{}, fmt.Errorf("%s: %w", k.name, err)
		}
		*k.d = d
	}
	return r, r.Validate()
}
