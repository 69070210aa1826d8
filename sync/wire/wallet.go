package wire

import "time"

// The wallet API (docs/api.md, "The visitors' wallet"): a visitor's phone
// enrols with a one-time code an operator or health worker handed out for
// an IIN, then checks and renews its pass with its holder key. These
// endpoints take no credential: the code, then the holder key's
// signature, is the proof.

// EnrolRequest (POST /v1/wallet/enrol) trades a one-time enrolment code for
// a pass bound to the phone's holder key.
type EnrolRequest struct {
	IIN       string `json:"iin"`
	Code      string `json:"code"`
	HolderKey []byte `json:"holder_key"`
}

// WalletPass is an issued pass as the wallet gets it, with the upstream's
// clock, so the phone can check its own.
type WalletPass struct {
	PassResponse
	Time time.Time `json:"time"`
}

// WalletCheck (POST /v1/wallet/pass) asks about the phone's pass: Sig is
// the holder key's Ed25519 signature over pass.RequestMessage(pass id,
// Time), Time in Unix seconds.
type WalletCheck struct {
	Pass []byte `json:"pass"`
	Time int64  `json:"time"`
	Sig  []byte `json:"sig"`
}

// What the upstream says about a wallet's pass.
const (
	WalletCurrent       = "current"        // the pass holds; nothing new
	WalletRenewed       = "renewed"        // a new pass with the same status (the old one was near its end)
	WalletStatusChanged = "status-changed" // a new pass: the holder's status changed since the old one
	WalletRevoked       = "revoked"        // the operator revoked the pass: enrol again
)

// WalletCheckResult answers a WalletCheck. Pass and the fields after it
// are set when State is renewed or status-changed.
type WalletCheckResult struct {
	State      string    `json:"state"`
	Pass       []byte    `json:"pass,omitempty"`
	PassID     string    `json:"pass_id,omitempty"`
	Status     Status    `json:"status,omitempty"`
	ValidUntil time.Time `json:"valid_until,omitzero"`
	Time       time.Time `json:"time"`
}

// Why an enrolment or a wallet request was refused (WalletError.Reason).
const (
	EnrolWrongCode  = "wrong-code"        // no live code for this IIN matches
	EnrolUsed       = "used"              // the code was used already
	EnrolExpired    = "expired"           // the code's time ran out
	EnrolTooMany    = "too-many-attempts" // too many wrong codes for this IIN: the code is void
	EnrolInvalidIIN = "invalid-iin"       // the IIN is not valid
	WalletBadPass   = "bad-pass"          // not a pass this upstream issued, or a forged one
	WalletBadSig    = "bad-signature"     // the holder signature does not verify
	WalletClock     = "clock"             // the request's time is too far from the upstream's
	WalletTooOld    = "too-old"           // the pass ended too long ago to be renewed: enrol again
)

// WalletError is the body of a refused wallet request: ErrorBody's text,
// a stable reason the wallet translates, and the upstream's clock.
type WalletError struct {
	Error        string    `json:"error"`
	Reason       string    `json:"reason"`
	AttemptsLeft int       `json:"attempts_left,omitempty"`
	Time         time.Time `json:"time"`
}

// EnrolCodeRequest (POST /v1/enrolment-codes, operator credential) makes a
// one-time enrolment code for an IIN. TTL is a Go duration ("1h"); empty
// takes the server's default.
type EnrolCodeRequest struct {
	IIN string `json:"iin"`
	TTL string `json:"ttl,omitempty"`
}

// EnrolCode is a new enrolment code: give it to the person, with its end.
// The upstream keeps only its hash.
type EnrolCode struct {
	Code      string    `json:"code"`
	ExpiresAt time.Time `json:"expires_at"`
	Attempts  int       `json:"attempts"`
}
