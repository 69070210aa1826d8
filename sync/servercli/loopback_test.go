package servercli

import "testing"

func TestIsLoopback(t *testing.T) {
	tests := []struct {
		addr    string
		want    bool
		wantErr bool
	}{
		{"127.0.0.1:8080", true, false},
		{"127.0.0.1:0", true, false},
		{"127.1.2.3:80", true, false},
		{"[::1]:8080", true, false},
		{"localhost:8080", true, false},
		{"LOCALHOST:1", true, false},
		{"0.0.0.0:8080", false, false},
		{"[::]:8080", false, false},
		{":8080", false, false},
		{"192.168.1.10:8080", false, false},
		{"128.0.0.1:8080", false, false},
		{"example.com:8080", false, false},
		{"localhost.evil.com:80", false, false},
		{"127.0.0.1", false, true},
		{"", false, true},
	}
	for _, tt := range tests {
		got, err := IsLoopback(tt.addr)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("IsLoopback(%q) = %v, %v; want %v, error %v", tt.addr, got, err, tt.want, tt.wantErr)
		}
	}
}
