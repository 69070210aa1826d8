// zxing-read prints the QR code text zxing-cpp 3 (npm zxing-wasm, the peer
// scanner/qrdecode/peers.sh compares our decoder with) reads in each image:
// FILE<TAB>TEXT, or FILE<TAB> when it reads none. The Go tests use it to
// check that the wallet's screenshots decode with a decoder not our own.
// The .wasm is read from the package: nothing is fetched.
// Usage: node zxing-read.mjs FILE.png...
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";

const require = createRequire(import.meta.url);
const wasm = readFileSync(require.resolve("zxing-wasm/reader/zxing_reader.wasm"));
await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) }, fireImmediately: true });
const opts = { formats: ["QRCode"], tryHarder: true, tryInvert: true, tryRotate: true, tryDownscale: true, maxNumberOfSymbols: 1 };
for (const f of process.argv.slice(2)) {
	const found = (await readBarcodes(new Uint8Array(readFileSync(f)), opts)).find((r) => r.isValid);
	process.stdout.write(`${f}\t${found ? found.text : ""}\n`);
}
