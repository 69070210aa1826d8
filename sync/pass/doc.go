// Package pass is the offline-verifiable health pass (docs/pass-format.md):
// the upstream signs a person's status into a COSE_Sign1 over CBOR claims
// (Ed25519), the holder's phone shows it with a fresh proof signed by the
// holder's own key every 30 s, and the whole is carried in a QR code as
// "AQ1:" and base45 text. The server issues passes with Issuer, a phone (or
// `ashyq-server pass`) shows them with Holder, and a kiosk checks them with
// Parse and a Verifier without any network.
//
// Every way a code can be wrong has its own Reason, so the screen can say
// exactly why a code was not accepted.
//
// The package imports nothing of this module but sync/wire: both the server
// and the kiosk use it.
package pass
