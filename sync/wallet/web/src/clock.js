// Is the phone's clock right? A proof carries the phone's time, and a kiosk
// refuses one more than 60 s from its own, so a code made on a wrong clock
// would be refused at the door. The wallet compares its clock with the
// upstream's whenever it is online (half the round trip allowed for) and
// keeps the reading; offline, a clock earlier than a pass's issue time is
// wrong too.
import * as store from "./store.js";

/** MAX_SKEW_MS: beyond this the wallet shows no code. A code is shown for up
 * to 30 s, so a clock 30 s slow makes proofs 60 s old at the door. */
export const MAX_SKEW_MS = 30_000;

let reading = null; // {skew: ms the upstream is ahead of us, at: local ms}

export async function load() {
	reading = (await store.get("clock").catch(() => null)) || null;
	return reading;
}

export async function measure(serverTime, t0, t1) {
	const server = Date.parse(serverTime);
	if (!Number.isFinite(server)) return;
	reading = { skew: server - (t0 + t1) / 2, at: t1 };
	await store.put("clock", reading).catch(() => {});
}

export const current = () => reading;

/**
 * problem returns null when the clock can be trusted, else how far off it is
 * ({ahead: true|false, by: ms}).
 * @param {number} now Date.now() @param {{issuedAt: number}|null} claims
 */
export function problem(now, claims) {
	if (reading && Math.abs(reading.skew) > MAX_SKEW_MS) {
		return { ahead: reading.skew < 0, by: Math.abs(reading.skew) };
	}
	if (claims && now < claims.issuedAt * 1000 - MAX_SKEW_MS) {
		return { ahead: false, by: claims.issuedAt * 1000 - now };
	}
	return null;
}
