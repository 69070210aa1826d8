package pass

import (
	"bytes"
	"compress/zlib"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/veraison/go-cose"
)

// Prefix starts every code of this format version.
const Prefix = "AQ1:"

// Size limits, checked before anything is allocated for a code.
const (
	// MaxCode is the longest code text read. A typical code is about 350
	// characters; QR version 40 holds at most 4,296.
	MaxCode = 1200
	// MaxDecoded bounds the bytes after inflating a compressed code.
	MaxDecoded = 1024
	// MaxVenue is the longest venue id a proof may carry.
	MaxVenue = 64
)

// shown is the CBOR array a phone shows: the issuer's pass and the holder's
// proof of the moment.
type shown struct {
	_         struct{} `cbor:",toarray"`
	Pass      []byte
	ProofTime int64
	Venue     string
	ProofSig  []byte
}

// proofContext starts the bytes a holder signs, so a proof signature can
// never be mistaken for a signature over anything else.
const proofContext = "AQ1 holder proof"

// proofMessage is what the holder key signs: the context, the pass id, the
// time in Unix seconds and the venue id ("" when the phone does not know it).
func proofMessage(id [IDSize]byte, t int64, venue string) []byte {
	b, err := encMode.Marshal([]any{proofContext, id[:], t, venue})
	if err != nil {
		panic(err) // only strings, bytes and an integer: cannot fail
	}
	return b
}

// Holder is a phone: it holds a pass and the private key of the holder key
// the pass names, and shows the pass with a fresh proof.
type Holder struct {
	pass []byte
	id   [IDSize]byte
	key  ed25519.PrivateKey
}

// NewHolder checks that pass names key's public half and makes a holder.
// It does not verify the issuer's signature: the phone has no need to.
func NewHolder(pass []byte, key ed25519.PrivateKey) (*Holder, error) {
	msg, claims, err := parsePass(pass)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(claims.Holder, key.Public().(ed25519.PublicKey)) {
		return nil, errors.New("pass was issued for another holder key")
	}
	return &Holder{pass: pass, id: passID(msg.Payload), key: key}, nil
}

// RotateEvery is how often a phone makes a new proof, so the QR code changes
// and a photo of it soon expires.
const RotateEvery = 30 * time.Second

// Show returns the code text for the moment at, for a venue ("" when the
// phone does not know where it is).
func (h *Holder) Show(at time.Time, venue string) (string, error) {
	if len(venue) > MaxVenue {
		return "", fmt.Errorf("venue id longer than %d bytes", MaxVenue)
	}
	t := at.Unix()
	s := shown{Pass: h.pass, ProofTime: t, Venue: venue,
		ProofSig: ed25519.Sign(h.key, proofMessage(h.id, t, venue))}
	raw, err := encMode.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("encode code: %w", err)
	}
	return Prefix + EncodeBase45(maybeCompress(raw)), nil
}

// maybeCompress deflates raw with zlib when that makes it shorter. It
// rarely does: signatures and keys are most of a pass, and random bytes do
// not compress. A reader tells the two apart by the first byte: zlib's
// header starts 0x78, a CBOR array of four 0x84.
func maybeCompress(raw []byte) []byte {
	var b bytes.Buffer
	w, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	_, _ = w.Write(raw)
	_ = w.Close()
	if b.Len() < len(raw) {
		return b.Bytes()
	}
	return raw
}

// Code is a parsed code: structurally sound, not yet verified.
type Code struct {
	Pass      []byte
	ProofTime time.Time
	Venue     string

	proofSig []byte
	msg      *cose.Sign1Message
	kid      string
	claims   Claims
	id       [IDSize]byte
}

// KeyID is the issuer key id the pass names, in hex.
func (c *Code) KeyID() string { return c.kid }

// ID is the pass id, in hex.
func (c *Code) ID() string { return IDString(c.id) }

// IsCode reports whether text is meant as a pass: it starts with "AQ" in any
// case. Such text gets the reasons of this package, even for a wrong
// prefix, rather than "unsupported code".
func IsCode(text string) bool {
	return len(text) >= 2 && strings.EqualFold(text[:2], "AQ")
}

