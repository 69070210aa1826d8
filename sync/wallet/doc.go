// Package wallet serves the visitors' wallet web app at /wallet/: the
// static files that `make wallet` bundles from web/ into bundle/ (esbuild, the
// npm libraries pinned in the repository's package-lock.json), embedded in
// the server binary. The app itself (web/src) holds a pass, makes its holder
// proofs with a WebCrypto Ed25519 key that never leaves the phone, and shows
// the rotating code online or not (docs/wallet.md).
//
// A fresh clone builds without npm: bundle/ then holds only its .gitignore,
// and every wallet address answers with a page saying the wallet was not
// built and how to build it (Built reports which). The package knows
// nothing of the API the app calls; sync/server mounts Handler beside it.
package wallet
