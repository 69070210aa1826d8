// RFC 9285 base45, the text layer of a pass code (docs/pass-format.md): its
// alphabet is QR's alphanumeric set, so the code uses QR alphanumeric mode.
// Only the encoder: the wallet writes codes and never reads them.
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/** @param {Uint8Array} bytes @returns {string} */
export function encodeBase45(bytes) {
	let out = "";
	for (let i = 0; i + 1 < bytes.length; i += 2) {
		let n = bytes[i] * 256 + bytes[i + 1];
		const c = n % 45;
		n = (n - c) / 45;
		const d = n % 45;
		const e = (n - d) / 45;
		out += ALPHABET[c] + ALPHABET[d] + ALPHABET[e];
	}
	if (bytes.length % 2 === 1) {
		const n = bytes[bytes.length - 1];
		out += ALPHABET[n % 45] + ALPHABET[Math.floor(n / 45)];
	}
	return out;
}
