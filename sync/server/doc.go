// Package server puts the reference upstream behind ashyq-server together:
// it opens a store (bbolt in a data directory by default, or one passed in),
// seeds it (the demo, a registry file, the issuer key), builds the backend
// over it and the faces over the backend (the HTTP API, the console), runs
// the background work (closing forgotten visits) and serves until told to
// stop. The rooms it wires:
//
//	store, store/boltstore, store/pgstore   what is kept, and where
//	backend                                 the logic every face calls
//	api, console                            the HTTP faces
//	faults                                  misbehaviour on purpose (tests, soak)
//	servercli                               the command line, above this
//
// The read helpers (Occupancy, EventCount, Device, HasEvent, Events) and
// SetStatus let tests of other packages inspect and steer a real server
// without HTTP.
package server
