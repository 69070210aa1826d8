// What the wallet keeps on the phone, in one IndexedDB database: the holder
// key pair (the private half made non-extractable by WebCrypto, so the page
// can sign with it but no script can read it out), the pass, the venue the
// visitor chose and the last clock reading against the upstream. Nothing is
// sent anywhere from here.
const DB = "ashyq-wallet";
const STORE = "kv";

let dbPromise = null;
let lostHandler = () => {};

/** onLost is called when the database is deleted or closed under the page
 * (site data cleared, or another tab removing the pass). */
export function onLost(fn) {
	lostHandler = fn;
}

export class StorageError extends Error {}

function open() {
	if (dbPromise) return dbPromise;
	dbPromise = new Promise((resolve, reject) => {
		if (!self.indexedDB) {
			reject(new StorageError("IndexedDB is not available"));
			return;
		}
		const req = indexedDB.open(DB, 1);
		req.onupgradeneeded = () => req.result.createObjectStore(STORE);
		req.onsuccess = () => {
			const db = req.result;
			const lost = () => {
				db.close();
				dbPromise = null;
				lostHandler();
			};
			db.onversionchange = lost;
			db.onclose = lost;
			resolve(db);
		};
		req.onerror = () => reject(new StorageError(String(req.error)));
		req.onblocked = () => reject(new StorageError("IndexedDB is blocked"));
	});
	dbPromise.catch(() => {
		dbPromise = null;
	});
	return dbPromise;
}

function run(mode, fn) {
	return open().then(
		(db) =>
			new Promise((resolve, reject) => {
				let tx;
				try {
					tx = db.transaction(STORE, mode);
				} catch (err) {
					reject(new StorageError(String(err)));
					return;
				}
				const req = fn(tx.objectStore(STORE));
				tx.oncomplete = () => resolve(req && req.result);
				tx.onerror = () => reject(new StorageError(String(tx.error)));
				tx.onabort = () => reject(new StorageError(String(tx.error)));
			}),
	);
}

export const get = (key) => run("readonly", (s) => s.get(key));
export const put = (key, value) => run("readwrite", (s) => s.put(value, key));
export const del = (key) => run("readwrite", (s) => s.delete(key));
export const clear = () => run("readwrite", (s) => s.clear());

/** holderKey returns the stored key pair, or makes and stores a new one. */
export async function newHolderKey() {
	let pair;
	try {
		pair = await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]);
	} catch (err) {
		const e = new Error(String(err));
		e.noCrypto = true;
		throw e;
	}
	const pub = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
	return { privateKey: pair.privateKey, publicKey: pub };
}

/** persist asks the browser not to evict the wallet's data under storage
 * pressure (a pass lost that way would need a new enrolment code). */
export function persist() {
	if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
}
