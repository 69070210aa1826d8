// Every text the wallet shows exists in Kazakh, Russian and English, with
// the same {values}, and the phone's language is chosen first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { _texts, pickLang, t } from "../src/i18n.js";
import { iinProblem, mask } from "../src/iin.js";
import { parseVenue } from "../src/venue.js";

test("en, ru and kk have the same keys and placeholders", () => {
	const holes = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(",");
	for (const [key, en] of Object.entries(_texts.en)) {
		for (const lang of ["ru", "kk"]) {
			assert.ok(key in _texts[lang], `${lang} lacks ${key}`);
			assert.equal(holes(_texts[lang][key]), holes(en), `${lang}.${key} has other {values} than en`);
		}
	}
	for (const lang of ["ru", "kk"]) {
		for (const key of Object.keys(_texts[lang])) assert.ok(key in _texts.en, `${lang}.${key} is not in en`);
	}
});

test("the phone's language first, then a saved choice, else English", () => {
	assert.equal(pickLang(null, ["kk-KZ", "ru"]), "kk");
	assert.equal(pickLang(null, ["de-DE", "ru-RU"]), "ru");
	assert.equal(pickLang(null, ["de-DE"]), "en");
	assert.equal(pickLang("en", ["kk"]), "en");
	assert.equal(t("ru", "nextCode", { s: 5 }), "Новый код через 5 с");
});

test("IIN checks as PRODUCT.md says", () => {
	assert.equal(iinProblem("900101300017"), "");
	assert.equal(iinProblem("061211600012"), ""); // valid only through the second weights
	assert.equal(iinProblem("900101300018"), "errIINCheck");
	assert.equal(iinProblem("90010130001"), "errIINLength");
	assert.equal(mask("900101300017"), "••••••••0017");
});

test("venue codes", () => {
	assert.equal(parseVenue("AQV1:demo-cafe/main/entrance"), "demo-cafe");
	assert.equal(parseVenue("aqv1:demo-cafe/main"), "demo-cafe");
	assert.equal(parseVenue("https://example.org/wallet/#venue=demo-cafe"), "demo-cafe");
	assert.equal(parseVenue("AQ1:XYZ"), "");
	assert.equal(parseVenue("AQV1:" + "x".repeat(65)), "");
	assert.equal(parseVenue("AQV1:bad\u0001/door"), "");
});
