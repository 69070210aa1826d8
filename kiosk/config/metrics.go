package config

import (
	"net"
	"net/netip"

	"github.com/ashyq/kiosk/kiosk/i18n"
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
		return i18n.Errorf(i18n.CfgKey, "metrics.listen", i18n.Errorf(i18n.CfgMetricsHostPort, m.Listen))
	}
	if !m.AllowRemote && !isLoopback(host) {
		return i18n.Errorf(i18n.CfgKey, "metrics.listen", i18n.Errorf(i18n.CfgMetricsRemote, m.Listen))
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
