package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/ashyq/kiosk/sync/atomicfile"

	"github.com/ashyq/kiosk/kiosk/i18n"
)

// EnrolmentFile is where an enrolled kiosk keeps who it is and its device
// token, in storage.data_dir (mode 0600, like everything there): written
// once when a one-time code from the owner's page is redeemed (docs/owner.md,
// "Adding a door"). The token is never shown or logged.
const EnrolmentFile = "enrolment.json"

// Enrolment is what a redeemed code gave this kiosk.
type Enrolment struct {
	Venue    string    `json:"venue"`
	Device   string    `json:"device"`
	Door     string    `json:"door"`
	Mode     string    `json:"mode"`
	Upstream string    `json:"upstream"`
	Token    string    `json:"token"`
	Enrolled time.Time `json:"enrolled"`
}

// String never shows the token.
func (e Enrolment) String() string {
	return fmt.Sprintf("{venue:%s device:%s door:%s mode:%s upstream:%s token:set}", e.Venue, e.Device, e.Door, e.Mode, e.Upstream)
}

// ReadEnrolment reads dataDir's enrolment; found is false without one.
func ReadEnrolment(dataDir string) (e Enrolment, found bool, err error) {
	path := filepath.Join(dataDir, EnrolmentFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Enrolment{}, false, nil
	}
	if err != nil {
		return Enrolment{}, false, i18n.Errorf(i18n.CfgEnrolRead, err)
	}
	if err := json.Unmarshal(b, &e); err != nil || e.Token == "" || e.Venue == "" || e.Device == "" {
		return Enrolment{}, true, i18n.Errorf(i18n.CfgEnrolDamaged, path)
	}
	return e, true, nil
}

// WriteEnrolment keeps e in dataDir atomically, readable by this user only.
func WriteEnrolment(dataDir string, e Enrolment) error {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("write enrolment: %w", err)
	}
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return fmt.Errorf("write enrolment: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(dataDir, EnrolmentFile), append(b, '\n')); err != nil {
		return fmt.Errorf("write enrolment: %w", err)
	}
	return nil
}

// applyEnrolment fills what the configuration leaves out from the
// enrolment, if there is one: the file's keys win (an installer who wrote
// them meant them), the enrolment fills the rest. set says which keys the
// file or the environment set.
func (c *Config) applyEnrolment(set func(key string) bool) error {
	e, found, err := ReadEnrolment(c.Storage.DataDir)
	if err != nil || !found {
		return err
	}
	if c.Device.Venue != "" && c.Device.Venue != e.Venue {
		return i18n.Errorf(i18n.CfgVenueClash, c.Device.Venue, e.Venue, filepath.Join(c.Storage.DataDir, EnrolmentFile))
	}
	c.Device.Venue = e.Venue
	if c.Device.ID == "" {
		c.Device.ID = e.Device
	}
	if !set("device.door") && e.Door != "" {
		c.Device.Door = e.Door
	}
	if !set("device.mode") && e.Mode != "" {
		c.Device.Mode = e.Mode
	}
	if c.Upstream.URL == "" {
		c.Upstream.URL = e.Upstream
	}
	if c.Upstream.Token == "" {
		c.Upstream.Token = e.Token
		c.Enrolled = true
	}
	return nil
}

// Blank reports whether this kiosk has no identity yet: no device token
// and no venue, from the file, the environment or an enrolment. A blank
// kiosk starts only to be enrolled.
func (c Config) Blank() bool { return c.Upstream.Token == "" && c.Device.Venue == "" }

// definedKeys turns toml's metadata and the environment into "was this key
// set" for applyEnrolment.
func definedKeys(md toml.MetaData, env []string) func(string) bool {
	envKeys := map[string]string{"device.mode": "ASHYQ_DEVICE_MODE"}
	return func(key string) bool {
		if md.IsDefined(splitKey(key)...) {
			return true
		}
		if name, ok := envKeys[key]; ok {
			for _, kv := range env {
				if len(kv) > len(name) && kv[:len(name)+1] == name+"=" {
					return true
				}
			}
		}
		return false
	}
}

func splitKey(k string) []string {
	for i := range len(k) {
		if k[i] == '.' {
			return []string{k[:i], k[i+1:]}
		}
	}
	return []string{k}
}
