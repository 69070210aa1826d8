// The wallet's service worker: it keeps the app's own files, so the wallet
// opens and shows its code with no network at all. It never touches the
// API (outside its scope) and fetches nothing from other hosts. The build
// fills in VERSION (a hash of the files) and FILES; a new build is a new
// cache, and the old one is deleted when it takes over.
const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = `ashyq-wallet-${VERSION}`;

self.addEventListener("install", (e) => {
	e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (e) => {
	e.waitUntil(
		caches.keys()
			.then((keys) => Promise.all(keys.filter((k) => k.startsWith("ashyq-wallet-") && k !== CACHE).map((k) => caches.delete(k))))
			.then(() => self.clients.claim()),
	);
});

self.addEventListener("fetch", (e) => {
	const url = new URL(e.request.url);
	if (e.request.method !== "GET" || url.origin !== location.origin) return;
	e.respondWith((async () => {
		const cache = await caches.open(CACHE);
		const hit = await cache.match(e.request.mode === "navigate" ? "./" : e.request, { ignoreSearch: true });
		return hit || fetch(e.request);
	})());
});
