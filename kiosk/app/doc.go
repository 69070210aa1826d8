// Package app wires a kiosk together from its configuration: logging to a
// file, the outbox, the upstream client, the syncer, the door engine and the
// camera, and, for --demo, an embedded reference upstream on loopback. The
// TUI and --headless both run on an App.
package app
