// Package door makes the door decision: it classifies a scanned payload, finds
// the person's status (upstream, then cache, then the offline policy), decides
// entry, exit or refusal by the device mode, records the event durably in the
// outbox, and only then returns the verdict. The TUI and --headless share it.
package door
