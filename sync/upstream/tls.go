package upstream

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
)

// TLSClient is DefaultHTTPClient trusting only the CA certificates in the
// PEM file caFile (an operator's own CA), instead of the system's roots.
func TLSClient(caFile string) (*http.Client, error) {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("upstream CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("upstream CA file %s: no PEM certificate in it", caFile)
	}
	hc := DefaultHTTPClient()
	tr, ok := hc.Transport.(*http.Transport)
	if !ok {
		return nil, errors.New("upstream CA file: unexpected transport")
	}
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return hc, nil
}

// IsLoopbackHost reports whether a host (no port) is this machine: an IP in
// 127.0.0.0/8, ::1, or the name "localhost". Other names are not resolved
// and count as not loopback.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	if i := strings.IndexByte(host, '%'); i >= 0 {
		host = host[:i] // zone of a link-local IPv6 address
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
