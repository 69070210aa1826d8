package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ashyq/kiosk/sync/logsample"
)

// RunOptions say where Run serves.
type RunOptions struct {
	Addr              string    // host:port of the API and the console
	CertFile, KeyFile string    // serve HTTPS with this PEM certificate and key (both or neither)
	MetricsAddr       string    // also serve /metrics alone here, without a token ("" for none)
	Announce          io.Writer // gets the line "listening on http://HOST:PORT" once listening
}

// Run serves the API and the console (and the metrics on their own
// listener, if asked) until ctx is done, then shuts down gracefully. It
// does not close the server.
func (s *Server) Run(ctx context.Context, ro RunOptions) error {
	if ro.MetricsAddr != "" {
		stop, err := s.serveMetrics(ro.MetricsAddr)
		if err != nil {
			return err
		}
		defer stop()
	}
	var tlsConf *tls.Config
	scheme := "http"
	if ro.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(ro.CertFile, ro.KeyFile)
		if err != nil {
			return fmt.Errorf("tls: %w", err)
		}
		tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		scheme = "https"
	}
	ln, err := net.Listen("tcp", ro.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if tlsConf != nil {
		ln = tls.NewListener(ln, tlsConf)
	}
	hs := &http.Server{
		Handler:           s.HandlerWithConsole(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          s.errorLog(),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	if ro.Announce != nil {
		fmt.Fprintf(ro.Announce, "listening on %s://%s\n", scheme, ln.Addr())
	}
	s.log.Info("listening", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// serveMetrics serves only /metrics on addr until the returned stop is
// called; the operator keeps that address private.
func (s *Server) serveMetrics(addr string) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listen: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.MetricsHandler())
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: s.errorLog()}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("metrics listener stopped", "error", err)
		}
	}()
	s.log.Info("metrics listening", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
	}, nil
}

// errorLog is net/http's error log (a TLS handshake that failed, a header
// too large) at WARN, sampled by kind of message: a flood of broken
// connections is summed up, not written out (package logsample).
func (s *Server) errorLog() *log.Logger {
	h := logsample.NewHandler(s.log.Handler(), logsample.New(0, 0, nil), logsample.MessagePrefix)
	return slog.NewLogLogger(h, slog.LevelWarn)
}