// Parse reads code text. It checks structure only: Verify checks
// signatures, keys and times. Every failure is an *Error.
func Parse(text string) (*Code, error) {
	if len(text) > MaxCode {
		return nil, fail(ReasonOversize, "%d characters, at most %d", len(text), MaxCode)
	}
	body, err := cutPrefix(text)
	if err != nil {
		return nil, err
	}
	raw, err := DecodeBase45(body)
	switch {
	case errors.Is(err, errBase45Length), errors.Is(err, errBase45Tail):
		return nil, fail(ReasonTruncated, "%v", err)
	case err != nil:
		return nil, fail(ReasonGarbled, "%v", err)
	}
	if len(raw) > 0 && raw[0] == 0x78 {
		if raw, err = inflate(raw); err != nil {
			return nil, err
		}
	}
	var s shown
	rest, err := decMode.UnmarshalFirst(raw, &s)
	if err != nil {
		return nil, cborFailure("code", err)
	}
	if len(rest) > 0 {
		return nil, fail(ReasonTrailing, "%d bytes after the code", len(rest))
	}
	if len(s.Venue) > MaxVenue {
		return nil, fail(ReasonMalformed, "venue id longer than %d bytes", MaxVenue)
	}
	if len(s.ProofSig) != ed25519.SignatureSize {
		return nil, fail(ReasonMalformed, "holder proof has %d bytes, want %d", len(s.ProofSig), ed25519.SignatureSize)
	}
	msg, claims, err := parsePass(s.Pass)
	if err != nil {
		return nil, err
	}
	kid, err := keyID(msg)
	if err != nil {
		return nil, err
	}
	return &Code{
		Pass: s.Pass, ProofTime: time.Unix(s.ProofTime, 0).UTC(), Venue: s.Venue,
		proofSig: s.ProofSig, msg: msg, kid: kid, claims: claims, id: passID(msg.Payload),
	}, nil
}

// cutPrefix checks the "AQ<version>:" prefix and returns what follows it.
func cutPrefix(text string) (string, error) {
	if body, ok := strings.CutPrefix(text, Prefix); ok {
		return body, nil
	}
	head, _, ok := strings.Cut(text, ":")
	if ok && len(head) > 2 && len(head) <= 6 && head[:2] == "AQ" && allDigits(head[2:]) {
		return "", fail(ReasonVersion, "version %s; this kiosk reads version 1", head[2:])
	}
	return "", fail(ReasonPrefix, "a pass starts with %s", Prefix)
}

// inflate undoes maybeCompress, reading at most MaxDecoded bytes.
func inflate(raw []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fail(ReasonGarbled, "zlib: %v", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, MaxDecoded+1))
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fail(ReasonTruncated, "zlib stream ends early")
	case err != nil:
		return nil, fail(ReasonGarbled, "zlib: %v", err)
	case len(out) > MaxDecoded:
		return nil, fail(ReasonOversize, "inflates beyond %d bytes", MaxDecoded)
	}
	return out, nil
}

// cborFailure sorts a CBOR decoding error into truncated, garbled or
// malformed.
func cborFailure(what string, err error) *Error {
	var syn *cbor.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fail(ReasonTruncated, "%s ends early", what)
	case errors.As(err, &syn):
		return fail(ReasonGarbled, "%s: %v", what, err)
	}
	return fail(ReasonMalformed, "%s: %v", what, err)
}

// parsePass decodes the issuer's COSE_Sign1 and its claims, unverified.
func parsePass(pass []byte) (*cose.Sign1Message, Claims, error) {
	if err := passMode.Wellformed(pass); err != nil {
		return nil, Claims{}, cborFailure("pass", err)
	}
	msg := cose.NewSign1Message()
	if err := msg.UnmarshalCBOR(pass); err != nil {
		return nil, Claims{}, fail(ReasonMalformed, "pass: %v", err)
	}
	if len(msg.Headers.Unprotected) > 0 {
		return nil, Claims{}, fail(ReasonMalformed, "pass: unprotected header must be empty")
	}
	alg, err := msg.Headers.Protected.Algorithm()
	if err != nil || alg != cose.AlgorithmEdDSA {
		return nil, Claims{}, fail(ReasonMalformed, "pass: algorithm must be EdDSA")
	}
	claims, err := unmarshalClaims(msg.Payload)
	if err != nil {
		return nil, Claims{}, err
	}
	return msg, claims, nil
}

func keyID(msg *cose.Sign1Message) (string, error) {
	kid, ok := msg.Headers.Protected[cose.HeaderLabelKeyID].([]byte)
	if !ok || len(kid) != KeyIDSize {
		return "", fail(ReasonMalformed, "pass: key id missing or not %d bytes", KeyIDSize)
	}
	return hex.EncodeToString(kid), nil
}
