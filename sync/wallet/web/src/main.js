// The wallet: boot, state, the code's rotation and the upstream checks.
// One state object (S) owns everything the screen shows; render() draws it
// (view.js), and only the functions here change it.
import * as store from "./store.js";
import * as clock from "./clock.js";
import * as api from "./api.js";
import { readPass, showCode, ROTATE_MS } from "./pass.js";
import { matrix } from "./qr.js";
import { pickLang } from "./i18n.js";
import { iinProblem } from "./iin.js";
import { parseVenue } from "./venue.js";
import { render } from "./view.js";

/** How often the wallet asks the upstream about its pass while shown. */
const CHECK_EVERY_MS = 10 * 60_000;

export const S = {
	lang: "en",
	phase: "loading", // loading | enrol | pass | venue | fatal
	fatal: "", // a text key: the wallet cannot run here
	enrol: { busy: false, error: "", vals: {}, iin: "", code: "", note: "" },
	key: null, // {privateKey, publicKey}
	pass: null, // readPass() result
	venue: "",
	revoked: null, // {at: ISO} once the upstream said so
	ended: false, // the upstream will not renew this pass: enrol again
	changed: null, // {at: ISO, status} after a status change
	online: null, // null: not asked yet; true/false: the last check's outcome
	checkedAt: 0, // local ms of the last successful check
	checkError: "",
	code: null, // {slot, text, matrix, venue}
	install: null, // the browser's install prompt, when it offers one
	venueError: "",
};

const update = () => render(S, actions);

async function boot() {
	S.lang = pickLang(localStorage.getItem("ashyq-lang"), navigator.languages);
	document.documentElement.lang = S.lang;
	update();
	if (!self.crypto || !crypto.subtle) return fail("errNoCrypto");
	store.onLost(() => forget("storageCleared"));
	try {
		await clock.load();
		S.key = (await store.get("holder")) || null;
		const saved = await store.get("pass");
		S.venue = (await store.get("venue")) || "";
		S.revoked = (await store.get("revoked")) || null;
		S.changed = (await store.get("changed")) || null;
		if (saved && S.key) S.pass = await readPass(saved);
	} catch (err) {
		if (err instanceof store.StorageError) return fail("errNoStorage");
		S.pass = null; // a pass this version cannot read: enrol again
	}
	fromFragment();
	if (S.pass) {
		S.phase = "pass";
	} else {
		S.phase = "enrol";
		if (localStorage.getItem("ashyq-had-pass")) S.enrol.note = "storageCleared";
	}
	update();
	setInterval(tick, 1000);
	tick();
	if (S.pass) refresh();
	addEventListener("online", () => refresh());
	addEventListener("offline", () => {
		S.online = false;
		update();
	});
	document.addEventListener("visibilitychange", () => {
		if (document.visibilityState === "visible") {
			refresh();
			wakeLock();
		}
	});
	addEventListener("resize", update);
	addEventListener("beforeinstallprompt", (ev) => {
		ev.preventDefault();
		S.install = ev;
		update();
	});
	setInterval(() => refresh(), CHECK_EVERY_MS);
	wakeLock();
	if ("serviceWorker" in navigator) navigator.serviceWorker.register("./sw.js").catch(() => {});
	store.persist();
}

function fail(key) {
	S.phase = "fatal";
	S.fatal = key;
	update();
}

/** fromFragment takes an IIN and code, or a venue, from the address's
 * fragment (never sent to any server), as a health worker's printed QR code
 * or a venue poster may carry them, then clears it. */
function fromFragment() {
	if (!location.hash) return;
	const p = new URLSearchParams(location.hash.slice(1));
	if (p.get("iin")) S.enrol.iin = p.get("iin").replace(/\D/g, "").slice(0, 12);
	if (p.get("code")) S.enrol.code = p.get("code").replace(/\D/g, "").slice(0, 8);
	const v = parseVenue(location.href);
	if (v) setVenue(v);
	history.replaceState(null, "", location.pathname + location.search);
}

/** problem says why no code can be shown now, or returns null. */
export function problem() {
	if (!S.pass) return null;
	if (S.revoked) return { key: "revoked", time: S.revoked.at };
	if (S.ended) return { key: "tooOld", time: S.pass.claims.validUntil * 1000 };
	const c = clock.problem(S.pass.claims);
	const now = clock.now();
	if (c) return { key: c.ahead ? "clockFast" : "clockSlow", by: c.by };
	if (now >= S.pass.claims.validUntil * 1000) {
		return { key: S.online && S.checkError ? "expiredOnline" : "expired", time: S.pass.claims.validUntil * 1000 };
	}
	return null;
}

let making = false;

/** tick runs every second: a new code when the 30 s slot changes. */
async function tick() {
	if (S.phase !== "pass" || making) {
		if (S.phase === "pass") update();
		return;
	}
	const now = clock.now();
	if (problem()) {
		S.code = null;
		update();
		return;
	}
	const slot = Math.floor(now / ROTATE_MS);
	const seconds = Math.floor(now / 1000);
	const stale = !S.code || S.code.slot !== slot || S.code.venue !== S.venue || S.code.passId !== S.pass.idHex || S.code.renew;
	// A proof of the same second, venue and pass is the same code: a new
	// one asked for waits for the next second.
	if (stale && !(S.code && S.code.renew && seconds <= S.code.seconds)) {
		making = true;
		try {
			const text = await showCode(S.pass, S.key.privateKey, seconds, S.venue);
			S.code = { slot, seconds, text, matrix: matrix(text), venue: S.venue, passId: S.pass.idHex, at: now };
		} catch (err) {
			S.checkError = String(err.message || err);
		} finally {
			making = false;
		}
	}
	update();
}

let checking = false;

