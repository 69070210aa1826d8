package wire

import "time"

// IssuerKey is one public key the upstream signs passes with, and the window
// in which passes signed by it are accepted (GET /v1/keys). After a
// rotation the old key keeps its window until the grace period ends.
type IssuerKey struct {
	KID       string    `json:"kid"` // 4 bytes in hex
	Alg       string    `json:"alg"` // "EdDSA"
	PublicKey []byte    `json:"public_key"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
}

// KeySet is the answer of GET /v1/keys. Time is the upstream's clock when it
// answered, which lets a kiosk check its own.
type KeySet struct {
	Keys []IssuerKey `json:"keys"`
	Time time.Time   `json:"time"`
}

// Why a pass is on the deny list.
const (
	DenyRevoked       = "revoked"        // the operator revoked it: never accept it
	DenyStatusChanged = "status-changed" // the holder's status changed since issue
)

// DenyEntry is one revoked pass.
type DenyEntry struct {
	PassID string    `json:"pass_id"` // 16 bytes in hex
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
	// Seq orders the deny list; GET /v1/denylist?after=Seq continues it.
	Seq uint64 `json:"seq"`
}

// MaxDenyPage is the most entries one page of GET /v1/denylist may hold:
// the server sends no more, and a kiosk refuses a longer page.
const MaxDenyPage = 5000

// DenyList is one page of GET /v1/denylist?after=N: the entries with a
// sequence number above N, oldest first. More is true when another page
// follows.
type DenyList struct {
	Entries []DenyEntry `json:"entries"`
	Last    uint64      `json:"last"`
	More    bool        `json:"more"`
	Time    time.Time   `json:"time"`
}

// PassRequest asks the upstream for a pass (POST /v1/passes, with an
// operator credential): for an IIN and the holder's Ed25519 public key.
type PassRequest struct {
	IIN       string `json:"iin"`
	HolderKey []byte `json:"holder_key"`
}

// PassResponse is an issued pass: the COSE_Sign1 bytes and its id.
type PassResponse struct {
	Pass       []byte    `json:"pass"`
	PassID     string    `json:"pass_id"`
	KID        string    `json:"kid"`
	Status     Status    `json:"status"`
	ValidUntil time.Time `json:"valid_until"`
}

// ProofUse names the holder proof of a scanned pass in a status lookup
// (StatusRequest.Proof). The upstream remembers it with the asking device
// and the token's venue (docs/pass-format.md, "A live code works once").
type ProofUse struct {
	ID string `json:"id"` // the proof id: 16 bytes in hex
	// At is the proof's time, as the phone signed it.
	At time.Time `json:"at"`
	// Door is the asking kiosk's door, for the answer another door gets.
	Door string `json:"door,omitempty"`
	// Peek asks without recording the use: `ashyq-kiosk check`.
	Peek bool `json:"peek,omitempty"`
}

// ProofUsed is where and when a proof was first used, as the upstream
// tells another device (StatusResponse.ProofUsed). Another venue is not
// named: a venue does not learn where else a person goes.
type ProofUsed struct {
	// At is when the upstream first heard of the proof, by its clock.
	At time.Time `json:"at"`
	// OtherVenue is true when the first use was at another venue; Door and
	// Device are then empty.
	OtherVenue bool   `json:"other_venue,omitempty"`
	Door       string `json:"door,omitempty"`
	Device     string `json:"device,omitempty"`
}
