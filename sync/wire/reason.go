package wire

// Reasons a kiosk gives in Event.Reason for a refusal. The door engine
// writes them and the UI words them; an upstream stores them as they are.
const (
	// ReasonStatus: the person's status (red or yellow) does not allow entry.
	ReasonStatus = "status"
	// ReasonOfflinePolicy: no status could be found (the source is
	// unchecked) and the venue's offline policy did not let the person in:
	// it refuses, or it leaves the decision to staff, who have not
	// overridden it.
	ReasonOfflinePolicy = "offline-policy"
)

// Reasons for a staff override (Kind Override), the short list door staff
// choose from. An upstream stores any other reason as it is and counts it
// as OverrideOther.
const (
	// OverrideStaffMember: a member of the venue's staff, let in while the
	// venue is full or not checked.
	OverrideStaffMember = "staff-member"
	// OverridePaperResult: the visitor showed a paper or printed result
	// staff accepted.
	OverridePaperResult = "paper-result"
	// OverrideIDChecked: staff checked the visitor's identity document
	// while the door could not check the status.
	OverrideIDChecked = "id-checked"
	// OverrideManager: the manager on duty decided.
	OverrideManager = "manager"
	// OverrideOther is how an upstream counts a reason not in this list.
	OverrideOther = "other"
)

// OverrideReasons lists the reasons door staff choose from, in the order
// the kiosk offers them.
var OverrideReasons = []string{OverrideStaffMember, OverridePaperResult, OverrideIDChecked, OverrideManager}

// OverrideReason is r when it is one of OverrideReasons, else
// OverrideOther: a bounded label for counting.
func OverrideReason(r string) string {
	for _, known := range OverrideReasons {
		if r == known {
			return r
		}
	}
	return OverrideOther
}

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
