// Drawing the wallet's state (main.js's S) into the page. Every visible
// word comes from i18n.js; values from the pass or the network are set as
// text, never as markup.
import { t, LANGS, locale, _texts } from "./i18n.js";
import { mask } from "./iin.js";
import { draw, version } from "./qr.js";
import { ROTATE_MS } from "./pass.js";
import { problem } from "./main.js";
import * as clock from "./clock.js";
import { startScan, stopScan } from "./scan.js";

/** h makes an element: h("p.note", {id: "x"}, "text", child, ...). */
function h(spec, attrs, ...kids) {
	const [tag, ...classes] = spec.split(".");
	const el = document.createElement(tag);
	if (classes.length) el.className = classes.join(" ");
	for (const [k, v] of Object.entries(attrs || {})) {
		if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
		else if (v !== false && v != null) el.setAttribute(k, v === true ? "" : v);
	}
	for (const k of kids.flat()) if (k != null && k !== false) el.append(k);
	return el;
}

/**
 * patch makes parent's children look like kids, keeping every node that is
 * already there with the same tag and attributes (its text is updated in
 * place). The pass view is drawn every second: replacing its buttons each
 * time dropped a tap whose press and release fell on either side of a
 * redraw. A kept button keeps its first handler, so handlers read the
 * state when they run, never a value of the render that made them.
 */
function patch(parent, kids) {
	const old = [...parent.childNodes];
	kids.forEach((k, i) => {
		const o = old[i];
		if (!o) parent.append(k);
		else if (o !== k && !morph(o, k)) parent.replaceChild(k, o);
	});
	for (const o of old.slice(kids.length)) if (o.parentNode === parent) o.remove();
}

/** morph turns o into n if they are the same kind of node; false if not. */
function morph(o, n) {
	if (o.nodeType !== n.nodeType || o.nodeName !== n.nodeName) return false;
	if (o.nodeType === Node.TEXT_NODE) {
		if (o.data !== n.data) o.data = n.data;
		return true;
	}
	if (o.nodeType !== Node.ELEMENT_NODE || o.nodeName === "CANVAS") return false;
	const names = (e) => e.getAttributeNames().filter((a) => a !== "style");
	const on = names(o), nn = names(n);
	if (on.length !== nn.length || nn.some((a) => o.getAttribute(a) !== n.getAttribute(a))) return false;
	patch(o, [...n.childNodes]);
	return true;
}

const canvas = document.createElement("canvas");
canvas.id = "code";
let drawn = { text: "", size: 0 };

export function render(S, A) {
	const tx = (key, vals) => t(S.lang, key, vals);
	document.title = tx("title");
	const header = document.getElementById("top");
	patch(header, [
		h("span.brand", {}, tx("title")),
		h("nav.langs", { "aria-label": "language" },
			LANGS.map((l) => h("button", { type: "button", lang: l, title: _texts[l].langName, id: `lang-${l}`, "aria-pressed": String(S.lang === l), onclick: () => A.setLang(l) },
				_texts[l].langShort))),
	]);
	const app = document.getElementById("app");
	if (S.phase !== "venue") stopScan();
	switch (S.phase) {
		case "loading":
			app.replaceChildren(h("p.center", {}, tx("loading")));
			break;
		case "fatal":
			app.replaceChildren(h("div.problem", { role: "alert", id: "fatal" }, tx(S.fatal)));
			break;
		case "enrol": {
			// The form is drawn once per language: redrawing it under the
			// visitor's fingers would lose the focus, or a key.
			const form = document.getElementById("enrol");
			if (form && form.dataset.lang === S.lang) updateEnrol(S, tx);
			else app.replaceChildren(enrolView(S, A, tx));
			break;
		}
		case "venue":
			if (!document.getElementById("venue-view")) app.replaceChildren(venueView(S, A, tx));
			else document.getElementById("venue-error").textContent = S.venueError ? tx(S.venueError) : "";
			break;
		case "pass":
			patch(app, passView(S, A, tx).filter((k) => k != null && k !== false));
			sizeCode(S);
			break;
	}
}

