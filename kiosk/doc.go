// Package kiosk is the top of the kiosk's import graph; its sub-packages wire
// the scanners and the sync machinery into a running door.
//
// The tree has three layers, and imports only go down:
//
//	cmd/...                  thin mains
//	kiosk/...                wiring: config, door engine, TUI, headless, app
//	scanner/...   sync/...   inputs and decoding; outbox, syncer, client, server
//	sync/wire/...            the shared vocabulary: protocol types (wire), IIN
//	                         rules (wire/iin), safe text (wire/safetext)
//
// scanner/... and sync/... never import kiosk/... nor each other (except the
// vocabulary under sync/wire), and sync/wire/... imports nothing else of
// this module. The production kiosk links the reference upstream
// (sync/server) only because --demo embeds it; kiosk/app/demo.go is the one
// file that imports it. layout_test.go keeps all of this true.
package kiosk
