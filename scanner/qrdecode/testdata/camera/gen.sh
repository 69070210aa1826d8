#!/usr/bin/env bash
# gen.sh renders camera-like photos of phone screens showing QR codes, with
# tools independent of the decoder and of scanner/qrgen: qrencode draws the
# code, ImageMagick (6 or 7) puts it on a screen with a bezel in a scene and
# adds what a door camera sees (perspective, glare, low brightness, moire,
# motion blur, small codes, JPEG blocking, uneven light, dark mode).
#
# Usage: gen.sh OUTDIR [PER_CATEGORY] [SEED]
# Writes OUTDIR/<category>-<n>.jpg and OUTDIR/manifest.tsv
# (FILE<TAB>CATEGORY<TAB>PAYLOAD). The committed set next to this script was
# made by `gen.sh scanner/qrdecode/testdata/camera 8 1`; `make bench` renders
# a larger one with another seed. Known limit: SEED fixes bash's RANDOM in
# the main shell only; the values drawn inside command substitutions (rnd,
# payload) come from subshells, which bash reseeds, so two runs with the
# same seed render different sets. The tests use the committed files.
set -euo pipefail
out=${1:?usage: gen.sh OUTDIR [PER_CATEGORY] [SEED]}
per=${2:-8}
seed=${3:-1}
RANDOM=$seed
mkdir -p "$out"
im=convert
command -v magick >/dev/null && im=magick
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
W=640
H=480
manifest=$out/manifest.tsv
: >"$manifest"

# rnd LO HI: an integer in [LO, HI].
rnd() { echo $(($1 + RANDOM % ($2 - $1 + 1))); }

