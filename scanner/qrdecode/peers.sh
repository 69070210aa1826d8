#!/usr/bin/env bash
# peers.sh compares our QR decoder with the best open decoders on two sets:
# scanner/qrgen's robustness set ("gen:" categories) and a camera-like set
# rendered independently with qrencode and ImageMagick
# (testdata/camera/gen.sh, seed 3 by default: the committed set is seed 1
# and seed 2 was looked at while tuning, so seed 3 is unseen; "cam:"
# categories). It prints one
# table of decode rates (correct payload) per category and tool:
#   ours        `ashyq-kiosk decode`, the thorough file path
#   ours-frame  `ashyq-kiosk decode --frame`, the camera's per-frame path,
#               three frames of its time budget
#   zxing3      zxing-cpp 3 (npm zxing-wasm, WebAssembly in node; tryHarder,
#               tryInvert, tryRotate, tryDownscale)
#   zxing1.4    ZXingReader 1.4 (Debian zxing-cpp-tools)
#   zbar        zbarimg (Debian zbar-tools)
#   jsqr        jsQR (npm), both polarities
# then the whole-process time of `decode` vs ZXingReader. The peers are
# benchmark tools only, never runtime dependencies; the npm packages go to
# a cache directory and their .wasm is loaded from the package, no network.
# Usage: scanner/qrdecode/peers.sh [N_GEN] [PER_CAM] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-240}
PER=${2:-12}
SEED=${3:-3}
here=scanner/qrdecode

