// Package console is the operator's console: server-rendered pages under
// /ui/ (html/template, no script), behind the operator credential, read
// through the backend from the store, so every replica shows the same
// picture. The credential travels in a cookie (HttpOnly, SameSite=Strict,
// Path=/ui/) or as a bearer token; every page checks it again, so a revoked
// credential stops working within the cache time like anywhere else.
//
// The templates are parsed on first use, not when the package loads: a
// program that embeds the server without the console (the kiosk's demo)
// pays nothing for them.
package console
