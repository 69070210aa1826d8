// Package server is the reference upstream behind ashyq-server: status
// registry, idempotent event collector with per-device gap reports, venue
// occupancy, and (for tests) fault injection.
//
// CONTRACT SKELETON: the signatures below are fixed (other packages compile
// against them); the bodies are being written.
package server

import (
	"log/slog"
	"net/http"
	"time"
)

// Demo fixtures, seeded by Options.Demo.
const (
	DemoVenue = "demo-cafe"
	DemoToken = "demo-token"
)

// DemoRegistry is the demo status registry (IIN -> colour). Any other valid
// IIN is blue.
var DemoRegistry = map[string]string{
	"900101300017": "green",
	"950630400059": "green",
	"850523400026": "yellow",
	"771203300035": "red",
	"010202500042": "blue",
}

// Faults makes the server misbehave on purpose, for tests and soak runs.
type Faults struct {
	FailRate    float64       // share of authenticated requests answered 503
	ResetRate   float64       // share of requests whose connection is dropped
	Delay       time.Duration // added to every authenticated request
	PartialRate float64       // share of batches of which only a prefix is stored and acknowledged
	RetryAfter  time.Duration // Retry-After sent with injected 503s
	Seed        int64
}

// Options configure a server.
type Options struct {
	DataDir  string            // bbolt file lives here; required
	Demo     bool              // seed demo venue, token and registry
	Registry string            // CSV file iin,status to load at start; optional
	Tokens   map[string]string // device token -> venue
	Faults   Faults
	Logger   *slog.Logger
	Version  string
}

// Server is an http.Handler over a durable store.
type Server struct{}

// Open opens (or creates) the store and seeds/loads as Options say.
func Open(opts Options) (*Server, error) { panic("server: not implemented yet") }

// Handler returns the HTTP API.
func (s *Server) Handler() http.Handler { panic("server: not implemented yet") }

// Close closes the store.
func (s *Server) Close() error { panic("server: not implemented yet") }