function enrolView(S, A, tx) {
	const e = S.enrol;
	const iin = h("input", { id: "iin", name: "iin", inputmode: "numeric", autocomplete: "off", maxlength: "14", value: e.iin,
		oninput: (ev) => (e.iin = ev.target.value) });
	const code = h("input", { id: "enrol-code", name: "code", inputmode: "numeric", autocomplete: "one-time-code", maxlength: "11",
		value: e.code, oninput: (ev) => (e.code = ev.target.value) });
	const form = h("form.enrol", {
		id: "enrol", "data-lang": S.lang, onsubmit: (ev) => {
			ev.preventDefault();
			A.enrol(iin.value, code.value);
		},
	},
	h("h1", {}, tx("enrolHeading")),
	h("p.notice", { id: "enrol-note", role: "status", hidden: !e.note }, e.note ? tx(e.note) : ""),
	h("p", {}, tx("enrolIntro")),
	h("label", { for: "iin" }, tx("enrolIIN")), iin,
	h("label", { for: "enrol-code" }, tx("enrolCode")), code,
	h("p.error", { id: "enrol-error", role: "alert" }, e.error ? tx(e.error, e.vals) : ""),
	h("button.primary", { id: "enrol-submit", type: "submit", disabled: e.busy }, tx(e.busy ? "enrolBusy" : "enrolSubmit")),
	h("p.small", {}, tx("enrolKeyNote")),
	);
	return form;
}

// updateEnrol brings the drawn form up to date: the note, the error, the
// button, and the fields' values when the state changed them.
function updateEnrol(S, tx) {
	const e = S.enrol;
	const note = document.getElementById("enrol-note");
	note.hidden = !e.note;
	note.textContent = e.note ? tx(e.note) : "";
	document.getElementById("enrol-error").textContent = e.error ? tx(e.error, e.vals) : "";
	const btn = document.getElementById("enrol-submit");
	btn.disabled = e.busy;
	btn.textContent = tx(e.busy ? "enrolBusy" : "enrolSubmit");
	for (const [id, v] of [["iin", e.iin], ["enrol-code", e.code]]) {
		const el = document.getElementById(id);
		if (el.value !== v) el.value = v;
	}
}

function fmtTime(S, ms) {
	// Browsers' Kazakh month names are patchy ("M12"): digits read the same
	// in every language.
	const style = S.lang === "kk"
		? { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }
		: { dateStyle: "medium", timeStyle: "short" };
	return new Intl.DateTimeFormat(locale(S.lang), style).format(new Date(ms));
}

function fmtDuration(S, ms) {
	const tx = (k, v) => t(S.lang, k, v);
	if (ms >= 3_600_000) return tx("clockHours", { n: Math.round(ms / 3_600_000) });
	if (ms >= 60_000) return tx("clockMinutes", { n: Math.round(ms / 60_000) });
	return tx("clockSeconds", { n: Math.round(ms / 1000) });
}

