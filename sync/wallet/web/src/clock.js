// The phone's clock against the upstream's. A proof carries its time, and a
// kiosk refuses one far from its own clock (docs/pass-format.md, "The proof
// window": 20 s of tolerance by default), so the wallet signs with its clock
// corrected by the upstream's: every answer carries the upstream's time, read
// with half the round trip allowed for. Within a session the corrected time
// runs on the monotonic clock from the last reading, so a wall clock changed
// meanwhile changes nothing; across sessions the last offset is applied to
// the wall clock. A clock more than MAX_CORRECT_MS off is not corrected: the
// wallet says the clock is wrong and shows no code, since such a clock is
// likely to be put right later, and a correction kept from before would then
// make every code wrong without anyone noticing.
import * as store from "./store.js";

/** Offsets up to this are corrected; beyond, the clock is called wrong. */
export const MAX_CORRECT_MS = 10 * 60_000;
/** Offsets beyond this are told to the visitor, even when corrected. */
export const NOTICE_MS = 5_000;

let saved = null; // {skew: ms the upstream is ahead of the wall clock, at: wall ms}
let live = null; // {server: upstream ms, mono: performance.now()} of this session

export async function load() {
	saved = (await store.get("clock").catch(() => null)) || null;
	return saved;
}

/** measure reads the upstream's time from an answer to a request sent at
 * wall time t0 / monotonic m0 and answered at t1 / m1. */
export async function measure(serverTime, t0, t1, m0, m1) {
	const server = Date.parse(serverTime);
	if (!Number.isFinite(server)) return;
	live = { server: server + (m1 - m0) / 2, mono: m1 };
	saved = { skew: server - (t0 + t1) / 2, at: t1 };
	await store.put("clock", saved).catch(() => {});
}

/** skew is how far the upstream's clock is ahead of the phone's (ms). */
export function skew() {
	if (live) return live.server + (performance.now() - live.mono) - Date.now();
	return saved ? saved.skew : 0;
}

/** now is the time to sign with: the wall clock, corrected when it can be. */
export function now() {
	const s = skew();
	return Math.abs(s) <= MAX_CORRECT_MS ? Date.now() + s : Date.now();
}

/**
 * problem returns null when codes made now will be accepted, else how far
 * off the clock is ({ahead, by} in ms).
 * @param {{issuedAt: number}|null} claims
 */
export function problem(claims) {
	const s = skew();
	if (Math.abs(s) > MAX_CORRECT_MS) return { ahead: s < 0, by: Math.abs(s) };
	// No reading, or an old one: a clock before the pass was issued is
	// certainly wrong (the issuer's clock signed issued-at).
	const t = now();
	if (claims && t < claims.issuedAt * 1000 - 60_000) return { ahead: false, by: claims.issuedAt * 1000 - t };
	return null;
}

/** corrected returns the offset being corrected when the visitor should
 * hear of it ({ahead, by}), else null. */
export function corrected() {
	const s = skew();
	return Math.abs(s) > NOTICE_MS && Math.abs(s) <= MAX_CORRECT_MS ? { ahead: s < 0, by: Math.abs(s) } : null;
}
