// Builds the wallet into sync/wallet/bundle, which the Go package embeds:
// esbuild bundles src/ with the pinned npm libraries (package-lock.json),
// the static files are copied, the PNG icons drawn, and the service worker
// stamped with a hash of everything, so a new build is a new offline cache.
// The output depends only on the sources and the lockfile: the same commit
// builds the same bytes. `make wallet` runs it after `npm ci`.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync, gzipSync } from "node:zlib";

const web = dirname(fileURLToPath(import.meta.url));
const out = join(web, "..", "bundle");

// Empty bundle/ but keep its .gitignore, which keeps the folder (and nothing
// else in it) in git, so `go build` finds it on a fresh clone.
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (f !== ".gitignore") rmSync(join(out, f), { recursive: true });
if (!existsSync(join(out, ".gitignore"))) writeFileSync(join(out, ".gitignore"), "*\n!.gitignore\n");

await build({
	entryPoints: { app: join(web, "src", "main.js") },
	bundle: true,
	format: "esm",
	splitting: true,
	minify: true,
	target: ["chrome113", "safari17", "firefox129"],
	outdir: out,
	chunkNames: "chunk-[hash]",
	legalComments: "eof",
	charset: "utf8",
	logLevel: "warning",
});

for (const f of readdirSync(join(web, "static"))) {
	if (f !== "sw.js") copyFileSync(join(web, "static", f), join(out, f));
}
for (const size of [192, 512]) writeFileSync(join(out, `icon-${size}.png`), icon(size));

const files = readdirSync(out).filter((f) => !f.startsWith(".")).sort();
const hash = createHash("sha256");
for (const f of files) hash.update(f).update(readFileSync(join(out, f)));
const version = hash.digest("hex").slice(0, 16);
const sw = readFileSync(join(web, "static", "sw.js"), "utf8")
	.replace("__VERSION__", version)
	.replace("__FILES__", JSON.stringify(["./", ...files.filter((f) => f !== "index.html")]));
writeFileSync(join(out, "sw.js"), sw);

// What a phone downloads on its first visit, gzipped as the server sends it.
let raw = 0;
let gz = 0;
for (const f of [...files, "sw.js"]) {
	if (f.endsWith(".png")) continue;
	const b = readFileSync(join(out, f));
	raw += b.length;
	gz += gzipSync(b, { level: 9 }).length;
}
console.log(`wallet ${version}: ${files.length + 1} files in sync/wallet/bundle, text ${raw} bytes, ${gz} gzipped`);

// icon draws the app icon (icon.svg's design: a finder pattern, a smaller
// square and two blocks, white on green) as a PNG of size x size pixels.
function icon(size) {
	const px = new Uint8Array(size * size * 3);
	const u = size / 16;
	const green = [0x0a, 0x7a, 0x2a];
	const white = [0xff, 0xff, 0xff];
	const rects = [
		[3, 3, 5, 5, white], [4, 4, 3, 3, green], [5, 5, 1, 1, white],
		[9, 9, 4, 4, white], [10, 3, 3, 3, white], [3, 10, 3, 3, white],
	];
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			let c = green;
			for (const [rx, ry, rw, rh, col] of rects) {
				if (x >= rx * u && x < (rx + rw) * u && y >= ry * u && y < (ry + rh) * u) c = col;
			}
			px.set(c, (y * size + x) * 3);
		}
	}
	const rows = Buffer.alloc(size * (size * 3 + 1));
	for (let y = 0; y < size; y++) Buffer.from(px.subarray(y * size * 3, (y + 1) * size * 3)).copy(rows, y * (size * 3 + 1) + 1);
	const chunk = (type, data) => {
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const body = Buffer.concat([Buffer.from(type), data]);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(body));
		return Buffer.concat([len, body, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0);
	ihdr.writeUInt32BE(size, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // truecolour
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr),
		chunk("IDAT", deflateSync(rows, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

function crc32(buf) {
	let c = ~0;
	for (const b of buf) {
		c ^= b;
		for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
	}
	return ~c >>> 0;
}
