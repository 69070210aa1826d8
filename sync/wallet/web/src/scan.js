// Reading a venue's code with the phone's camera: the browser's own
// BarcodeDetector where there is one, else the QR library's decoder (loaded
// only when a visitor opens the scanner). The stream stops when the scanner
// closes.
let stream = null;
let timer = 0;

export async function startScan(video, onText, onNoCamera) {
	stopScan();
	if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return onNoCamera();
	try {
		stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
	} catch {
		return onNoCamera();
	}
	video.srcObject = stream;
	await video.play().catch(() => {});
	let detect;
	if ("BarcodeDetector" in self) {
		const d = new self.BarcodeDetector({ formats: ["qr_code"] });
		detect = async () => (await d.detect(video))[0]?.rawValue || "";
	} else {
		const { decodeQR } = await import("qr/decode.js");
		const c = document.createElement("canvas");
		detect = async () => {
			c.width = video.videoWidth;
			c.height = video.videoHeight;
			if (!c.width) return "";
			const g = c.getContext("2d", { willReadFrequently: true });
			g.drawImage(video, 0, 0);
			try {
				return decodeQR({ width: c.width, height: c.height, data: g.getImageData(0, 0, c.width, c.height).data });
			} catch {
				return "";
			}
		};
	}
	const loop = async () => {
		if (!stream) return;
		const text = await detect().catch(() => "");
		if (text && text.toUpperCase().startsWith("AQV")) return onText(text);
		timer = setTimeout(loop, 250);
	};
	loop();
}

export function stopScan() {
	clearTimeout(timer);
	if (stream) for (const tr of stream.getTracks()) tr.stop();
	stream = null;
}
