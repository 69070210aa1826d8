#!/usr/bin/env bash
# build.sh assembles the real-photo test sets from public collections of
# QR-code photos with their expected texts (see README.md beside it for the
# provenance, the licences and why the photos are not in this repository):
#
#   ZXING      a checkout of zxing/zxing (Apache-2.0):
#              core/src/test/resources/blackbox/qrcode-1 .. qrcode-6
#   ZXING_CPP  a checkout of zxing-cpp/zxing-cpp (Apache-2.0):
#              test/samples/qrcode-2, the photos and screenshots users sent
#              with bug reports (#NNN), which the Java collection lacks
#   JSQR       optional, a checkout of cozmo/jsQR (Apache-2.0):
#              tests/end-to-end, photos of codes in the wild, on print among
#              text, on screens, and jsQR's bug reports, each folder an
#              input.png and an output.json whose "data" is the text
#
# Usage: build.sh ZXING ZXING_CPP OUT [JSQR]
#
# OUT gets tune/ and heldout/, each with PNG images (WebP and JPEG
# converted losslessly to PNG, so that every peer reads the same pixels)
# and a manifest.tsv: FILE<TAB>CATEGORY<TAB>@FILE.txt, the expected text
# being that file's whole content. Every image is in one of the two
# halves, chosen by a checksum of its source path, so the split does not
# depend on what any decoder reads: tune on tune/, report both. With JSQR,
# OUT also gets jsqr-tune/ and jsqr-heldout/, split the same way.
set -euo pipefail
[ $# -eq 3 ] || [ $# -eq 4 ] || { echo "usage: $0 ZXING ZXING_CPP OUT [JSQR]" >&2; exit 2; }
zx=$1/core/src/test/resources/blackbox
cpp=$2/test/samples
out=$3
js=${4:+$4/tests/end-to-end}
[ -d "$zx/qrcode-1" ] || { echo "$zx/qrcode-1: not a zxing checkout" >&2; exit 1; }
[ -d "$cpp/qrcode-2" ] || { echo "$cpp/qrcode-2: not a zxing-cpp checkout" >&2; exit 1; }
[ -z "$js" ] || [ -d "$js" ] || { echo "$js: not a jsQR checkout" >&2; exit 1; }
[ -z "$js" ] || command -v jq >/dev/null || { echo "jq is needed to read jsQR's output.json (apt-get install jq)" >&2; exit 1; }
convert=convert
command -v magick >/dev/null && convert="magick"
rm -rf "$out/tune" "$out/heldout" "$out/jsqr-tune" "$out/jsqr-heldout"
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
# jsQR's folders (category jsqr NAME) are grouped by what the photo shows, as its
# folder's name and a look at the photo tell, never by what a decoder reads:
#   photo         its numbered folders that are not zxing's: phone photos of
#                 printed codes, like qrcode-1
#   print         cards, flyers, books, ads and packaging, the code among text
#   wild          signs, objects and places: bus stops, bikes, trees, food
#   reports       photos and screenshots from jsQR's bug reports (issue-N)
# and, across them, "screen" for codes on a screen (screenshots and
# photos of a phone) and "small" for codes photographed small: the
# code's side under about a fifth of the photo's shorter side.
category() {
	case $1 in
	qrcode-1) echo photo ;; qrcode-2) echo designed ;; qrcode-3) echo tilted ;;
	qrcode-4) echo curved ;; qrcode-5) echo lighting ;; qrcode-6) echo rotated ;;
	reports) echo reports ;;
	jsqr) jsqr_category "$2" ;;
	esac
}
jsqr_category() {
	local c
	case $1 in
	[0-9]*) c=photo ;;
	issue-*) c=reports ;;
	business-card-* | *-flyer | chevy-ad | japan*-* | museum-* | weekend-* | stickerbook-* | \
		trackable-book-* | sd-card-* | kanji) c=print ;;
	*) c=wild ;;
	esac
	case $1 in
	kanji | issue-61 | issue-32-regression | starbucks-app | windows-screenshot | videogame-frame) c="$c screen" ;;
	esac
	case $1 in
	stickerbook-* | trackable-book-* | museum-* | paper-flyer | key-flyer | square-des-fusilles | sheep | \
		japan*-* | schiller-denkmal | issue-61 | subway-station) c="$c small" ;;
	esac
	echo "$c"
}

# add SRC_IMAGE SRC_TEXT FOLDER NAME [PREFIX]: PREFIX names the halves
# (PREFIXtune, PREFIXheldout).
add() {
	local img=$1 txt=$2 folder=$3 name=$4 prefix=${5:-} half
	[ -f "$txt" ] || return 0
	# The split: the low bit of the source path's checksum.
	if (($(printf '%s' "$folder/$name" | cksum | cut -d' ' -f1) % 2)); then half=heldout; else half=tune; fi
	half=$prefix$half
	mkdir -p "$out/$half"
	local base="$folder-$name"
	base=${base//#/n}
	$convert "$img" -strip "$out/$half/$base.png"
	cp "$txt" "$out/$half/$base.txt"
	local cat
	cat=$(category "$folder" "$name")
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

if [ -n "$js" ]; then
	# jsQR's numbered folders are mostly zxing's qrcode-1 .. qrcode-6 again:
	# an image whose pixels equal one of those (ImageMagick's pixel
	# signature) is left out, so that no photo is in two sets.
	seen=$(mktemp)
	trap 'rm -f "$seen"' EXIT
	shopt -s nullglob
	identify -format '%#\n' "$zx"/qrcode-[1-6]/*.png "$zx"/qrcode-[1-6]/*.jpg >"$seen"
	shopt -u nullglob
	txt=$(mktemp -d)
	trap 'rm -rf "$seen" "$txt"' EXIT
	for dir in "$js"/*/; do
		n=$(basename "$dir")
		[ -f "$dir/input.png" ] || continue
		grep -qxF "$(identify -format '%#' "$dir/input.png")" "$seen" && continue
		# The expected text is output.json's "data": what jsQR read when the
		# test was written. Folders whose output is null (jsQR reads nothing)
		# or an empty text give no expected text and are left out.
		jq -j '.data // empty' "$dir/output.json" >"$txt/$n.txt"
		[ -s "$txt/$n.txt" ] || continue
		add "$dir/input.png" "$txt/$n.txt" jsqr "$n" jsqr-
	done
fi

for h in tune heldout ${js:+jsqr-tune jsqr-heldout}; do
	echo "$h: $(ls "$out/$h"/*.png | wc -l) images, $(cut -f2 "$out/$h/manifest.tsv" | sort | uniq -c | awk '{printf "%s %s, ", $2, $1}')"
done
