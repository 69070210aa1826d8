// peers.js runs the JavaScript peers of the decoder comparison (peers.sh):
// zxing-wasm (zxing-cpp 3 compiled to WebAssembly) and jsQR, on grey PGM
// files, and prints FILE<TAB>PAYLOAD per code read (FILE is the base name
// without the .pgm, PAYLOAD a JSON string). A benchmark tool only, never a runtime dependency.
//
// Usage: node peers.js MODULE_DIR zxing|jsqr FILE.pgm...
// MODULE_DIR holds node_modules with zxing-wasm and jsqr (peers.sh installs
// them there). The .wasm file is read from the package, so nothing is
// fetched over the network.
"use strict";
const fs = require("fs");
const path = require("path");

const [moduleDir, tool, ...files] = process.argv.slice(2);
const need = (name) => require(require.resolve(name, { paths: [moduleDir] }));

// readPGM parses a binary (P5) 8-bit PGM, as ImageMagick writes it.
function readPGM(file) {
	const buf = fs.readFileSync(file);
	const fields = [];
	let i = 0;
	while (fields.length < 4) {
		while (/\s/.test(String.fromCharCode(buf[i]))) i++;
		if (buf[i] === 0x23) { // a comment runs to the end of its line
			while (buf[i] !== 0x0a) i++;
			continue;
		}
		let s = "";
		while (!/\s/.test(String.fromCharCode(buf[i]))) s += String.fromCharCode(buf[i++]);
		fields.push(s);
	}
	i++; // the single whitespace after the maximum value
	const [magic, w, h, maxval] = [fields[0], +fields[1], +fields[2], +fields[3]];
	if (magic !== "P5" || maxval !== 255) throw new Error(`${file}: not an 8-bit P5 PGM`);
	const grey = buf.subarray(i, i + w * h);
	const data = new Uint8ClampedArray(w * h * 4);
	for (let p = 0; p < w * h; p++) {
		data[4 * p] = data[4 * p + 1] = data[4 * p + 2] = grey[p];
		data[4 * p + 3] = 255;
	}
	return { width: w, height: h, data };
}

const name = (file) => path.basename(file).replace(/\.pgm$/, "");

async function main() {
	if (tool === "zxing") {
		const zx = need("zxing-wasm/reader");
		const wasm = require.resolve("zxing-wasm/reader/zxing_reader.wasm", { paths: [moduleDir] });
		await zx.prepareZXingModule({
			overrides: { wasmBinary: fs.readFileSync(wasm).buffer },
			fireImmediately: true,
		});
		const opts = { formats: ["QRCode"], tryHarder: true, tryInvert: true, tryRotate: true, tryDownscale: true, maxNumberOfSymbols: 1 };
		for (const f of files) {
			for (const r of await zx.readBarcodes(readPGM(f), opts)) {
				if (r.isValid) console.log(`${name(f)}\t${JSON.stringify(r.text)}`);
			}
		}
		return;
	}
	if (tool === "jsqr") {
		const jsQR = need("jsqr");
		for (const f of files) {
			const img = readPGM(f);
			const r = jsQR(img.data, img.width, img.height, { inversionAttempts: "attemptBoth" });
			if (r) console.log(`${name(f)}\t${JSON.stringify(r.data)}`);
		}
		return;
	}
	throw new Error(`unknown tool ${tool} (want zxing or jsqr)`);
}

main().catch((e) => {
	console.error(e.message);
	process.exit(1);
});
