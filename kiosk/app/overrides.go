package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/atomicfile"
)

// OverridesFile keeps the owner menu's choices inside storage.data_dir, so
// they survive a restart without anyone editing the config file.
const OverridesFile = "overrides.json"

// Overrides are the owner's choices from the owner menu. While the menu is
// enabled (owner.pin set) they win over the config file and the
// environment; with the menu disabled the file is left alone and ignored.
// An empty field leaves the configured value.
type Overrides struct {
	Mode     string `json:"mode,omitempty"`
	Language string `json:"language,omitempty"`
	// Capacity and ClosingTime are the venue's limits as the owner set
	// them (nil: the configured ones); 0 and "" mean none.
	Capacity    *int      `json:"capacity,omitempty"`
	ClosingTime *string   `json:"closing_time,omitempty"`
	SetAt       time.Time `json:"set_at"`
	// ModeSetAt is when the owner last changed the mode here; ModePending
	// says no check-in has carried that change upstream yet (settings.go).
	ModeSetAt   time.Time `json:"mode_set_at,omitzero"`
	ModePending bool      `json:"mode_pending,omitempty"`
}

// Validate checks the values against what the config allows.
func (o Overrides) Validate() error {
	if o.Mode != "" && !slices.Contains(config.Modes, o.Mode) {
		return fmt.Errorf("mode %q is not entrance or exit", o.Mode)
	}
	if o.Language != "" && !slices.Contains(config.Languages, o.Language) {
		return fmt.Errorf("language %q is not one of en, ru, kk", o.Language)
	}
	if o.Capacity != nil && (*o.Capacity < 0 || *o.Capacity > 1_000_000) {
		return fmt.Errorf("capacity %d is out of range (0 to 1000000)", *o.Capacity)
	}
	if o.ClosingTime != nil && *o.ClosingTime != "" {
		if _, err := config.ParseClock(*o.ClosingTime); err != nil {
			return fmt.Errorf("closing time: %w", err)
		}
	}
	return nil
}

// LoadOverrides reads dataDir/overrides.json. found is false when there is
// no such file; a file that cannot be read or holds bad values is an error.
func LoadOverrides(dataDir string) (o Overrides, found bool, err error) {
	path := filepath.Join(dataDir, OverridesFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Overrides{}, false, nil
	}
	if err != nil {
		return Overrides{}, false, fmt.Errorf("read overrides: %w", err)
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return Overrides{}, true, fmt.Errorf("read overrides %s: %w", path, err)
	}
	if err := o.Validate(); err != nil {
		return Overrides{}, true, fmt.Errorf("overrides %s: %w", path, err)
	}
	return o, true, nil
}

// SaveOverrides writes dataDir/overrides.json atomically: a power cut
// leaves either the old file or the new one, never half of one.
func SaveOverrides(dataDir string, o Overrides) error {
	if err := o.Validate(); err != nil {
		return fmt.Errorf("save overrides: %w", err)
	}
	b, err := json.MarshalIndent(o, "", "  ")
	if err != nil {
		return fmt.Errorf("save overrides: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(dataDir, OverridesFile), append(b, '\n')); err != nil {
		return fmt.Errorf("save overrides: %w", err)
	}
	return nil
}

// applyOverrides puts the owner's saved choices over a.Cfg before the door
// engine is built, and logs each one in effect with where it came from. A
// bad file is logged and ignored: the configured values still make a
// working kiosk.
func (a *App) applyOverrides() {
	path := filepath.Join(a.Cfg.Storage.DataDir, OverridesFile)
	o, found, err := LoadOverrides(a.Cfg.Storage.DataDir)
	switch {
	case err != nil:
		a.Log.Warn("owner overrides not used; the configured mode and language apply", "err", err)
		return
	case !found:
		return
	case a.Cfg.Owner.PIN == "":
		a.Log.Info("owner overrides ignored: the owner menu is disabled (owner.pin is empty)", "from", path)
		return
	}
	if o.Mode != "" {
		a.Log.Info("owner override in effect", "key", "device.mode", "value", o.Mode,
			"configured", a.Cfg.Device.Mode, "from", path, "set_at", o.SetAt)
		a.Cfg.Device.Mode = o.Mode
		a.ModeSetByOwner = true
	}
	if o.Language != "" {
		a.Log.Info("owner override in effect", "key", "device.language", "value", o.Language,
			"configured", a.Cfg.Device.Language, "from", path, "set_at", o.SetAt)
		a.Cfg.Device.Language = o.Language
	}
	if o.Capacity != nil {
		a.Log.Info("owner override in effect", "key", "venue.capacity", "value", *o.Capacity,
			"configured", a.Cfg.Venue.Capacity, "from", path, "set_at", o.SetAt)
		a.Cfg.Venue.Capacity = *o.Capacity
	}
	if o.ClosingTime != nil {
		a.Log.Info("owner override in effect", "key", "venue.closing_time", "value", *o.ClosingTime,
			"configured", a.Cfg.Venue.ClosingTime, "from", path, "set_at", o.SetAt)
		a.Cfg.Venue.ClosingTime = *o.ClosingTime
	}
}

// updateOverrides changes the saved overrides with edit, keeping what edit
// leaves alone (a mode saved earlier survives a capacity change). A file
// that cannot be read is replaced: the owner's newest choice wins.
func (a *App) updateOverrides(edit func(*Overrides)) error {
	a.ownerMu.Lock()
	defer a.ownerMu.Unlock()
	o, _, err := LoadOverrides(a.Cfg.Storage.DataDir)
	if err != nil {
		a.Log.Warn("owner overrides unreadable: replaced", "err", err)
		o = Overrides{}
	}
	edit(&o)
	o.SetAt = time.Now().UTC()
	return SaveOverrides(a.Cfg.Storage.DataDir, o)
}

// SaveOwnerChange keeps the owner's choice of mode and language in
// overrides.json; the TUI calls it after each change in the owner menu.
func (a *App) SaveOwnerChange(mode door.Mode, lang string) error {
	// A change, for the upstream, is a mode other than the kiosk's own or
	// other than the one the owner's page set (what the screen showed).
	a.settingsMu.Lock()
	modeChanged := mode != a.ownMode || a.lastSettings != nil && a.lastSettings.Mode != "" && door.Mode(a.lastSettings.Mode) != mode
	a.ownMode = mode
	a.settingsMu.Unlock()
	err := a.updateOverrides(func(o *Overrides) {
		o.Mode, o.Language = string(mode), lang
		if modeChanged {
			o.ModeSetAt, o.ModePending = time.Now().UTC(), true
		}
	})
	if err != nil {
		a.Log.Error("owner overrides not saved", "mode", mode, "language", lang, "err", err)
		return err
	}
	if modeChanged && a.Syncer != nil {
		a.Syncer.CheckInNow() // the venue's page learns it at once
	}
	a.Log.Info("owner overrides saved", "mode", mode, "language", lang,
		"file", filepath.Join(a.Cfg.Storage.DataDir, OverridesFile))
	return nil
}

// Language is the kiosk's language now: the owner menu's last choice, kept
// in overrides.json, else the configuration's.
func (a *App) Language() string {
	if o, _, err := LoadOverrides(a.Cfg.Storage.DataDir); err == nil && i18n.IsSupported(o.Language) {
		return o.Language
	}
	return a.Cfg.Device.Language
}
