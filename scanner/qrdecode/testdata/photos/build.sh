#!/usr/bin/env bash
# build.sh assembles the real-photo test set from two public collections of
# QR-code photos with their expected texts (see README.md beside it for the
# provenance, the licence and why the photos are not in this repository):
#
#   ZXING      a checkout of zxing/zxing (Apache-2.0):
#              core/src/test/resources/blackbox/qrcode-1 .. qrcode-6
#   ZXING_CPP  a checkout of zxing-cpp/zxing-cpp (Apache-2.0):
#              test/samples/qrcode-2, the photos and screenshots users sent
#              with bug reports (#NNN), which the Java collection lacks
#
# Usage: build.sh ZXING ZXING_CPP OUT
#
# OUT gets tune/ and heldout/, each with PNG images (WebP and JPEG
# converted losslessly to PNG, so that every peer reads the same pixels)
# and a manifest.tsv: FILE<TAB>CATEGORY<TAB>@FILE.txt, the expected text
# being that file's whole content. Every image is in one of the two
# halves, chosen by a checksum of its source path, so the split does not
# depend on what any decoder reads: tune on tune/, report both.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 ZXING ZXING_CPP OUT" >&2; exit 2; }
zx=$1/core/src/test/resources/blackbox
cpp=$2/test/samples
out=$3
[ -d "$zx/qrcode-1" ] || { echo "$zx/qrcode-1: not a zxing checkout" >&2; exit 1; }
[ -d "$cpp/qrcode-2" ] || { echo "$cpp/qrcode-2: not a zxing-cpp checkout" >&2; exit 1; }
convert=convert
command -v magick >/dev/null && convert="magick"
rm -rf "$out/tune" "$out/heldout"
mkdir -p "$out/tune" "$out/heldout"

# The categories, by the collection's folder (what its photos show):
#   photo     printed codes photographed with a phone: business cards held
#             in a hand, magazine pages (640x480)
#   designed  codes as published: logos and pictures inside, coloured,
#             dense (many of version 10 and up), scanned or screenshotted
#   tilted    one card photographed at strong angles and rotations
#   curved    a code on crumpled or curled paper, on black
#   lighting  shadows and uneven light across the code
#   rotated   codes turned by arbitrary angles, 500x500
#   reports   photos and screenshots users attached to zxing-cpp bug reports
# and, across them, "dense" for every code holding 150 bytes or more
# (version 10 and up at level M, the size of our own passes).
category() {
	case $1 in
	qrcode-1) echo photo ;; qrcode-2) echo designed ;; qrcode-3) echo tilted ;;
	qrcode-4) echo curved ;; qrcode-5) echo lighting ;; qrcode-6) echo rotated ;;
	reports) echo reports ;;
	esac
}

# add SRC_IMAGE SRC_TEXT FOLDER NAME
add() {
	local img=$1 txt=$2 folder=$3 name=$4 half
	[ -f "$txt" ] || return 0
	# The split: the low bit of the source path's checksum.
	if (($(printf '%s' "$folder/$name" | cksum | cut -d' ' -f1) % 2)); then half=heldout; else half=tune; fi
	local base="$folder-$name"
	base=${base//#/n}
	$convert "$img" -strip "$out/$half/$base.png"
	cp "$txt" "$out/$half/$base.txt"
	local cat
	cat=$(category "$folder")
	# dense: 150 bytes or more of expected text
	if (($(wc -c <"$txt") >= 150)); then cat="$cat dense"; fi
	for c in $cat; do
		printf '%s\t%s\t@%s\n' "$base.png" "$c" "$base.txt" >>"$out/$half/manifest.tsv"
	done
}

for d in qrcode-1 qrcode-2 qrcode-3 qrcode-4 qrcode-5 qrcode-6; do
	for img in "$zx/$d"/*.png "$zx/$d"/*.jpg; do
		[ -f "$img" ] || continue
		n=$(basename "${img%.*}")
		add "$img" "$zx/$d/$n.txt" "$d" "$n"
	done
done
# The bug reports' images only: zxing-cpp's other samples are the Java
# collection's, converted.
for img in "$cpp"/qrcode-2/'#'*; do
	case $img in *.txt) continue ;; esac
	n=$(basename "${img%.*}")
	add "$img" "$cpp/qrcode-2/$n.txt" reports "$n"
done
for h in tune heldout; do
	echo "$h: $(ls "$out/$h"/*.png | wc -l) images, $(cut -f2 "$out/$h/manifest.tsv" | sort | uniq -c | awk '{printf "%s %s, ", $2, $1}')"
done
