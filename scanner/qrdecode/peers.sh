#!/usr/bin/env bash
# peers.sh compares our QR decoder with ZXingReader (zxing-cpp) and zbarimg on
# the robustness set of scanner/qrgen: decode rate per tool and per
# distortion, then whole-process time of `decode` vs ZXingReader over the
# same files. The peers are benchmark tools only, never runtime dependencies.
# Usage: scanner/qrdecode/peers.sh [N] [SEED]   (from anywhere; under a minute for N=240)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-240}
SEED=${2:-1}

need=()
command -v ZXingReader >/dev/null || need+=(zxing-cpp-tools)
command -v zbarimg >/dev/null || need+=(zbar-tools)
command -v hyperfine >/dev/null || need+=(hyperfine)
if ((${#need[@]})); then
	echo "installing ${need[*]}" >&2
	{ apt-get update -qq && apt-get install -y -qq "${need[@]}"; } >/dev/null 2>&1 ||
		echo "warning: could not install ${need[*]}" >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
set_dir=$tmp/set
go run ./scanner/qrgen/cmd/qrgen -n "$N" -seed "$SEED" -out "$set_dir"
go build -o "$tmp/ashyq-kiosk" ./cmd/ashyq-kiosk
files=("$set_dir"/*.png)
echo "robustness set: ${#files[@]} images (seed $SEED) in $set_dir"

# Each tool's result becomes FILE<TAB>PAYLOAD lines with base names.
"$tmp/ashyq-kiosk" decode "${files[@]}" 2>/dev/null | sed 's|^[^\t]*/||' >"$tmp/ours.tsv" || true
tools=(ours)
if command -v ZXingReader >/dev/null; then
	# -1 prints: PATH QRCode "PAYLOAD" (payloads of the set hold no spaces or quotes)
	ZXingReader -1 -format QRCode "${files[@]}" 2>/dev/null |
		sed -n 's|^.*/\([^ ]*\) QRCode "\(.*\)"$|\1\t\2|p' >"$tmp/zxing.tsv" || true
	tools+=(zxing)
fi
if command -v zbarimg >/dev/null; then
	for f in "${files[@]}"; do
		zbarimg -q --raw -Sdisable -Sqrcode.enable "$f" 2>/dev/null | sed "s|^|$(basename "$f")\t|" || true
	done >"$tmp/zbar.tsv"
	tools+=(zbar)
fi

echo
echo "decode rate (correct payload) per distortion:"
for t in "${tools[@]}"; do
	awk -F'\t' -v tool="$t" '
		NR == FNR { want[$1] = $3; dist[$1] = $2; total[$2]++; n++; next }
		!($1 in want) { next }
		want[$1] == $2 && !seen[$1]++ { got[dist[$1]]++; ok++ }
		END {
			printf "%-6s %3d/%d = %.3f  ", tool, ok, n, ok / n
			PROCINFO["sorted_in"] = "@ind_str_asc"
			for (d in total) printf " %s=%d/%d", d, got[d], total[d]
			printf "\n"
		}' "$set_dir/manifest.tsv" "$tmp/$t.tsv"
done

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
elif command -v ZXingReader >/dev/null; then
	t0=$(date +%s%N); $ours_cmd >/dev/null 2>&1 || true
	t1=$(date +%s%N); $zx_cmd >/dev/null 2>&1 || true
	t2=$(date +%s%N)
	awk -v a=$((t1 - t0)) -v b=$((t2 - t1)) 'BEGIN { printf "decode %.2fs  ZXingReader %.2fs  ratio decode/ZXingReader %.2f\n", a/1e9, b/1e9, a/b }'
fi
