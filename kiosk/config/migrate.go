package config

import "fmt"

// legacyPolicies maps the offline policies of kiosks before the unchecked
// verdict to today's. "allow" let an unchecked person in as BLUE (no
// information), a colour nobody had checked; today such a person is let
// in as NOT CHECKED, never blue. "deny" is "refuse" by another name.
var legacyPolicies = map[string]struct {
	now, notice string
}{
	"allow": {"admit", `offline.policy = "allow" (let in as BLUE) no longer exists: a person nobody could check ` +
		`is never shown a colour. Mapped to "admit": let in and recorded as NOT CHECKED. ` +
		`The default "ask" refuses unless door staff let the person in with a staff code and a reason ` +
		`(see [override]); set offline.policy to "ask", "refuse" or "admit" to silence this notice`},
	"deny": {"refuse", `offline.policy = "deny" is now called "refuse"; mapped, nothing changes`},
}

// migrate maps values of older kiosks' files to today's, with a notice
// for each, so an old file still loads.
func (c *Config) migrate() {
	if old, ok := legacyPolicies[c.Offline.Policy]; ok {
		c.Offline.Policy = old.now
		c.Notices = append(c.Notices, fmt.Sprintf("%s: %s", c.Path, old.notice))
	}
}

// advise adds the advice about a valid file that works, but perhaps not as
// its owner thinks.
func (c *Config) advise() {
	if c.Offline.Policy == "ask" && len(c.StaffCodes()) == 0 {
		c.Advice = append(c.Advice, fmt.Sprintf(`%s: offline.policy is "ask", but no staff code is set `+
			`(override.codes, or owner.pin): a person nobody could check is refused, as with "refuse"`, c.Path))
	}
}
