package tui

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
// The owner panel (owner.go, ownerflow.go) opens on F2 or ctrl+o when
// Options.OwnerPIN is set: a PIN prompt, then a menu to switch the mode
// (through the Engine's optional ModeSwitcher) and the language. It has its
// own wedge.Detector: a scanner burst, or a camera scan, closes the panel and
// goes to submit as above, never into the PIN. Options.OnOwnerChange saves
// each change in a command; OwnerSavedMsg brings the outcome back.
