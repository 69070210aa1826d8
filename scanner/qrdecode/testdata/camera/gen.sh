#!/usr/bin/env bash
# gen.sh renders camera-like photos of phone screens showing QR codes, with
# tools independent of the decoder and of scanner/qrgen: qrencode draws the
# code, ImageMagick (6 or 7) puts it on a screen with a bezel in a scene and
# adds what a door camera sees (perspective, glare, low brightness, moire,
# motion blur, small codes, JPEG blocking, uneven light, dark mode).
#
# Usage: gen.sh OUTDIR [PER_CATEGORY] [SEED] [phone|wide]
# Writes OUTDIR/<category>-<n>.jpg and OUTDIR/manifest.tsv
# (FILE<TAB>CATEGORY<TAB>PAYLOAD). The committed set next to this script was
# made by `gen.sh scanner/qrdecode/testdata/camera 8 1` before the script was
# reproducible, so it cannot be rendered again; `make bench` renders a larger
# one with another seed. The set is reproducible: with the same bash,
# qrencode and ImageMagick, one SEED renders byte-identical JPEGs and
# manifest (camera_gen_test.go checks it). Every random value comes from
# bash's RANDOM, seeded by SEED and drawn in the main shell (a command
# substitution would run in a subshell, which bash reseeds), and every
# ImageMagick call that draws noise gets its own -seed from SEED and the
# image's number.
#
# The "wide" set (fourth argument) is the other one: 1280x720 frames of
# what the camera path read worst (issue 23): codes tilted steeply (steep),
# close-ups of a screen whose pixel grid shows (screen), dense codes of
# version 10 and up at level M, the size of the kiosk's own passes (dense),
# codes of two pixels a module (tiny), and long texts (text).
set -euo pipefail
out=${1:?usage: gen.sh OUTDIR [PER_CATEGORY] [SEED]}
per=${2:-8}
seed=${3:-1}
[[ $per =~ ^[1-9][0-9]{0,3}$ ]] || { echo "gen.sh: PER_CATEGORY $per: want a whole number from 1 to 9999" >&2; exit 2; }
[[ $seed =~ ^[0-9]{1,9}$ ]] || { echo "gen.sh: SEED $seed: want a whole number of at most 9 digits" >&2; exit 2; }
kind=${4:-phone}
[[ $kind =~ ^(phone|wide)$ ]] || { echo "gen.sh: $kind: want phone or wide" >&2; exit 2; }
RANDOM=$seed
mkdir -p "$out"
im=convert
command -v magick >/dev/null && im=magick
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
W=640
H=480
if [ "$kind" = wide ]; then
	W=1280
	H=720
fi
manifest=$out/manifest.tsv
: >"$manifest"

