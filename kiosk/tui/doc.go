// Package tui is the kiosk's full-screen terminal UI: an idle screen with the
// device's state and an input line, and a full-screen colour verdict after
// every scan. Staff typing, a keyboard-wedge scanner and the camera all reach
// the same Engine; the Engine runs in a command, never in Update, and input
// that arrives meanwhile is queued, not lost.
//
// How a scan travels through the UI:
//
//	keys ──► field (wedge.Detector) ──Enter──┐
//	Sources.Scans ──► ScanMsg ───────────────┤
//	                                         ▼
//	                        submit: busy? ──yes──► queue
//	                                         │no
//	                                         ▼
//	                       handle (tea.Cmd, outside Update)
//	                              Engine.Handle(ctx, scan)
//	                                         │
//	                  VerdictMsg ◄───────────┴──────────► ErrorMsg
//	                       │                                  │
//	                       ▼                                  ▼
//	           result: status colour,          result: code not accepted /
//	           big colour + verdict            not recorded / error
//	                       └──────► bell, next queued scan ◄──┘
//
// The result gives way to the idle screen when its time is up (TickMsg) or
// on any key; a typed character is kept as the start of the next input.
// Sources.Sync and Sources.Camera feed the idle screen through listeners
// that are re-armed after each message, so no goroutine lives in the model.
//
// Camera scans arrive deduplicated: the camera's cooldown is the one rule
// that makes a phone held up for a minute one visit.
//
// Each piece of state has one owner that the others read: the device mode
// is the Engine's (Engine.Mode, Engine.SetMode); the screen size and the
// language live in one common.Common shared by pointer with every
// component. Update ends by preparing the frame; View only returns it.
//
// The owner panel (owner.go, ownerflow.go) opens on F2 or ctrl+o when
// Options.OwnerPIN is set: a PIN prompt, then a menu to switch the mode
// (Engine.SetMode) and the language (common.Common.SetLanguage). It has its
// own wedge.Detector: a scanner burst, or a camera scan, closes the panel
// and goes to submit as above, never into the PIN. Options.OnOwnerChange
// saves each change in a command; OwnerSavedMsg brings the outcome back.
//
// The syncer publishes typed state (syncer.Link, syncer.Problem); the idle
// page words every problem through the catalog (problems.go), so a Kazakh
// or Russian screen never shows the syncer's English.
package tui
