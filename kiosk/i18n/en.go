package i18n

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
	Pending:     "%d records waiting to sync, oldest %s",
	AllSynced:   "All records synced",
	DeadLetters: "%d records rejected upstream — call staff",
	Inside:      "Inside now: %d",
	ClockSkew:   "Device clock is off by %s — check the time",
	Storage:     "Storage problem: %s",

	CameraOff:         "Camera: off",
	CameraUnsupported: "Camera: not supported in this build",
	CameraSearching:   "Camera: searching…",
	CameraBusy:        "Camera: busy (used by another program)",
	CameraRunning:     "Camera: ready",

	VenueLabel:  "Venue",
	DoorLabel:   "Door",
	InputPrompt: "IIN or code:",
	Hint:        "Scan a code or type an IIN, then press Enter",
	Checking:    "Checking…",
	Queued:      "%d more waiting",
	DemoTitle:   "Demo IINs",
	QuitConfirm: "Press ctrl+c again to quit",

	JustNow:    "just now",
	SecondsAgo: "%d s ago",
	MinutesAgo: "%d min ago",
	HoursAgo:   "%d h ago",
	DaysAgo:    "%d d ago",
	Seconds:    "%d s",
}
