package app

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/sync/atomicfile"
	"github.com/ashyq/kiosk/sync/syncer"
	"github.com/ashyq/kiosk/sync/wire"
)

// The settings a venue's owner sets upstream (the owner's page) and how
// they meet the kiosk's own: docs/owner.md, "Who decides". In short:
//
//   - mode: the newest change wins, wherever it was made. A mode set on the
//     owner's page is the door's until changed again; a change in the
//     kiosk's owner menu applies at once and goes upstream with the next
//     check-in, where it replaces the page's unless that one is newer.
//     With no mode set upstream, the kiosk's own (owner menu, then the
//     config file) applies.
//   - offline policy: the venue's, when its owner set one; else the
//     kiosk's offline.policy.
//   - capacity: the venue's upstream (it comes with the occupancy), else
//     the owner menu's, else venue.capacity.
//
// The settings last received are kept in UpstreamSettingsFile, so a kiosk
// that restarts while the network is down works as its owner last said.

// UpstreamSettingsFile keeps the last settings the upstream gave this kiosk,
// in storage.data_dir.
const UpstreamSettingsFile = "upstream-settings.json"

// savedSettings is UpstreamSettingsFile's content.
type savedSettings struct {
	wire.DeviceSettings
	Received time.Time `json:"received"`
}

// loadUpstreamSettings reads the settings kept from the last check-in; ok
// is false without any (or for another venue or device: a kiosk moved).
func (a *App) loadUpstreamSettings() (wire.DeviceSettings, bool) {
	b, err := os.ReadFile(filepath.Join(a.Cfg.Storage.DataDir, UpstreamSettingsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return wire.DeviceSettings{}, false
	}
	var s savedSettings
	if err == nil {
		err = json.Unmarshal(b, &s)
	}
	if err != nil {
		a.Log.Warn("upstream settings kept from the last check-in are unreadable; the configured ones apply until the next", "err", err)
		return wire.DeviceSettings{}, false
	}
	if s.Venue != a.Cfg.Device.Venue || s.Device != a.Cfg.Device.ID {
		return wire.DeviceSettings{}, false
	}
	return s.DeviceSettings, true
}

// localMode is the mode the kiosk's own settings give: the owner menu's,
// else the configured one.
func (a *App) localMode() door.Mode {
	a.settingsMu.Lock()
	defer a.settingsMu.Unlock()
	return a.ownMode
}

// checkInReport is what the kiosk tells the upstream with each check-in.
func (a *App) checkInReport() wire.CheckIn {
	st := a.Syncer.State()
	c := wire.CheckIn{Door: a.Cfg.Device.Door, Mode: string(a.Engine.Mode()), Policy: string(a.Engine.Policy()),
		Capacity: a.Engine.Count().Capacity, Pending: st.Pending, OldestPending: st.OldestPending, Version: a.version}
	if st.Link == syncer.LinkOffline {
		c.OfflineSince = st.LinkSince
	}
	if o, _, err := LoadOverrides(a.Cfg.Storage.DataDir); err == nil && o.ModePending && o.Mode != "" {
		c.SetMode, c.SetAt = o.Mode, o.ModeSetAt
	}
	return c
}

// applySettings takes a check-in's answer: the door's mode and the venue's
// offline policy as the precedence above says, kept on disk for a restart.
// sent is the report it answers: a menu change it carried has been decided
// upstream, and the answer's mode is the decision.
func (a *App) applySettings(sent wire.CheckIn, s wire.DeviceSettings) {
	if sent.SetMode != "" {
		err := a.updateOverrides(func(o *Overrides) {
			if o.ModeSetAt.Equal(sent.SetAt) {
				o.ModePending = false
			}
		})
		if err != nil {
			a.Log.Warn("owner overrides not updated after the check-in", "err", err)
		}
	}
	pending := false
	if o, _, err := LoadOverrides(a.Cfg.Storage.DataDir); err == nil {
		pending = o.ModePending
	}
	a.followSettings(s, "upstream", pending)
	a.settingsMu.Lock()
	changed := a.lastSettings == nil || !sameSettings(*a.lastSettings, s)
	a.lastSettings = &s
	a.settingsMu.Unlock()
	if !changed {
		return
	}
	b, _ := json.MarshalIndent(savedSettings{DeviceSettings: s, Received: time.Now().UTC()}, "", "  ")
	if err := atomicfile.Write(filepath.Join(a.Cfg.Storage.DataDir, UpstreamSettingsFile), append(b, '\n')); err != nil {
		a.Log.Warn("upstream settings not kept on disk", "err", err)
	}
}

// followSettings puts settings into the engine, the owner of the mode and
// the policy. menuPending: the owner menu changed the mode and no check-in
// has carried it yet, so an answer to an earlier report does not undo it.
func (a *App) followSettings(s wire.DeviceSettings, from string, menuPending bool) {
	mode := door.Mode(s.Mode)
	switch {
	case menuPending:
		mode = a.localMode()
	case mode == "":
		mode = a.localMode()
	}
	if mode != a.Engine.Mode() {
		if err := a.Engine.SetMode(mode); err == nil {
			a.Log.Info("device mode follows the venue's settings", "mode", mode, "set_upstream", s.Mode != "", "from", from)
		}
	}
	policy := door.Policy(s.OfflinePolicy)
	if policy == "" {
		policy = door.Policy(a.Cfg.Offline.Policy)
	}
	if err := a.Engine.SetPolicy(policy); err != nil {
		a.Log.Warn("offline policy from upstream not applied", "policy", policy, "err", err)
	}
}

func sameSettings(x, y wire.DeviceSettings) bool {
	x.AsOf, y.AsOf = time.Time{}, time.Time{}
	return x == y
}

// checkInOptions hooks the check-in into the syncer's options.
func (a *App) checkInOptions(o *syncer.Options) {
	o.CheckIn = a.checkInReport
	o.OnSettings = a.applySettings
}
