// Package ownerweb is the owner's pages under /owner/: one venue's "now"
// (people inside, each door, today's counts), its settings, its records of
// visits and an inspector's export, its printable door codes, and "add a
// door" (a one-time code that enrols a new kiosk). An owner logs in with an
// owner's credential (store.KindOwner, bound to one venue, made by the
// operator: ashyq-server owners add) and gets a server-side session
// (package websession: a random id in an HttpOnly, SameSite=Strict cookie
// limited to /owner/, CSRF tokens on every form, throttled logins).
//
// Every page takes its venue from the session, never from the URL: no
// address names another venue, so none can reach one. A door named in a
// path is looked up within the session's venue only.
//
// Why server-rendered pages (html/template, no script) for owners and the
// operator, while the visitors' wallet is a JavaScript app: the wallet must
// work offline on a visitor's phone, hold a private key the server never
// sees and sign a fresh code every few seconds, so it has to run in the
// browser. The owner's and operator's pages only show what the upstream
// knows now and change it there: every view needs the server anyway, a
// page rendered there is the whole answer in one request (fast on a cheap
// phone, nothing to cache or get out of step), a strict Content-Security-
// Policy with no script at all leaves cross-site scripting nothing to run,
// and the tests read real HTML. Both faces share one style and the same
// session rules.
package ownerweb
