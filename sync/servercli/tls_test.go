package servercli

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
)

// selfSigned writes a CA-capable self-signed certificate for 127.0.0.1 and
// its key, and returns their paths (the certificate is its own CA file).
func selfSigned(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "ashyq test upstream"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	return certFile, keyFile
}

var httpsLine = regexp.MustCompile(`^listening on (https://127\.0\.0\.1:\d+)$`)

// The server serves HTTPS itself; the kiosk's client trusts the configured CA
// file and nothing else.
func TestServeTLS(t *testing.T) {
	cert, key := selfSigned(t)
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"--demo", "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key}, pw, io.Discard, "v-test")
		pw.Close()
	}()
	defer func() { cancel(); <-done }()
	line := make([]byte, 128)
	n, _ := pr.Read(line)
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	m := httpsLine.FindStringSubmatch(strings.TrimSpace(string(line[:n])))
	if m == nil {
		t.Fatalf("listening line %q, want https", line[:n])
	}
	base := m[1]

	hc, err := upstream.TLSClient(cert)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := upstream.New(base, server.DemoToken, hc)
	if err != nil {
		t.Fatal(err)
	}
	st, err := cl.Status(context.Background(), "771203300035")
	if err != nil || st.Status != wire.Red {
		t.Fatalf("status over TLS with the CA file: %+v, %v", st, err)
	}
	plain, _ := upstream.New(base, server.DemoToken, nil) // the system's CAs do not know this one
	if _, err := plain.Status(context.Background(), "771203300035"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("a client without the CA file: %v, want a certificate error", err)
	}
	resp, err := http.Get(strings.Replace(base, "https://", "http://", 1) + "/v1/health")
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Error("plain HTTP to the TLS port answered 200")
		}
	}
	if _, err := upstream.TLSClient(key); err == nil {
		t.Error("a CA file without a certificate was accepted")
	}
}

func TestTLSFlagsGoTogether(t *testing.T) {
	cert, _ := selfSigned(t)
	if code, _, stderr := runMain(t, "--demo", "--tls-cert", cert); code != ExitUsage || !strings.Contains(stderr, "--tls-key") {
		t.Errorf("--tls-cert alone: %d %s", code, stderr)
	}
}
