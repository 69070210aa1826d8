// A venue's door code (scanner.VenuePrefix): "AQV1:VENUE/DOOR/...", shown on
// a kiosk's idle screen or printed at the entrance; or a link to this wallet
// with "#venue=VENUE". A visitor who scans it gets proofs bound to that
// venue, so a code photographed at one venue is refused at every other.
import { MAX_VENUE } from "./pass.js";

/** parseVenue returns the venue id in text, or "" when it is not a venue code. */
export function parseVenue(text) {
	const s = String(text || "").trim();
	let venue = "";
	const m = /^AQV1:([^/]+)/i.exec(s);
	if (m) {
		venue = m[1];
	} else {
		try {
			const u = new URL(s);
			venue = new URLSearchParams(u.hash.slice(1)).get("venue") || "";
		} catch {
			return "";
		}
	}
	// Venue names are at most 64 bytes here (pass.MaxVenue) and hold no
	// control characters (the upstream refuses them).
	if (!venue || /[\u0000-\u001f\u007f]/.test(venue) || new TextEncoder().encode(venue).length > MAX_VENUE) return "";
	return venue;
}