# rnd VAR LO HI [VAR LO HI]...: sets each VAR to an integer in [LO, HI],
# drawn in that order. It assigns instead of printing: $(rnd ...) would draw
# in a subshell, with RANDOM reseeded.
rnd() {
	while (($# >= 3)); do
		printf -v "$1" %d $(($2 + RANDOM % ($3 - $2 + 1)))
		shift 3
	done
}

# payload VAR N: sets VAR to a URL-like pass of about N characters (no
# spaces or tabs), drawn in this shell like rnd.
payload() {
	local pl="https://ashyq.example/p/" alphabet=ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789
	while ((${#pl} < $2)); do pl+=${alphabet:RANDOM%${#alphabet}:1}; done
	printf -v "$1" %s "$pl"
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
	local in=$1 outp=$2 size=$3 angle=$4 kx=$5 ky=$6 grey dx dy
	rnd grey 35 70
	rnd dx -60 60
	rnd dy -40 40
	SCX=$((W / 2 + dx)) SCY=$((H / 2 + dy))
	local neg=() filter=()
	[ "${7:-}" = invert ] && neg=(-negate)
	# Point sampling keeps what a screen's pixel grid aliases into.
	[ "${7:-}" = alias ] && filter=(-filter Point)
	# The screen is the code plus its quiet zone; the bezel is 6% of it.
	local bez=$((size * 6 / 100 + 2)) full=$((size + 2 * (size * 6 / 100 + 2)))
	$im "$in" -colorspace Gray "${neg[@]}" "${filter[@]}" -resize "${size}x${size}!" \
		-bordercolor gray8 -border "$bez" \
		-background "gray$grey" -gravity center -extent "${W}x${H}" \
		-virtual-pixel background "${filter[@]}" -distort Perspective "$(corners "$full" "$SCX" "$SCY" "$angle" "$kx" "$ky")" \
		"$outp"
}

# camera IN OUT BLUR NOISE QUALITY: lens blur, sensor noise, JPEG. The
# noise is ImageMagick's own random draw, seeded per image from SEED and the
# image's number (shot), so it is reproducible and differs between seeds.
shot=0
camera() {
	shot=$((shot + 1))
	$im "$1" -colorspace Gray -blur "0x$3" -seed $((seed * 100000 + shot)) -attenuate "$(awk -v n="$4" 'BEGIN { print n * 0.6 }')" +noise Gaussian \
		-colorspace Gray -quality "$5" "$2"
}

emit() { # emit CATEGORY N PAYLOAD: record the file just written
	printf '%s-%02d.jpg\t%s\t%s\n' "$1" "$2" "$1" "$3" >>"$manifest"
}

# wide: the 1280x720 categories.
wide() {
	local i=$1 n=$2 v len size angle kx ky mods px

	# Steep: a pass-sized code tilted far in depth (one edge up to 45%
	# shorter than the other) and turned.
	rnd v 4 9 len 60 120
	payload p "$len"
	code "$tmp/c.png" "$v" 6 "$p"
	rnd size 380 520 angle -35 35 kx -45 45 ky -45 45
	(((i % 2) == 0)) && kx=$((kx > 0 ? 45 : -45))
	(((i % 2) == 1)) && ky=$((ky > 0 ? 45 : -45))
	scene "$tmp/c.png" "$tmp/s.png" "$size" "$angle" "$kx" "$ky"
	camera "$tmp/s.png" "$out/steep-$n.jpg" 0.7 0.3 75
	emit steep "$i" "$p"

	# Screen: a close-up of a phone's screen whose pixel grid shows (a
	# dark line between pixels every 3-4 frame pixels), each module 3-4
	# screen pixels, the code 400-660 pixels high.
	rnd v 2 4 len 30 60 pitch 3 4 k 3 4
	payload p "$len"
	code "$tmp/c.png" "$v" $((pitch * k)) "$p"
	big=$($im "$tmp/c.png" -format %w info:)
	$im -size "${pitch}x${pitch}" xc:white -fill gray15 -draw "line 0,$((pitch - 1)) $((pitch - 1)),$((pitch - 1))" \
		-draw "line $((pitch - 1)),0 $((pitch - 1)),$((pitch - 1))" "$tmp/px.png"
	$im "$tmp/c.png" -colorspace Gray \( -size "${big}x${big}" "tile:$tmp/px.png" \) -compose Multiply -composite "$tmp/m.png"
	rnd angle -10 10 kx -12 12 ky -12 12
	scene "$tmp/m.png" "$tmp/s.png" "$big" "$angle" "$kx" "$ky"
	camera "$tmp/s.png" "$out/screen-$n.jpg" 0.4 0.3 80
	emit screen "$i" "$p"

	# Dense: a pass at level M, version 10 and up (150-230 characters),
	# modules of 3-4 pixels, a moderate tilt.
	rnd len 150 230
	payload p "$len"
	code "$tmp/c.png" 10 6 "$p"
	mods=$(($($im "$tmp/c.png" -format %w info:) / 6))
	rnd px 3 4 angle -20 20 kx -20 20 ky -20 20
	scene "$tmp/c.png" "$tmp/s.png" $((mods * px)) "$angle" "$kx" "$ky"
	camera "$tmp/s.png" "$out/dense-$n.jpg" 0.6 0.3 75
	emit dense "$i" "$p"

	# Tiny: two pixels a module (a pass seen from two metres).
	rnd v 2 5 len 24 60
	payload p "$len"
	code "$tmp/c.png" "$v" 6 "$p"
	mods=$(($($im "$tmp/c.png" -format %w info:) / 6))
	rnd angle -15 15 kx -8 8 ky -8 8
	scene "$tmp/c.png" "$tmp/s.png" $((mods * 2)) "$angle" "$kx" "$ky"
	camera "$tmp/s.png" "$out/tiny-$n.jpg" 0.4 0.3 80
	emit tiny "$i" "$p"

	# Text: a long text (400-700 characters, version 15 and up), held
	# close, modules of about three pixels.
	rnd len 400 700
	payload p "$len"
	code "$tmp/c.png" 15 4 "$p"
	mods=$(($($im "$tmp/c.png" -format %w info:) / 4))
	rnd angle -12 12 kx -12 12 ky -12 12
	scene "$tmp/c.png" "$tmp/s.png" $((mods * 3)) "$angle" "$kx" "$ky"
	camera "$tmp/s.png" "$out/text-$n.jpg" 0.5 0.3 80
	emit text "$i" "$p"
}

for ((i = 1; i <= per; i++)); do
	printf -v n %02d "$i"
	if [ "$kind" = wide ]; then
		wide "$i" "$n"
		continue
	fi

	# Dense codes, version 7-15, strongly tilted.
	v=$((7 + (i - 1) * 8 / per))
	rnd len 40 90
	payload p "$len"
	code "$tmp/c.png" "$v" 4 "$p"
	rnd size 300 380 angle -20 20 kx -40 40 ky -40 40
	scene "$tmp/c.png" "$tmp/s.png" "$size" "$angle" "$kx" "$ky"
	camera "$tmp/s.png" "$out/perspective-$n.jpg" 0.6 0.3 75
	emit perspective "$i" "$p"

	# A glare spot (a bright blurred disc) over one finder pattern.
	rnd v 2 6 len 30 60
	payload p "$len"
	code "$tmp/c.png" "$v" 6 "$p"
	rnd size 240 320 angle -15 15 kx -10 10 ky -10 10
	scene "$tmp/c.png" "$tmp/s.png" "$size" "$angle" "$kx" "$ky"
	# Top left, top right or bottom left: the corners with a finder.
	fx=$(((i % 3 == 1) ? 1 : -1)) fy=$(((i % 3 == 2) ? 1 : -1))
	# A finder's centre is about 0.32 of the screen's side from its centre.
	rnd jx -10 10 jy -10 10 r 30 55 glow 88 100
	gx=$((SCX + fx * size * 32 / 100 + jx)) gy=$((SCY + fy * size * 32 / 100 + jy))
	$im "$tmp/s.png" \( -size "${W}x${H}" xc:black -fill "gray$glow" -draw "circle $gx,$gy $((gx + r)),$gy" -blur "0x$((r / 3))" \) \
		-compose Screen -composite "$tmp/g.png"
	camera "$tmp/g.png" "$out/glare-$n.jpg" 0.6 0.3 75
	emit glare "$i" "$p"

	# Low screen brightness: the code's range squeezed into a few grey
	# levels, sensor noise high as a camera's gain would make it.
	rnd v 1 5 len 24 50
	payload p "$len"
	code "$tmp/c.png" "$v" 6 "$p"
	rnd size 200 300 angle -15 15 kx -12 12 ky -12 12
	scene "$tmp/c.png" "$tmp/s.png" "$size" "$angle" "$kx" "$ky"
	rnd lo 12 22 hi 30 40
	$im "$tmp/s.png" +level "${lo}%,${hi}%" "$tmp/d.png"
	camera "$tmp/d.png" "$out/dim-$n.jpg" 0.7 0.6 75
	emit dim "$i" "$p"

	# Dark mode: light modules on a dark screen, a bright room around.
	rnd v 1 6 len 24 60
	payload p "$len"
	code "$tmp/c.png" "$v" 6 "$p"
	rnd size 200 320 angle -20 20 kx -15 15 ky -15 15
	scene "$tmp/c.png" "$tmp/s.png" "$size" "$angle" "$kx" "$ky" invert
	camera "$tmp/s.png" "$out/dark-$n.jpg" 0.7 0.4 75
	emit dark "$i" "$p"

	# Moire: the screen's pixel grid (dark gaps between pixels) filmed at
	# a slight angle and scaled down, which aliases into bands.
	rnd v 2 6 len 30 60
	payload p "$len"
	code "$tmp/c.png" "$v" 12 "$p"
	big=$($im "$tmp/c.png" -format %w info:)
	$im -size 4x4 xc:white -fill gray25 -draw "line 0,3 3,3" -draw "line 3,0 3,3" "$tmp/px.png"
	$im "$tmp/c.png" -colorspace Gray \( -size "${big}x${big}" "tile:$tmp/px.png" \) \
		-compose Multiply -composite "$tmp/m.png"
	rnd size 230 320 angle -8 8 kx -8 8 ky -8 8
	scene "$tmp/m.png" "$tmp/s.png" "$size" "$angle" "$kx" "$ky" alias
	camera "$tmp/s.png" "$out/moire-$n.jpg" 0.5 0.3 75
	emit moire "$i" "$p"

	# Motion blur: the phone moved during the exposure.
	rnd v 1 5 len 24 50
	payload p "$len"
	code "$tmp/c.png" "$v" 6 "$p"
	rnd size 230 320 angle -15 15 kx -10 10 ky -10 10
	scene "$tmp/c.png" "$tmp/s.png" "$size" "$angle" "$kx" "$ky"
	rnd streak 4 8 heading 0 179
	$im "$tmp/s.png" -motion-blur "0x$streak+$heading" "$tmp/b.png"
	camera "$tmp/b.png" "$out/motion-$n.jpg" 0.3 0.3 75
	emit motion "$i" "$p"

	# Small: the code itself under 100 pixels wide (held far away).
	rnd v 1 3 len 24 40
	payload p "$len"
	code "$tmp/c.png" "$v" 8 "$p"
	mods=$((17 + 4 * v + 8))
	rnd px 60 95 angle -20 20 kx -8 8 ky -8 8
	scene "$tmp/c.png" "$tmp/s.png" $((mods * px / (mods - 8))) "$angle" "$kx" "$ky"
	camera "$tmp/s.png" "$out/small-$n.jpg" 0.5 0.3 75
	emit small "$i" "$p"

	# JPEG at quality 30-60: a cheap camera's or a chat app's compression.
	rnd v 2 8 len 30 90
	payload p "$len"
	code "$tmp/c.png" "$v" 5 "$p"
	rnd size 220 330 angle -15 15 kx -12 12 ky -12 12
	scene "$tmp/c.png" "$tmp/s.png" "$size" "$angle" "$kx" "$ky"
	rnd q 30 60
	camera "$tmp/s.png" "$out/jpeg-$n.jpg" 0.5 0.3 "$q"
	emit jpeg "$i" "$p"

	# Uneven light: a shadow across the screen, from full to a third.
	rnd v 2 6 len 30 60
	payload p "$len"
	code "$tmp/c.png" "$v" 6 "$p"
	rnd size 240 330 angle -15 15 kx -10 10 ky -10 10
	scene "$tmp/c.png" "$tmp/s.png" "$size" "$angle" "$kx" "$ky"
	rnd light 95 100 shade 20 35 turn 0 359
	$im "$tmp/s.png" \( -size "${H}x${W}" gradient:"gray$light-gray$shade" -rotate "$turn" -gravity center -extent "${W}x${H}" \) \
		-compose Multiply -composite "$tmp/u.png"
	camera "$tmp/u.png" "$out/uneven-$n.jpg" 0.6 0.3 75
	emit uneven "$i" "$p"
done
