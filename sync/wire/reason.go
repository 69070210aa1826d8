package wire

// Reasons a kiosk gives in Event.Reason for a refusal. The door engine
// writes them and the UI words them; an upstream stores them as they are.
const (
	// ReasonStatus: the person's status (red or yellow) does not allow entry.
	ReasonStatus = "status"
	// ReasonOfflinePolicy: no status could be found and the venue's offline
	// policy refuses entry.
	ReasonOfflinePolicy = "offline-policy"
)

// Reasons about occupancy.
const (
	// ReasonFull: a refusal of a person who may enter by status, because
	// the venue is at its capacity.
	ReasonFull = "full"
	// ReasonAlreadyInside: an entry by a person already inside the venue;
	// recorded, and counted once.
	ReasonAlreadyInside = "already-inside"
	// ReasonClosingTime and ReasonMaxStay mark the exits the upstream
	// creates for visits nobody checked out of: at the venue's closing
	// time, or after its maximum stay.
	ReasonClosingTime = "auto-closing-time"
	ReasonMaxStay     = "auto-max-stay"
	// ReasonCheckout marks the exits of the owner's "check everybody out".
	ReasonCheckout = "auto-checkout"
)
