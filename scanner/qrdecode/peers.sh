#!/usr/bin/env bash
# peers.sh compares our QR decoder with the best open decoders, per
# category, on sets rendered here and, when ASHYQ_PHOTOS names a folder that
# testdata/photos/build.sh made, on real photos:
#   gen:       scanner/qrgen's robustness set (seed 1)
#   cam3:      camera-like photos of phone screens (testdata/camera/gen.sh,
#              seed 3: the committed set is seed 1 and seed 2 was looked at
#              while tuning, so seed 3 is unseen)
#   wide2/3:   gen.sh's wide set, 1280x720 (steep tilts, screen close-ups
#              with their pixel grid, dense passes of version 10 and up,
#              two-pixel modules, long texts): seed 2 tuned on, seed 3 not
#   photos-tune/photos-heldout: the real-photo set's two halves (zxing's
#              and zxing-cpp's photos); jsqr-tune/jsqr-heldout: jsQR's
#              photos, when build.sh was given a jsQR checkout
# The table (scanner/qrdecode/cmd/peers) has, per category: ours (the
# thorough file path, `decode`), ours-frame (the camera's path, ten frames
# of a code held still, `decode --frame`), loaded (the same with two busy
# loops per core beside it), zxing-cpp 3 (npm zxing-wasm in node; tryHarder,
# tryInvert, tryRotate, tryDownscale), ZXingReader 1.4 (Debian
# zxing-cpp-tools), zbarimg (Debian zbar-tools) and jsQR (npm); then the
# camera path's frames until read and CPU time per frame; then the
# whole-process time of `decode` against ZXingReader. The peers are
# benchmark tools only, never runtime dependencies; the npm packages are
# exactly scanner/qrdecode/npm's lockfile's (`make bench` installs them).
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
npm_dir=$here/npm
if command -v npm >/dev/null && [ ! -f "$npm_dir/node_modules/.package-lock.json" ]; then
	npm ci --prefix "$npm_dir" --no-audit --no-fund --silent >/dev/null 2>&1 ||
		echo "warning: could not install $npm_dir's packages (zxing-wasm, jsqr)" >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run ./scanner/qrgen/cmd/qrgen -n "$N" -seed 1 -out "$tmp/gen" >/dev/null
bash "$here/testdata/camera/gen.sh" "$tmp/cam" "$PER" "$SEED"
bash "$here/testdata/camera/gen.sh" "$tmp/wide2" "$PER" 2 wide
bash "$here/testdata/camera/gen.sh" "$tmp/wide3" "$PER" 3 wide
sets=("gen=$tmp/gen" "cam$SEED=$tmp/cam" "wide2=$tmp/wide2" "wide3=$tmp/wide3")
if [ -n "${ASHYQ_PHOTOS:-}" ] && [ -f "$ASHYQ_PHOTOS/tune/manifest.tsv" ]; then
	sets+=("photos-tune=$ASHYQ_PHOTOS/tune" "photos-heldout=$ASHYQ_PHOTOS/heldout")
	if [ -f "$ASHYQ_PHOTOS/jsqr-tune/manifest.tsv" ]; then
		sets+=("jsqr-tune=$ASHYQ_PHOTOS/jsqr-tune" "jsqr-heldout=$ASHYQ_PHOTOS/jsqr-heldout")
	fi
else
	echo "(no real photos: set ASHYQ_PHOTOS to a folder made by $here/testdata/photos/build.sh)"
fi
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load:$(uptime | sed 's/.*load average://')"
go build -o "$tmp/peers" ./$here/cmd/peers
"$tmp/peers" -frames 10 -node "$npm_dir" -peersjs "$here/peers.js" "${sets[@]}"

echo
files=("$tmp"/gen/*.png "$tmp"/cam/*.jpg)
echo "whole-process time over the ${#files[@]} gen and cam files (decode uses GOMAXPROCS=$(nproc) workers; ZXingReader one thread):"
go build -o "$tmp/ashyq-kiosk" ./cmd/ashyq-kiosk
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
