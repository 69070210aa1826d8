package wire

import "time"

// DeviceHeader names the sending device on every kiosk request, the health
// check included, so the upstream can tell a kiosk that is alive but idle
// (health checks, no events) from one that is gone. It is trusted only on
// requests that also carry a valid device token: the token's venue is the
// device's venue.
const DeviceHeader = "X-Ashyq-Device"

// DeviceList answers GET /v1/venues/{venue}/devices: every device the
// upstream has heard from in the venue, by device id.
type DeviceList struct {
	Venue string `json:"venue"`
	// SilentAfter is the server's threshold: a device not heard from for
	// longer is flagged Silent.
	SilentAfter Duration       `json:"silent_after"`
	Devices     []DeviceStatus `json:"devices"`
	AsOf        time.Time      `json:"as_of"`
}

// DeviceStatus is one device's last contact and record.
type DeviceStatus struct {
	Device string `json:"device"`
	// LastSeen is the last request of any kind from the device (a health
	// check, a lookup or a batch); LastEvent the last batch that stored an
	// event. Either may be zero.
	LastSeen  time.Time `json:"last_seen"`
	LastEvent time.Time `json:"last_event"`
	Received  int64     `json:"received"`
	MaxSeq    uint64    `json:"max_seq"`
	// Missing counts the sequence numbers below MaxSeq never received.
	Missing uint64 `json:"missing"`
	Silent  bool   `json:"silent"`
	// Lookups counts the status lookups that named the device.
	Lookups int64 `json:"lookups"`
}

// Duration is a time.Duration written as a Go duration string ("15m0s").
type Duration time.Duration

// MarshalText writes the duration as a string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// Ready is the answer of GET /v1/ready, a replica's readiness for load
// balancers: 200 with Status "ready", or 503 with Status "not ready" and
// why (the store does not answer).
type Ready struct {
	Status  string    `json:"status"`
	Reason  string    `json:"reason,omitempty"`
	Time    time.Time `json:"time"`
	Version string    `json:"version,omitempty"`
}
