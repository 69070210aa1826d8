package config

import (
	"fmt"

	"github.com/ashyq/kiosk/kiosk/i18n"
)

// legacyPolicies maps the offline policies of kiosks before the unchecked
// verdict to today's. "allow" let an unchecked person in as BLUE (no
// information), a colour nobody had checked; today such a person is let
// in as NOT CHECKED, never blue. "deny" is "refuse" by another name.
var legacyPolicies = map[string]struct {
	now    string
	notice i18n.Key
}{
	"allow": {"admit", i18n.CfgLegacyAllow},
	"deny":  {"refuse", i18n.CfgLegacyDeny},
}

// migrate maps values of older kiosks' files to today's, with a notice
// for each, so an old file still loads.
func (c *Config) migrate() {
	if old, ok := legacyPolicies[c.Offline.Policy]; ok {
		c.Offline.Policy = old.now
		c.Notices = append(c.Notices, i18n.Errorf(old.notice, c.Path))
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
