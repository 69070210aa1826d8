package i18n

import "golang.org/x/text/feature/plural"

// en is the reference catalog: every key is defined here.
var en = map[Key]string{
	ModeEntrance: "ENTRANCE",
	ModeExit:     "EXIT",

	ColourGreen:  "GREEN",
	ColourYellow: "YELLOW",
	ColourRed:    "RED",
	ColourBlue:   "BLUE",

	Welcome:         "WELCOME",
	EntryDenied:     "ENTRY DENIED",
	Goodbye:         "GOODBYE",
	CodeNotAccepted: "CODE NOT ACCEPTED",
	NotRecorded:     "NOT RECORDED",
	ErrorTitle:      "ERROR",

	NothingRecorded: "Nothing was recorded.",
	CallStaff:       "Call staff.",
	ScannedCode:     "Code: %s",
	IINLabel:        "IIN %s",
	Countdown:       "Next visitor in %d s — or press any key",

	ReasonEmpty:        "The code is empty.",
	ReasonTooLong:      "The code is too long to be an Ashyq code.",
	ReasonWebLink:      "This is a web link, not an Ashyq code.",
	ReasonEUDCC:        "EU digital COVID certificates are not accepted here.",
	ReasonUnsupported:  "This kind of code is not supported.",
	ReasonLength:       "An IIN has exactly 12 digits.",
	ReasonNotDigits:    "An IIN has digits only.",
	ReasonCentury:      "The 7th digit (century and sex) must be 1 to 6.",
	ReasonBirthDate:    "The first six digits are not a real birth date.",
	ReasonCheckDigit:   "The check digit does not match: a digit is mistyped.",
	ReasonNoCheckDigit: "No valid IIN has these digits.",
	ReasonUnknown:      "The code could not be read.",

	RefusedStatus:  "The health status does not allow entry.",
	RefusedOffline: "No status is known while offline; the venue's policy refuses entry.",
	RefusedOther:   "Refused: %s",

	SourceOnline: "Status checked online",
	SourceCache:  "Offline: saved status from %s",
	SourceNone:   "Offline: no data, the venue's offline policy decided",

	Online:      "ONLINE",
	Offline:     "OFFLINE",
	LastSync:    "last sync %s",
	NeverSynced: "never synced",
	AllSynced:   "All records synced",
	Inside:      "Inside now: %d",
	ClockSkew:   "Device clock is off by %s — check the time",
	Storage:     "Storage problem: %s",
	OutboxMoved: "The record file was damaged and moved aside to %s; a new one was started",

	CameraOff:         "Camera: off",
	CameraUnsupported: "Camera: not supported in this build",
	CameraSearching:   "Camera: searching…",
	CameraBusy:        "Camera: busy (used by another program)",
	CameraRunning:     "Camera: ready",
	CameraLost:        "Camera: lost, reopening…",

	VenueLabel:  "Venue",
	DoorLabel:   "Door",
	InputPrompt: "IIN or code:",
	Hint:        "Scan a code or type an IIN, then press Enter",
	Checking:    "Checking…",
	DemoTitle:   "Demo IINs",
	QuitConfirm: "Press ctrl+c again to quit",

	JustNow:    "just now",
	SecondsAgo: "%d s ago",
	MinutesAgo: "%d min ago",
	HoursAgo:   "%d h ago",
	DaysAgo:    "%d d ago",
	Seconds:    "%d s",
	Minutes:    "%d min",
	Hours:      "%d h",

	OwnerTitle:     "OWNER MENU",
	OwnerPIN:       "Owner PIN:",
	OwnerPINHelp:   "Type the PIN and press Enter · Esc cancels",
	OwnerWrongPIN:  "Wrong PIN. Tries left: %d",
	OwnerLocked:    "Too many wrong PINs: the owner menu is locked for %d s",
	OwnerModeLabel: "Door mode",
	OwnerLangLabel: "Language",
	OwnerClose:     "Close",
	OwnerMenuHelp:  "A number or ↑↓, then Enter · Esc closes · closes by itself after 30 s",
	OwnerSaving:    "Saving…",
	OwnerSaved:     "Saved: kept after a restart",
	OwnerNotSaved:  "In effect now but NOT SAVED (lost at restart): %s",
	OwnerModeFail:  "Mode not changed: %s",
	ModeByOwner:    "Mode set by the owner",

	TokenRefused:            "TOKEN REFUSED",
	ProblemUnreachable:      "The server cannot be reached",
	ProblemTimeout:          "The server did not answer in time",
	ProblemConnRefused:      "The server refused the connection",
	ProblemDNS:              "The server's name was not found",
	ProblemReset:            "The connection to the server was cut",
	ProblemBusy:             "The server is busy and asked to wait (%d)",
	ProblemServerError:      "The server has a fault (%d)",
	ProblemTokenRefused:     "The server refused this device's token (%d) — call staff",
	ProblemRefusedBatch:     "The server refused the request (%d): check the server address",
	ProblemBadAnswer:        "The server sent an answer that cannot be used",
	ProblemOutboxFull:       "the record store is full: scans are not recorded",
	ProblemOutboxUnreadable: "the record file cannot be read or written",
}

// enPlural holds the English counted messages.
var enPlural = map[Key]Forms{
	Pending:      {plural.One: "%d record waiting to sync, oldest %s", plural.Other: "%d records waiting to sync, oldest %s"},
	PendingCount: {plural.One: "%d record waiting to sync", plural.Other: "%d records waiting to sync"},
	DeadLetters:  {plural.One: "%d record rejected upstream — call staff", plural.Other: "%d records rejected upstream — call staff"},
	Queued:       {plural.One: "%d more waiting", plural.Other: "%d more waiting"},
}
