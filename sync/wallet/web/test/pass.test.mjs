// The wallet's pass module against the test vectors of docs/pass-format.md
// (run by `make test` with node's test runner): the same keys and times
// must give exactly the codes the format page prints, which sync/pass's own
// tests check against that page too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { readPass, proofMessage, showCode, hex } from "../src/pass.js";
import { encodeBase45 } from "../src/base45.js";

const doc = readFileSync(new URL("../../../../docs/pass-format.md", import.meta.url), "utf8");

// block returns the fenced block that follows the line starting with title,
// with the page's wrapping undone.
function block(title) {
	const at = doc.indexOf(title);
	assert.ok(at >= 0, `no "${title}" in docs/pass-format.md`);
	const m = doc.slice(at).match(/```\n([\s\S]*?)\n```/);
	return m[1].split("\n").join("");
}
const fromHex = (s) => Uint8Array.from(s.match(/../g), (h) => parseInt(h, 16));

async function holderKey() {
	const seed = createHash("sha256").update("ashyq test holder").digest();
	// PKCS #8 for an Ed25519 seed (RFC 8410): a fixed prefix, then the seed.
	const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
	return crypto.subtle.importKey("pkcs8", der, { name: "Ed25519" }, false, ["sign"]);
}

const proofTime = Date.parse("2026-12-01T09:00:00Z") / 1000;

test("readPass reads the vector pass: claims and id", async () => {
	const p = await readPass(fromHex(block("Pass (tagged COSE_Sign1)")));
	assert.equal(p.idHex, "42769087857cc0993db8bfa860ee06df");
	assert.equal(p.claims.iin, "900101300017");
	assert.equal(p.claims.status, "green");
	assert.equal(p.claims.issuedAt, Date.parse("2026-12-01T08:00:00Z") / 1000);
	assert.equal(p.claims.validUntil, Date.parse("2026-12-02T08:00:00Z") / 1000);
	assert.equal(hex(p.claims.holder), "8f50cff437246500b812d8b644aca5334edcfbb89fb5e2732fae1278aad717a5");
});

test("the proof message is the vector's", async () => {
	const p = await readPass(fromHex(block("Pass (tagged COSE_Sign1)")));
	assert.equal(hex(proofMessage(p.id, proofTime, "")), block("Holder proof message"));
});

test("showCode makes the vector codes, without and with a venue", async () => {
	const p = await readPass(fromHex(block("Pass (tagged COSE_Sign1)")));
	const key = await holderKey();
	assert.equal(await showCode(p, key, proofTime, ""), block("Code without a venue"));
	assert.equal(await showCode(p, key, proofTime, "demo-cafe"), block("Code for venue `demo-cafe`"));
	await assert.rejects(showCode(p, key, proofTime, "x".repeat(65)), /venue id too long/);
});

test("base45 as RFC 9285 section 4.3 writes it", () => {
	const enc = (s) => encodeBase45(new TextEncoder().encode(s));
	assert.equal(enc("AB"), "BB8");
	assert.equal(enc("Hello!!"), "%69 VD92EX0");
	assert.equal(enc("base-45"), "UJCLQE7W581");
	assert.equal(enc(""), "");
});

test("readPass refuses what is not a pass", async () => {
	await assert.rejects(readPass(Uint8Array.of(0x84, 0x40, 0xa0, 0x40, 0x40)), /claims|COSE/);
	await assert.rejects(readPass(Uint8Array.of(0x01)), /COSE/);
});
