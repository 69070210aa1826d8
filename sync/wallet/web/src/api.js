// The wallet's calls to its upstream (docs/api.md, "The wallet"): enrol with
// a one-time code, and check or renew the pass. Same origin only: the page's
// Content-Security-Policy allows no other host, and nothing else is called.
import { encode } from "cborg";
import * as clock from "./clock.js";

export class ApiError extends Error {
	constructor(status, body, retryAfter) {
		super(body.error || `HTTP ${status}`);
		this.status = status;
		this.reason = body.reason || "";
		this.body = body;
		this.retryAfter = retryAfter;
	}
}

/** NetworkError: no answer at all (offline, server down, timeout). */
export class NetworkError extends Error {}

const b64 = (bytes) => btoa(String.fromCharCode(...bytes));
export const fromB64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function post(path, body) {
	const url = new URL(`../v1/wallet/${path}`, location.href);
	const t0 = Date.now();
	const m0 = performance.now();
	let resp;
	try {
		resp = await fetch(url, {
			method: "POST",
			headers: { "Content-Type": "application/json" },
			body: JSON.stringify(body),
			cache: "no-store",
			credentials: "omit",
			referrerPolicy: "no-referrer",
			signal: AbortSignal.timeout(15000),
		});
	} catch (err) {
		throw new NetworkError(String(err));
	}
	const t1 = Date.now();
	const m1 = performance.now();
	let data = {};
	try {
		data = await resp.json();
	} catch {
		// a proxy's HTML error page: the status says enough
	}
	if (data && data.time) await clock.measure(data.time, t0, t1, m0, m1);
	if (!resp.ok) {
		const ra = parseInt(resp.headers.get("Retry-After") || "", 10);
		throw new ApiError(resp.status, data || {}, Number.isFinite(ra) ? ra : 0);
	}
	return data;
}

/** enrol trades a one-time code for a pass bound to the holder's public key. */
export function enrol(iin, code, holderKey) {
	return post("enrol", { iin, code, holder_key: b64(holderKey) });
}

const REQUEST_CONTEXT = "AQ1 wallet request";

/**
 * check asks whether the pass still holds, and gets a new one when the
 * upstream renews it (near its end, or after a status change). The holder
 * signs the pass id and the time, so only this phone can ask.
 * @param {{bytes: Uint8Array, id: Uint8Array}} pass @param {CryptoKey} key
 */
export async function check(pass, key) {
	const time = Math.floor(clock.now() / 1000);
	const msg = encode([REQUEST_CONTEXT, pass.id, time]);
	const sig = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, key, msg));
	return post("pass", { pass: b64(pass.bytes), time, sig: b64(sig) });
}