# payload N: a URL-like pass of about N characters (no spaces or tabs).
payload() {
	local s="https://ashyq.example/p/" alphabet=ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789
	while ((${#s} < $1)); do s+=${alphabet:RANDOM%${#alphabet}:1}; done
	echo "$s"
}

# code FILE VERSION MODULE_PX TEXT: the code as a grey PNG, quiet zone 4.
code() { qrencode -o "$1" -t PNG -s "$3" -m 4 -l M -v "$2" "$4"; }

# corners SIZE CX CY ANGLE_DEG KEYX KEYY: the Perspective control points that
# move a centred SIZE-pixel square to centre CX,CY, rotated, with keystone
# KEYX/KEYY (per cent: one edge that much shorter than the other).
corners() {
	awk -v s="$1" -v cx="$2" -v cy="$3" -v a="$4" -v kx="$5" -v ky="$6" -v W=$W -v H=$H 'BEGIN {
		h = s / 2; ox = W / 2; oy = H / 2; t = a * 3.14159265 / 180
		split("-1 1 1 -1", us, " "); split("-1 -1 1 1", vs, " ")
		for (i = 1; i <= 4; i++) {
			u = us[i]; v = vs[i]
			x = u * h * (1 + kx / 200 * v); y = v * h * (1 + ky / 200 * u)
			printf "%.1f,%.1f %.1f,%.1f ", ox + u * h, oy + v * h, cx + x * cos(t) - y * sin(t), cy + x * sin(t) + y * cos(t)
		}
	}'
}

# scene IN OUT SIZE ANGLE KEYX KEYY [invert|alias]: the code on a phone
# screen with a dark bezel, placed with perspective in a grey 640x480 scene,
# its centre left in SCX,SCY.
scene() {
	local in=$1 outp=$2 size=$3 angle=$4 kx=$5 ky=$6 bg
	bg=gray$(rnd 35 70)
	SCX=$((W / 2 + $(rnd -60 60))) SCY=$((H / 2 + $(rnd -40 40)))
	local neg=() filter=()
	[ "${7:-}" = invert ] && neg=(-negate)
	# Point sampling keeps what a screen's pixel grid aliases into.
	[ "${7:-}" = alias ] && filter=(-filter Point)
	# The screen is the code plus its quiet zone; the bezel is 6% of it.
	local bez=$((size * 6 / 100 + 2)) full=$((size + 2 * (size * 6 / 100 + 2)))
	$im "$in" -colorspace Gray "${neg[@]}" "${filter[@]}" -resize "${size}x${size}!" \
		-bordercolor gray8 -border "$bez" \
		-background "$bg" -gravity center -extent "${W}x${H}" \
		-virtual-pixel background "${filter[@]}" -distort Perspective "$(corners "$full" "$SCX" "$SCY" "$angle" "$kx" "$ky")" \
		"$outp"
}

# camera IN OUT BLUR NOISE QUALITY: lens blur, sensor noise, JPEG.
camera() {
	$im "$1" -colorspace Gray -blur "0x$3" -seed $RANDOM -attenuate "$(awk -v n="$4" 'BEGIN { print n * 0.6 }')" +noise Gaussian \
		-colorspace Gray -quality "$5" "$2"
}

emit() { # emit CATEGORY N PAYLOAD: record the file just written
	printf '%s-%02d.jpg\t%s\t%s\n' "$1" "$2" "$1" "$3" >>"$manifest"
}

for ((i = 1; i <= per; i++)); do
	# Dense codes, version 7-15, strongly tilted.
	v=$((7 + (i - 1) * 8 / per)) p=$(payload $(rnd 40 90))
	code "$tmp/c.png" "$v" 4 "$p"
	scene "$tmp/c.png" "$tmp/s.png" $(rnd 300 380) $(rnd -20 20) $(rnd -40 40) $(rnd -40 40)
	camera "$tmp/s.png" "$out/perspective-$(printf %02d "$i").jpg" 0.6 0.3 75
	emit perspective "$i" "$p"

	# A glare spot (a bright blurred disc) over one finder pattern.
	v=$(rnd 2 6) p=$(payload $(rnd 30 60))
	code "$tmp/c.png" "$v" 6 "$p"
	size=$(rnd 240 320)
	scene "$tmp/c.png" "$tmp/s.png" "$size" $(rnd -15 15) $(rnd -10 10) $(rnd -10 10)
	# Top left, top right or bottom left: the corners with a finder.
	fx=$(((i % 3 == 1) ? 1 : -1)) fy=$(((i % 3 == 2) ? 1 : -1))
	# A finder's centre is about 0.32 of the screen's side from its centre.
	gx=$((SCX + fx * size * 32 / 100 + $(rnd -10 10))) gy=$((SCY + fy * size * 32 / 100 + $(rnd -10 10)))
	r=$(rnd 30 55)
	$im "$tmp/s.png" \( -size "${W}x${H}" xc:black -fill "gray$(rnd 88 100)" -draw "circle $gx,$gy $((gx + r)),$gy" -blur "0x$((r / 3))" \) \
		-compose Screen -composite "$tmp/g.png"
	camera "$tmp/g.png" "$out/glare-$(printf %02d "$i").jpg" 0.6 0.3 75
	emit glare "$i" "$p"

	# Low screen brightness: the code's range squeezed into a few grey
	# levels, sensor noise high as a camera's gain would make it.
	v=$(rnd 1 5) p=$(payload $(rnd 24 50))
	code "$tmp/c.png" "$v" 6 "$p"
	scene "$tmp/c.png" "$tmp/s.png" $(rnd 200 300) $(rnd -15 15) $(rnd -12 12) $(rnd -12 12)
	lo=$(rnd 12 22) hi=$(rnd 30 40)
	$im "$tmp/s.png" +level "${lo}%,${hi}%" "$tmp/d.png"
	camera "$tmp/d.png" "$out/dim-$(printf %02d "$i").jpg" 0.7 0.6 75
	emit dim "$i" "$p"

	# Dark mode: light modules on a dark screen, a bright room around.
	v=$(rnd 1 6) p=$(payload $(rnd 24 60))
	code "$tmp/c.png" "$v" 6 "$p"
	scene "$tmp/c.png" "$tmp/s.png" $(rnd 200 320) $(rnd -20 20) $(rnd -15 15) $(rnd -15 15) invert
	camera "$tmp/s.png" "$out/dark-$(printf %02d "$i").jpg" 0.7 0.4 75
	emit dark "$i" "$p"

	# Moire: the screen's pixel grid (dark gaps between pixels) filmed at
	# a slight angle and scaled down, which aliases into bands.
	v=$(rnd 2 6) p=$(payload $(rnd 30 60))
	code "$tmp/c.png" "$v" 12 "$p"
	big=$($im "$tmp/c.png" -format %w info:)
	$im -size 4x4 xc:white -fill gray25 -draw "line 0,3 3,3" -draw "line 3,0 3,3" "$tmp/px.png"
	$im "$tmp/c.png" -colorspace Gray \( -size "${big}x${big}" "tile:$tmp/px.png" \) \
		-compose Multiply -composite "$tmp/m.png"
	scene "$tmp/m.png" "$tmp/s.png" $(rnd 230 320) $(rnd -8 8) $(rnd -8 8) $(rnd -8 8) alias
	camera "$tmp/s.png" "$out/moire-$(printf %02d "$i").jpg" 0.5 0.3 75
	emit moire "$i" "$p"

	# Motion blur: the phone moved during the exposure.
	v=$(rnd 1 5) p=$(payload $(rnd 24 50))
	code "$tmp/c.png" "$v" 6 "$p"
	scene "$tmp/c.png" "$tmp/s.png" $(rnd 230 320) $(rnd -15 15) $(rnd -10 10) $(rnd -10 10)
	$im "$tmp/s.png" -motion-blur "0x$(rnd 4 8)+$(rnd 0 179)" "$tmp/b.png"
	camera "$tmp/b.png" "$out/motion-$(printf %02d "$i").jpg" 0.3 0.3 75
	emit motion "$i" "$p"

	# Small: the code itself under 100 pixels wide (held far away).
	v=$(rnd 1 3) p=$(payload $(rnd 24 40))
	code "$tmp/c.png" "$v" 8 "$p"
	mods=$((17 + 4 * v + 8))
	scene "$tmp/c.png" "$tmp/s.png" $((mods * $(rnd 60 95) / (mods - 8))) $(rnd -20 20) $(rnd -8 8) $(rnd -8 8)
	camera "$tmp/s.png" "$out/small-$(printf %02d "$i").jpg" 0.5 0.3 75
	emit small "$i" "$p"

	# JPEG at quality 30-60: a cheap camera's or a chat app's compression.
	v=$(rnd 2 8) p=$(payload $(rnd 30 90))
	code "$tmp/c.png" "$v" 5 "$p"
	scene "$tmp/c.png" "$tmp/s.png" $(rnd 220 330) $(rnd -15 15) $(rnd -12 12) $(rnd -12 12)
	camera "$tmp/s.png" "$out/jpeg-$(printf %02d "$i").jpg" 0.5 0.3 $(rnd 30 60)
	emit jpeg "$i" "$p"

	# Uneven light: a shadow across the screen, from full to a third.
	v=$(rnd 2 6) p=$(payload $(rnd 30 60))
	code "$tmp/c.png" "$v" 6 "$p"
	scene "$tmp/c.png" "$tmp/s.png" $(rnd 240 330) $(rnd -15 15) $(rnd -10 10) $(rnd -10 10)
	$im "$tmp/s.png" \( -size "${H}x${W}" gradient:"gray$(rnd 95 100)-gray$(rnd 20 35)" -rotate $(rnd 0 359) -gravity center -extent "${W}x${H}" \) \
		-compose Multiply -composite "$tmp/u.png"
	camera "$tmp/u.png" "$out/uneven-$(printf %02d "$i").jpg" 0.6 0.3 75
	emit uneven "$i" "$p"
done
