package server

import (
	"fmt"
	"net"
	"strings"
)

// IsLoopback reports whether a host:port listen address binds only to the
// loopback interface: an IP in 127.0.0.0/8, ::1, or the name "localhost".
// An empty host (":8080") listens on every interface and is not loopback;
// other host names are not resolved and count as not loopback, so a demo
// never ends up reachable from the network by accident. The error is for an
// address that is not host:port.
func IsLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("listen address %q: %w", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return true, nil
	}
	if i := strings.IndexByte(host, '%'); i >= 0 {
		host = host[:i] // zone of a link-local IPv6 address
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}
