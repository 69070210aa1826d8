package config

import (
	"fmt"
	"net"
	"net/netip"
)

// Metrics is the kiosk's Prometheus endpoint: off unless Listen is set, and
// on loopback only unless AllowRemote says otherwise, because the metrics
// name the device and venue and count the visitors.
type Metrics struct {
	Listen      string `toml:"listen"`
	AllowRemote bool   `toml:"allow_remote"`
}

func (m Metrics) validate() error {
	if m.Listen == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(m.Listen)
	if err != nil {
		return fmt.Errorf("metrics.listen: %q is not host:port (for example 127.0.0.1:9309)", m.Listen)
	}
	if !m.AllowRemote && !isLoopback(host) {
		return fmt.Errorf("metrics.listen: %q is not a loopback address; the metrics name this device and "+
			"venue, so set metrics.allow_remote = true to serve them on another network", m.Listen)
	}
	return nil
}

// isLoopback reports whether host is localhost or a loopback IP; an empty
// host (every interface) is not.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
