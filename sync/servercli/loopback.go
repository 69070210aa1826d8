package servercli

import (
	"fmt"
	"net"

	"github.com/ashyq/kiosk/sync/upstream"
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
	return upstream.IsLoopbackHost(host), nil
}
