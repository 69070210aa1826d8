// Package peer says who is on the other end of an HTTP request to the
// upstream: the client's address, and whether the request reached the
// server over TLS, through the reverse proxies the operator trusts. The
// throttle of failed authentication keys on the client; session cookies are
// Secure when the client's connection is TLS, at the server or at a proxy.
//
// A proxy is trusted by its address (Proxies). Only a trusted proxy's
// X-Forwarded-For and X-Forwarded-Proto are read: anyone else's are ignored,
// so a client cannot pose as another by sending them. By default loopback
// is trusted: the documented set-up is a TLS proxy on the same machine in
// front of a server listening on loopback, and a process on the machine
// could reach the server directly anyway.
package peer

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the addresses of the reverse proxies whose forwarding headers
// are believed. The zero value trusts none.
type Proxies struct{ prefixes []netip.Prefix }

// Loopback trusts 127.0.0.0/8 and ::1: the default.
func Loopback() Proxies {
	return Proxies{prefixes: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}}
}

// Parse reads proxies from a list of addresses and CIDR prefixes
// ("10.0.0.5", "10.1.0.0/16", "loopback"); "none" alone trusts none.
func Parse(list []string) (Proxies, error) {
	var p Proxies
	for _, s := range list {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
		case s == "none":
			if len(list) > 1 {
				return Proxies{}, fmt.Errorf("trusted proxy %q: none goes alone", s)
			}
		case s == "loopback":
			p.prefixes = append(p.prefixes, Loopback().prefixes...)
		case strings.Contains(s, "/"):
			pre, err := netip.ParsePrefix(s)
			if err != nil {
				return Proxies{}, fmt.Errorf("trusted proxy %q: %w", s, err)
			}
			p.prefixes = append(p.prefixes, pre.Masked())
		default:
			a, err := netip.ParseAddr(s)
			if err != nil {
				return Proxies{}, fmt.Errorf("trusted proxy %q: not an address or a CIDR prefix", s)
			}
			p.prefixes = append(p.prefixes, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
		}
	}
	return p, nil
}

// String lists the prefixes, for the start line.
func (p Proxies) String() string {
	if len(p.prefixes) == 0 {
		return "none"
	}
	out := make([]string, len(p.prefixes))
	for i, pre := range p.prefixes {
		out[i] = pre.String()
	}
	return strings.Join(out, ",")
}

func (p Proxies) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, pre := range p.prefixes {
		if pre.Contains(a) {
			return true
		}
	}
	return false
}

// remote is the address of the connection's other end.
func remote(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

// maxHops bounds how many X-Forwarded-For addresses are read.
const maxHops = 16

// Client is the address of the client behind the trusted proxies: the
// connection's other end, or, when that is a trusted proxy, the last
// address of X-Forwarded-For that is not a trusted proxy. An address that
// does not parse ends the walk at the last one that did.
func (p Proxies) Client(r *http.Request) netip.Addr {
	a := remote(r)
	if !a.IsValid() || !p.trusts(a) {
		return a
	}
	hops := forwardedFor(r.Header)
	for i := len(hops) - 1; i >= 0 && len(hops)-i <= maxHops; i-- {
		h, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return a
		}
		a = h.Unmap()
		if !p.trusts(a) {
			return a
		}
	}
	return a
}

// forwardedFor splits every X-Forwarded-For header into addresses, in
// order (a proxy appends to the list it received).
func forwardedFor(h http.Header) []string {
	var out []string
	for _, v := range h.Values("X-Forwarded-For") {
		out = append(out, strings.Split(v, ",")...)
	}
	return out
}

// Secure reports whether the client's connection is TLS: the server's own,
// or a trusted proxy's that says so (X-Forwarded-Proto: https).
func (p Proxies) Secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if !p.trusts(remote(r)) {
		return false
	}
	proto := r.Header.Get("X-Forwarded-Proto")
	if i := strings.IndexByte(proto, ','); i >= 0 {
		proto = proto[:i] // the first proxy's view
	}
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}

// Key is the throttle's key for a client: its IPv4 address, or the /64 of
// its IPv6 address (one subscriber's whole allocation); "unknown" when the
// address is not known.
func Key(a netip.Addr) string {
	switch {
	case !a.IsValid():
		return "unknown"
	case a.Is4():
		return a.String()
	}
	pre, _ := a.Prefix(64)
	return pre.String()
}
