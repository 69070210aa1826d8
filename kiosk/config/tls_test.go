package config

import (
	"strings"
	"testing"
)

// Plain http to another machine is refused unless the owner says so; a CA
// file only makes sense with https.
func TestPlainHTTPToAnotherMachine(t *testing.T) {
	withURL := func(u, extra string) string {
		return strings.Replace(minimal, `url = "http://127.0.0.1:9"`, `url = "`+u+`"`+"\n"+extra, 1)
	}
	tests := []struct {
		name, body string
		want       []string // nil: valid
	}{
		{"loopback ip", withURL("http://127.0.0.1:8080", ""), nil},
		{"loopback name", withURL("http://localhost:8080", ""), nil},
		{"loopback v6", withURL("http://[::1]:8080", ""), nil},
		{"another machine", withURL("http://upstream.example:8080", ""), []string{"upstream.url", "https://", "allow_plain_http"}},
		{"private address", withURL("http://10.1.2.3", ""), []string{"upstream.url", "plain http"}},
		{"told to allow", withURL("http://upstream.example:8080", "allow_plain_http = true"), nil},
		{"https", withURL("https://upstream.example", `ca_file = "/etc/ca.pem"`), nil},
		{"ca file with http", withURL("http://127.0.0.1:8080", `ca_file = "/etc/ca.pem"`), []string{"upstream.ca_file", "http://"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(write(t, tt.body), nil)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