need=()
command -v ZXingReader >/dev/null || need+=(zxing-cpp-tools)
command -v zbarimg >/dev/null || need+=(zbar-tools)
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v qrencode >/dev/null || need+=(qrencode)
command -v mogrify >/dev/null || need+=(imagemagick)
command -v node >/dev/null || need+=(nodejs npm)
if ((${#need[@]})); then
	echo "installing ${need[*]}" >&2
	{ apt-get update -qq && apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need[@]}"; } >/dev/null 2>&1 ||
		echo "warning: could not install ${need[*]}" >&2
fi
npm_dir=${XDG_CACHE_HOME:-$HOME/.cache}/ashyq-peers
if command -v npm >/dev/null && { [ ! -d "$npm_dir/node_modules/zxing-wasm" ] || [ ! -d "$npm_dir/node_modules/jsqr" ]; }; then
	mkdir -p "$npm_dir"
	[ -f "$npm_dir/package.json" ] || echo '{"private":true}' >"$npm_dir/package.json"
	npm install --prefix "$npm_dir" --no-audit --no-fund --silent zxing-wasm@3.1.6 jsqr@1.4.0 >/dev/null 2>&1 ||
		echo "warning: could not install zxing-wasm and jsqr" >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/gen" "$tmp/cam" "$tmp/pgm"
go run ./scanner/qrgen/cmd/qrgen -n "$N" -seed 1 -out "$tmp/gen" >/dev/null
bash "$here/testdata/camera/gen.sh" "$tmp/cam" "$PER" "$SEED"
go build -o "$tmp/ashyq-kiosk" ./cmd/ashyq-kiosk
# One manifest: NAME (no extension) <TAB> set:category <TAB> payload.
{
	sed 's/^\([^\t]*\)\.png\t/\1\tgen:/' "$tmp/gen/manifest.tsv"
	sed 's/^\([^\t]*\)\.jpg\t/\1\tcam:/' "$tmp/cam/manifest.tsv"
} >"$tmp/manifest.tsv"
files=("$tmp"/gen/*.png "$tmp"/cam/*.jpg)
echo "sets: $(ls "$tmp"/gen/*.png | wc -l) generated (qrgen, seed 1), $(ls "$tmp"/cam/*.jpg | wc -l) camera-like (gen.sh, seed $SEED)"

# Each tool's result becomes NAME<TAB>PAYLOAD lines. decode masks IINs in
# its output unless --reveal is given, and the payloads are compared whole.
strip() { awk -F'\t' -v OFS='\t' '{ sub(/.*\//, "", $1); sub(/\.(png|jpg|pgm)$/, "", $1); print }'; }
"$tmp/ashyq-kiosk" decode --reveal "${files[@]}" 2>/dev/null | strip >"$tmp/ours.tsv" || true
"$tmp/ashyq-kiosk" decode --reveal --frame "${files[@]}" 2>/dev/null | strip >"$tmp/ours-frame.tsv" || true
tools=(ours ours-frame)
if [ -d "$npm_dir/node_modules/zxing-wasm" ] && command -v mogrify >/dev/null; then
	mogrify -path "$tmp/pgm" -format pgm -colorspace Gray "${files[@]}"
	node "$here/peers.js" "$npm_dir" zxing "$tmp"/pgm/*.pgm 2>/dev/null >"$tmp/zxing3.tsv" || true
	node "$here/peers.js" "$npm_dir" jsqr "$tmp"/pgm/*.pgm 2>/dev/null >"$tmp/jsqr.tsv" || true
	tools+=(zxing3)
fi
if command -v ZXingReader >/dev/null; then
	# -1 prints: PATH QRCode "PAYLOAD" (payloads of the sets hold no spaces or quotes)
	ZXingReader -1 -format QRCode "${files[@]}" 2>/dev/null |
		sed -n 's|^\(.*\) QRCode "\(.*\)"$|\1\t\2|p' | strip >"$tmp/zxing1.4.tsv" || true
	tools+=(zxing1.4)
fi
if command -v zbarimg >/dev/null; then
	for f in "${files[@]}"; do
		zbarimg -q --raw -Sdisable -Sqrcode.enable "$f" 2>/dev/null | sed "s|^|$(basename "$f")\t|" || true
	done | strip >"$tmp/zbar.tsv"
	tools+=(zbar)
fi
if [ -s "$tmp/jsqr.tsv" ]; then tools+=(jsqr); fi

echo
echo "decode rate (correct payload) per category:"
for t in "${tools[@]}"; do printf '%s\n' "$t"; done >"$tmp/tools.txt"
awk -F'\t' '
	FILENAME ~ /tools.txt$/ { tools[++nt] = $1; next }
	FILENAME ~ /manifest.tsv$/ { want[$1] = $3; cat[$1] = $2; total[$2]++; all++; next }
	{
		split(FILENAME, parts, "/"); tool = parts[length(parts)]; sub(/\.tsv$/, "", tool)
		if (($1 in want) && want[$1] == $2 && !seen[tool, $1]++) { got[tool, cat[$1]]++; sum[tool]++ }
	}
	END {
		# A sort key first (header, categories, total), cut off below.
		printf "0 %-20s", "category"
		for (i = 1; i <= nt; i++) printf " %10s", tools[i]
		printf "\n"
		for (c in total) {
			printf "1 %-20s", c " (" total[c] ")"
			for (i = 1; i <= nt; i++) printf " %10d", got[tools[i], c]
			printf "\n"
		}
		printf "2 %-20s", "all (" all ")"
		for (i = 1; i <= nt; i++) printf " %10.3f", sum[tools[i]] / all
		printf "\n"
	}' "$tmp/tools.txt" "$tmp/manifest.tsv" $(for t in "${tools[@]}"; do echo "$tmp/$t.tsv"; done) |
	sort -k1,1n -k2,2 | cut -c3-

echo
echo "whole-process time over all ${#files[@]} files (decode uses GOMAXPROCS=$(nproc) workers; ZXingReader one thread):"
ours_cmd="$tmp/ashyq-kiosk decode ${files[*]}"
zx_cmd="ZXingReader -1 -format QRCode ${files[*]}"
if command -v hyperfine >/dev/null && command -v ZXingReader >/dev/null; then
	hyperfine -N -i -w 1 -r 3 --export-json "$tmp/times.json" -n decode "$ours_cmd" -n ZXingReader "$zx_cmd" 2>&1 | grep -v '^ *$'
	# The JSON lists decode first, then ZXingReader; each has a "mean" wall
	# time and a "user" CPU time in seconds.
	awk -F'[:,]' '
		/"mean"/ { mean[++m] = $2 }
		/"user"/ { user[++u] = $2 }
		END {
			printf "ratio decode/ZXingReader: wall %.2f (%.3fs / %.3fs), user CPU %.2f (%.3fs / %.3fs)\n",
				mean[1] / mean[2], mean[1], mean[2], user[1] / user[2], user[1], user[2]
		}' "$tmp/times.json"
fi
