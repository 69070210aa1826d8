// The AQ1 pass as a phone holds and shows it (docs/pass-format.md): read
// the issuer's COSE_Sign1 and its claims, and make the code of the moment,
// the pass with a holder proof signed by the wallet's own Ed25519 key. The
// Go side (sync/pass) parses and verifies these codes; its tests read codes
// this module made in a real browser.
import { decode, encode } from "cborg";
import { encodeBase45 } from "./base45.js";

export const PREFIX = "AQ1:";
/** How often a new proof is made, so the QR code changes (pass.RotateEvery). */
export const ROTATE_MS = 30_000;
/** The longest venue id a proof may carry (pass.MaxVenue), in UTF-8 bytes. */
export const MAX_VENUE = 64;

const PROOF_CONTEXT = "AQ1 holder proof";
const COSE_SIGN1_TAG = 18;
const STATUS = { 1: "red", 2: "yellow", 3: "green", 4: "blue" };

/**
 * @typedef {{iin: string, status: string, issuedAt: number, validUntil: number, holder: Uint8Array}} Claims
 * @typedef {{bytes: Uint8Array, id: Uint8Array, idHex: string, claims: Claims}} Pass
 */

/**
 * readPass decodes a pass the upstream issued. It does not check the
 * issuer's signature (a phone has no need to: the kiosk does), but it does
 * check that the pass is shaped as the format says, so a broken answer is
 * caught at enrolment rather than at the door.
 * @param {Uint8Array} bytes @returns {Promise<Pass>}
 */
export async function readPass(bytes) {
	const tags = [];
	tags[COSE_SIGN1_TAG] = (inner) => inner();
	const msg = decode(bytes, { tags, useMaps: true, rejectDuplicateMapKeys: true });
	if (!Array.isArray(msg) || msg.length !== 4 || !(msg[2] instanceof Uint8Array)) {
		throw new Error("the pass is not a COSE_Sign1");
	}
	const payload = msg[2];
	let c;
	try {
		c = decode(payload, { useMaps: true, rejectDuplicateMapKeys: true });
	} catch (err) {
		throw new Error(`the pass's claims: ${err.message}`);
	}
	if (!(c instanceof Map)) throw new Error("the pass's claims are not a map");
	const claims = {
		iin: c.get(1),
		status: STATUS[c.get(2)],
		issuedAt: c.get(3),
		validUntil: c.get(4),
		holder: c.get(5),
	};
	if (typeof claims.iin !== "string" || !/^[0-9]{12}$/.test(claims.iin) || !claims.status ||
		!Number.isSafeInteger(claims.issuedAt) || !Number.isSafeInteger(claims.validUntil) ||
		claims.validUntil <= claims.issuedAt || !(claims.holder instanceof Uint8Array) || claims.holder.length !== 32) {
		throw new Error("the pass's claims are malformed");
	}
	const id = new Uint8Array(await crypto.subtle.digest("SHA-256", payload)).slice(0, 16);
	return { bytes, id, idHex: hex(id), claims };
}

/** proofMessage is what the holder key signs (pass.proofMessage). */
export function proofMessage(id, seconds, venue) {
	return encode([PROOF_CONTEXT, id, seconds, venue]);
}

/**
 * showCode makes the code text for the second `seconds`: the pass, the
 * time, the venue ("" when none) and the holder's signature over them, as
 * CBOR, in base45, after "AQ1:". zlib never makes a pass shorter (the
 * format's own figures), so the wallet leaves it out, as the format allows.
 * @param {Pass} pass @param {CryptoKey} key the holder's private key
 * @param {number} seconds Unix seconds @param {string} venue
 */
export async function showCode(pass, key, seconds, venue) {
	if (new TextEncoder().encode(venue).length > MAX_VENUE) throw new Error("venue id too long");
	const sig = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, key, proofMessage(pass.id, seconds, venue)));
	return PREFIX + encodeBase45(encode([pass.bytes, seconds, venue, sig]));
}

export function hex(bytes) {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
