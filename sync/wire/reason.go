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
