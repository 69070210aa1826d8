// Draw a code as a QR symbol on a canvas: error correction L and
// alphanumeric mode, as docs/pass-format.md says, black on white with a
// quiet zone of four modules, and a whole number of device pixels a module
// so no edge is blurred.
import encodeQR from "qr";

export const QUIET = 4;

/** matrix returns the QR modules of text (true: dark), without a border. */
export function matrix(text) {
	const withBorder = encodeQR(text, "raw", { ecc: "low", encoding: "alphanumeric", border: 1 });
	return withBorder.slice(1, -1).map((row) => row.slice(1, -1));
}

/** version is the QR version of a matrix (21 modules is version 1). */
export const version = (m) => (m.length - 17) / 4;

/**
 * draw paints m into canvas, as large as fits in cssSize CSS pixels.
 * @param {HTMLCanvasElement} canvas @param {boolean[][]} m @param {number} cssSize
 */
export function draw(canvas, m, cssSize) {
	const dpr = window.devicePixelRatio || 1;
	const n = m.length + 2 * QUIET;
	const px = Math.max(1, Math.floor((cssSize * dpr) / n));
	const side = px * n;
	canvas.width = side;
	canvas.height = side;
	canvas.style.width = `${side / dpr}px`;
	canvas.style.height = `${side / dpr}px`;
	const g = canvas.getContext("2d");
	g.fillStyle = "#fff";
	g.fillRect(0, 0, side, side);
	g.fillStyle = "#000";
	for (let y = 0; y < m.length; y++) {
		for (let x = 0; x < m.length; x++) {
			if (m[y][x]) g.fillRect((x + QUIET) * px, (y + QUIET) * px, px, px);
		}
	}
}