function passView(S, A, tx) {
	const c = S.pass.claims;
	const now = clock.now();
	const allowed = c.status === "green" || c.status === "blue";
	const band = h(`section.band.${c.status}`, { id: "status", "data-status": c.status, "data-pass": S.pass.idHex },
		h("strong", {}, tx(`status_${c.status}`)), h("span", {}, tx(allowed ? "mayEnter" : "mayNotEnter")));
	const out = [band];
	if (S.changed) {
		out.push(h("p.notice", { id: "changed", role: "alert" },
			tx("statusChanged", { status: tx(`status_${S.changed.status}`) })));
	}
	const p = problem();
	if (p) {
		const vals = { time: p.time ? fmtTime(S, typeof p.time === "string" ? Date.parse(p.time) : p.time) : "", n: p.by ? fmtDuration(S, p.by) : "", detail: S.checkError };
		out.push(h("div.problem", { id: "problem", role: "alert", "data-problem": p.key }, tx(p.key, vals)));
		if (p.key === "revoked" || p.key === "tooOld") out.push(h("button.primary", { id: "enrol-again", type: "button", onclick: () => A.forget() }, tx("enrolAgain")));
	} else {
		const left = S.code ? ROTATE_MS - ((now - S.code.slot * ROTATE_MS) % ROTATE_MS) : ROTATE_MS;
		out.push(
			h("div.codebox", { id: "codebox" }, canvas),
			h("div.rotate", {},
				h("span", { id: "next" }, tx("nextCode", { s: Math.ceil(left / 1000) })),
				h("progress", { max: String(ROTATE_MS), value: String(ROTATE_MS - left) }),
				h("button.link", { type: "button", id: "new-code", onclick: () => A.newCode() }, tx("newCode"))),
			h("p.hint", { id: "brightness" }, "☀ " + tx("brightness")),
		);
		canvas.dataset.code = S.code ? S.code.text : "";
		const fix = clock.corrected();
		if (fix) out.push(h("p.small", { id: "clock-note" }, tx(fix.ahead ? "clockCorrectedFast" : "clockCorrectedSlow", { n: fmtDuration(S, fix.by) })));
	}
	out.push(
		h("dl.facts", {},
			h("div", {}, h("dt", {}, tx("iin", { iin: "" }).trim()), h("dd", { id: "iin-masked" }, mask(c.iin))),
			h("div", {}, h("dd", { id: "since" }, tx("since", { time: fmtTime(S, c.issuedAt * 1000) }))),
			h("div", {}, h("dd", { id: "until" }, tx("until", { time: fmtTime(S, c.validUntil * 1000) })))),
		S.venue
			? h("p.venue", { id: "venue" }, tx("venueFor", { venue: S.venue }), " ",
				h("button.link", { type: "button", id: "venue-forget", onclick: () => A.forgetVenue() }, tx("venueForget")))
			: h("p.venue", { id: "venue" }, tx("venueNone"), " ",
				h("button.link", { type: "button", id: "venue-scan", onclick: () => A.openVenue() }, tx("venueScan"))),
		h("p.net", { id: "net", "data-online": String(S.online) }, netLine(S, tx)),
		S.install && h("button", { type: "button", id: "install", onclick: () => A.install() }, tx("install")),
		h("button.link.danger", { type: "button", id: "forget", onclick: () => confirm(tx("removeConfirm")) && A.forget() }, tx("removePass")),
	);
	return out;
}

function netLine(S, tx) {
	if (S.online === false) return tx("offline");
	if (!S.checkedAt) return tx("neverChecked");
	const ago = Date.now() - S.checkedAt;
	const a = ago < 60_000 ? tx("agoNow") : ago < 3_600_000 ? tx("agoMin", { n: Math.floor(ago / 60_000) }) : tx("agoHours", { n: Math.floor(ago / 3_600_000) });
	return tx("online", { ago: a }) + (S.checkError ? ` · ${S.checkError}` : "");
}

/** sizeCode draws the code as large as its box allows. */
function sizeCode(S) {
	const box = document.getElementById("codebox");
	if (!box || !S.code) return;
	// As large as the screen allows: the full width, unless that would push
	// the countdown and the brightness hint below the screen's bottom (the
	// rest of the page may scroll).
	const below = 96;
	const top = box.getBoundingClientRect().top + scrollY;
	const size = Math.floor(Math.max(160, Math.min(box.clientWidth, innerHeight - top - below)));
	box.style.height = `${size}px`;
	if (drawn.text === S.code.text && drawn.size === size) return;
	draw(canvas, S.code.matrix, size);
	canvas.dataset.version = String(version(S.code.matrix));
	if (!drawn.text) performance.mark("ashyq-first-code");
	drawn = { text: S.code.text, size };
}

function venueView(S, A, tx) {
	const input = h("input", { id: "venue-input", autocomplete: "off", spellcheck: "false", placeholder: "AQV1:…" });
	const video = h("video", { id: "venue-video", playsinline: true, muted: true });
	const note = h("p.small", { id: "venue-camera" });
	const view = h("form.venue", {
		id: "venue-view", onsubmit: (ev) => {
			ev.preventDefault();
			A.useVenue(input.value);
		},
	},
	h("h1", {}, tx("venueHeading")),
	h("p", {}, tx("venueHint")),
	video, note,
	h("label", { for: "venue-input" }, tx("venueInput")), input,
	h("p.error", { id: "venue-error", role: "alert" }, S.venueError ? tx(S.venueError) : ""),
	h("button.primary", { type: "submit", id: "venue-save" }, tx("venueSave")),
	h("button", { type: "button", id: "venue-cancel", onclick: () => A.closeVenue() }, tx("venueCancel")),
	);
	startScan(video, (text) => A.useVenue(text), () => (note.textContent = tx("venueNoCamera")));
	return view;
}
