// The IIN checks a visitor sees before anything is sent (the upstream checks
// again): twelve digits and the check digit of PRODUCT.md.
export function iinProblem(iin) {
	if (!/^[0-9]{12}$/.test(iin)) return "errIINLength";
	const d = Array.from(iin, Number);
	const sum = (w) => w.reduce((s, wi, i) => s + wi * d[i], 0) % 11;
	let c = sum([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
	if (c === 10) c = sum([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
	return c === 10 || c !== d[11] ? "errIINCheck" : "";
}

/** mask shows only the last four digits, as everywhere in this system. */
export const mask = (iin) => "••••••••" + iin.slice(-4);