/** refresh asks the upstream about the pass: still current, renewed, status
 * changed or revoked. Offline, the saved pass stays until its end. */
async function refresh() {
	if (!S.pass || !S.key || checking) return;
	checking = true;
	try {
		const r = await api.check(S.pass, S.key.privateKey);
		S.online = true;
		S.checkError = "";
		S.checkedAt = Date.now();
		if (r.state === "revoked") {
			S.revoked = { at: new Date(clock.now()).toISOString() };
			await store.put("revoked", S.revoked);
		} else if (r.pass) {
			const next = await readPass(api.fromB64(r.pass));
			if (!sameKey(next.claims.holder, S.key.publicKey)) throw new Error("the renewed pass is for another key");
			if (r.state === "status-changed") {
				S.changed = { status: next.claims.status };
				await store.put("changed", S.changed);
			}
			await store.put("pass", next.bytes);
			S.pass = next;
			S.code = null;
		}
	} catch (err) {
		if (err instanceof api.NetworkError) {
			S.online = false;
		} else {
			S.online = true;
			// "clock": the answer's time has already been read into the
			// clock, which now says how far off the phone is.
			if (err.reason === "too-old" || err.reason === "bad-pass") S.ended = true;
			else if (err.reason !== "clock") S.checkError = err.message || String(err);
		}
	} finally {
		checking = false;
	}
	tick();
}

function sameKey(a, b) {
	return a.length === b.length && a.every((v, i) => v === b[i]);
}

async function enrol(iinRaw, codeRaw) {
	const iin = iinRaw.replace(/\s/g, "");
	const code = codeRaw.replace(/[\s-]/g, "");
	S.enrol = { ...S.enrol, iin, code, error: "", vals: {} };
	const bad = iinProblem(iin) || (/^[0-9]{8}$/.test(code) ? "" : "errCodeFormat");
	if (bad) {
		S.enrol.error = bad;
		return update();
	}
	S.enrol.busy = true;
	update();
	try {
		if (!S.key) {
			const key = await store.newHolderKey();
			await store.put("holder", key);
			S.key = key;
		}
		const r = await api.enrol(iin, code, S.key.publicKey);
		const p = await readPass(api.fromB64(r.pass));
		if (!sameKey(p.claims.holder, S.key.publicKey)) throw new Error("the pass is for another key");
		await store.put("pass", p.bytes);
		await Promise.all([store.del("revoked"), store.del("changed")]);
		localStorage.setItem("ashyq-had-pass", "1");
		Object.assign(S, { pass: p, revoked: null, changed: null, ended: false, online: true, checkedAt: Date.now(), code: null, phase: "pass" });
		S.enrol = { busy: false, error: "", vals: {}, iin: "", code: "", note: "" };
	} catch (err) {
		S.enrol.busy = false;
		S.enrol.error = enrolError(err);
		S.enrol.vals = { s: err.retryAfter || 0, n: err.body?.attempts_left ?? "", detail: err.message };
		// A wrong code may be a typo; any other refusal voids this code.
		if (err.reason && err.reason !== "wrong-code" && err.reason !== "invalid-iin") S.enrol.code = "";
		if (err.noCrypto) return fail("errNoCrypto");
		if (err instanceof store.StorageError) return fail("errNoStorage");
	}
	update();
	tick();
}

function enrolError(err) {
	if (err instanceof api.NetworkError) return "errOffline";
	if (!(err instanceof api.ApiError)) return "errServer";
	switch (err.reason) {
		case "wrong-code":
			return err.body?.attempts_left ? "errWrongCodeLeft" : "errWrongCode";
		case "used":
			return "errUsedCode";
		case "expired":
			return "errExpiredCode";
		case "too-many-attempts":
			return "errTooMany";
		case "invalid-iin":
			return "errIINCheck";
	}
	if (err.status === 429) return "errThrottled";
	return "errServer";
}

/** forget removes the pass and key from this phone (or notices that the
 * browser removed them) and goes back to enrolment. */
async function forget(note) {
	await store.clear().catch(() => {});
	Object.assign(S, { key: null, pass: null, revoked: null, changed: null, ended: false, code: null, phase: "enrol", online: null });
	S.enrol = { busy: false, error: "", vals: {}, iin: "", code: "", note: note || "" };
	if (!note) localStorage.removeItem("ashyq-had-pass");
	update();
}

async function setVenue(v) {
	S.venue = v;
	S.code = null;
	if (v) await store.put("venue", v).catch(() => {});
	else await store.del("venue").catch(() => {});
}

let lock = null;
async function wakeLock() {
	// Keep the screen on while the code is shown: a phone that dims at the
	// door makes the camera's job harder.
	if (!("wakeLock" in navigator) || lock) return;
	try {
		lock = await navigator.wakeLock.request("screen");
		lock.addEventListener("release", () => (lock = null));
	} catch {
		lock = null;
	}
}

export const actions = {
	setLang(l) {
		S.lang = l;
		localStorage.setItem("ashyq-lang", l);
		document.documentElement.lang = l;
		update();
	},
	enrol,
	newCode() {
		if (S.code) S.code.renew = true;
		setTimeout(tick, 1000 - (clock.now() % 1000) + 5);
	},
	forget: () => forget(""),
	install() {
		S.install?.prompt();
		S.install = null;
		update();
	},
	openVenue() {
		S.phase = "venue";
		S.venueError = "";
		update();
	},
	closeVenue() {
		S.phase = S.pass ? "pass" : "enrol";
		update();
		tick();
	},
	async useVenue(text) {
		const v = parseVenue(text);
		if (!v) {
			S.venueError = "venueBad";
			return update();
		}
		await setVenue(v);
		actions.closeVenue();
	},
	async forgetVenue() {
		await setVenue("");
		tick();
	},
	refresh,
};

boot();
