package peer

import (
	"crypto/tls"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAndSecure(t *testing.T) {
	lb, err := Parse([]string{"10.0.0.5", "loopback"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, remote, xff, proto string
		p                        Proxies
		client                   string
		secure                   bool
	}{
		{"direct", "203.0.113.7:5000", "", "", lb, "203.0.113.7", false},
		{"a client's own headers are ignored", "203.0.113.7:5000", "198.51.100.1", "https", lb, "203.0.113.7", false},
		{"through the balancer", "10.0.0.5:80", "198.51.100.1", "https", lb, "198.51.100.1", true},
		{"through two proxies", "127.0.0.1:80", "198.51.100.1, 10.0.0.5", "https", lb, "198.51.100.1", true},
		{"a forged hop before the real one", "10.0.0.5:80", "1.2.3.4, 198.51.100.1", "http", lb, "198.51.100.1", false},
		{"garbage", "10.0.0.5:80", "nonsense", "", lb, "10.0.0.5", false},
		{"no proxies trusted", "127.0.0.1:80", "198.51.100.1", "https", Proxies{}, "127.0.0.1", false},
		{"ipv6", "[2001:db8::1]:443", "", "", lb, "2001:db8::1", false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if tt.proto != "" {
			r.Header.Set("X-Forwarded-Proto", tt.proto)
		}
		if got := tt.p.Client(r); got != netip.MustParseAddr(tt.client) {
			t.Errorf("%s: client %s, want %s", tt.name, got, tt.client)
		}
		if got := tt.p.Secure(r); got != tt.secure {
			t.Errorf("%s: secure %v", tt.name, got)
		}
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.TLS = &tls.ConnectionState{}
	if !(Proxies{}).Secure(r) {
		t.Error("the server's own TLS is not secure")
	}
	if _, err := Parse([]string{"10.0.0.0/33"}); err == nil {
		t.Error("a bad prefix parsed")
	}
	if k := Key(netip.MustParseAddr("2001:db8:1:2:3:4:5:6")); k != "2001:db8:1:2::/64" {
		t.Errorf("ipv6 key %s", k)
	}
}
