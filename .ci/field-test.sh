#!/usr/bin/env bash
# The field test (issue 24): the kiosk where it will run. A Debian bookworm
# machine (qemu, the image from .ci/field-image.sh, systemd as PID 1, the
# Debian kernel) gets the packages `make package` built, installed as an
# installer would, and is checked by reading metrics and APIs, never the
# screen's text:
#   5. an upgrade from the previous commit's packages keeps the config and
#      the records waiting in the outbox;
#   1. both units come up, the kiosk on tty1 (a screendump of the console
#      goes to the artifacts), systemctl stop ends it within 2 s, start
#      brings it back;
#   2. doctor's advice makes the installation pass every check; a QR code
#      fed into a loopback camera (v4l2loopback, field-camfeed) gives a verdict
#      that is recorded upstream;
#   3. a USB scanner (qemu usb-kbd, keys over QMP) is grabbed and gives a
#      verdict while staff type on the other keyboard into the kiosk's own
#      field; a USB serial scanner (qemu usb-serial) gives one too;
#   4. power cuts: qemu SIGKILLed at random moments while scans are recorded
#      with the upstream away; after each reboot nothing recorded is lost
#      and the kiosk is back on tty1 by itself; once the upstream returns it
#      holds every event exactly once, with no sequence gap.
# The upstream is the real ashyq-server on this machine, reached from the
# VM through qemu's user network (restrict=on: the VM reaches nothing else).
# KVM is used when a probe boots the kernel with it; otherwise TCG.
# Needs root; installs its tools with apt-get. Each step's time is printed
# at the end; artifacts (console screenshot and logs, doctor's report, the
# kiosk's journal) go to ASHYQ_FIELD_ARTIFACTS (default artifacts/field-test).
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

ART=${ASHYQ_FIELD_ARTIFACTS:-$PWD/artifacts/field-test}
CUTS=${ASHYQ_FIELD_CUTS:-3}
VENUE=field-cafe
DEVICE=field-door-1

t0=$SECONDS
t_last=$SECONDS
cur=
times=()
step() {
	if [ -n "$cur" ]; then times+=("$(printf '%5d s  %s' $((SECONDS - t_last)) "$cur")"); fi
	cur=$1
	t_last=$SECONDS
	echo "== field-test [$((SECONDS - t0)) s]: $1"
}
say() { echo "   $*"; }
fail() {
	echo "field-test: FAIL: $*" >&2
	! declare -F diagnose >/dev/null || diagnose
	exit 1
}
[ "$(id -u)" = 0 ] || { echo "field-test: run as root" >&2; exit 1; }

step "prerequisites"
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v qemu-img >/dev/null || need+=(qemu-utils)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v mke2fs >/dev/null || need+=(e2fsprogs)
command -v socat >/dev/null || need+=(socat)
command -v ssh >/dev/null || need+=(openssh-client)
command -v jq >/dev/null || need+=(jq)
command -v curl >/dev/null || need+=(curl)
command -v qrencode >/dev/null || need+=(qrencode)
command -v magick >/dev/null || command -v convert >/dev/null || need+=(imagemagick)
if [ ${#need[@]} -gt 0 ]; then
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${need[@]}"
fi
rm -rf "$ART"
mkdir -p "$ART"
tmp=$(mktemp -d /tmp/ashyq-field-test.XXXXXX)
qemu_pid=
up_pid=
killer=
cleanup() {
	[ -z "$killer" ] || kill "$killer" 2>/dev/null || true
	[ -z "$qemu_pid" ] || { kill -KILL "$qemu_pid" 2>/dev/null || true; wait "$qemu_pid" 2>/dev/null || true; }
	[ -z "$up_pid" ] || { kill "$up_pid" 2>/dev/null || true; wait "$up_pid" 2>/dev/null || true; }
	git worktree remove --force "$tmp/prev-src" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

step "image (debootstrap, cached)"
img=$(bash .ci/field-image.sh)
say "image: $img (kernel $(cat "$img/kernel"), $(wc -l <"$img/versions") packages)"

step "packages: this commit's"
latest() { ls -t dist/"$1"_*_amd64.deb 2>/dev/null | head -1; }
kdeb=$(latest ashyq-kiosk)
sdeb=$(latest ashyq-server)
[ -n "$kdeb" ] && [ -n "$sdeb" ] || fail "no amd64 packages in dist/: run make package-amd64 (make field-test does)"
newver=$(dpkg-deb -f "$kdeb" Version)

# IINs with a valid check digit (PRODUCT.md), made here rather than listed.
iin_check() {
	local d=$1 s=0 i w
	for i in $(seq 0 10); do s=$((s + (i + 1) * ${d:i:1})); done
	s=$((s % 11))
	if [ $s = 10 ]; then
		s=0
		for i in $(seq 0 10); do
			w=$(((i + 3 - 1) % 11 + 1))
			s=$((s + w * ${d:i:1}))
		done
		s=$((s % 11))
		[ $s != 10 ] || return 1
	fi
	echo "$d$s"
}
iins=()
for n in $(seq 1000 1200); do
	v=$(iin_check "8506153$n") || continue
	iins+=("$v")
done
next_iin=0
IIN=
iin() { # the next unused IIN, in $IIN (a subshell would not advance it)
	IIN=${iins[$next_iin]}
	next_iin=$((next_iin + 1))
}

step "the upstream on this machine (ashyq-server from the package)"
dpkg-deb -x "$sdeb" "$tmp/server-pkg"
token=field-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s=%s\n' "$token" "$VENUE" >"$tmp/tokens"
chmod 600 "$tmp/tokens"
{
	echo "iin,status"
	for v in "${iins[@]:0:100}"; do echo "$v,green"; done
	echo "771203300035,red"
	echo "900101300017,green"
} >"$tmp/registry.csv"
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 40000))
		grep -qi ":$(printf '%04X' $p) " /proc/net/tcp /proc/net/tcp6 2>/dev/null || { echo $p; return; }
	done
}
up_port=$(free_port)
start_upstream() {
	: >"$tmp/upstream.out"
	"$tmp/server-pkg/usr/bin/ashyq-server" --data "$tmp/upstream" --token-file "$tmp/tokens" \
		--registry "$tmp/registry.csv" --listen "127.0.0.1:$up_port" >"$tmp/upstream.out" 2>>"$ART/upstream.log" &
	up_pid=$!
	for _ in $(seq 100); do grep -q '^listening on ' "$tmp/upstream.out" && return; sleep 0.1; done
	fail "ashyq-server did not start"
}
stop_upstream() {
	kill -TERM "$up_pid"
	wait "$up_pid" || true
	up_pid=
}
api() { curl -sf -m 10 -H "Authorization: Bearer $token" "http://127.0.0.1:$up_port$1"; }
mkdir -p "$tmp/upstream"
start_upstream

step "accelerator: probe KVM for a few seconds"
accel=(-accel tcg,thread=multi -cpu max)
how=TCG
if [ -w /dev/kvm ]; then
	timeout 10 qemu-system-x86_64 -accel kvm -cpu host -m 256 -kernel "$img/vmlinuz" -append "console=ttyS0" \
		-display none -serial "file:$tmp/kvm-probe.log" -no-reboot >/dev/null 2>&1 || true
	if grep -q 'Linux version' "$tmp/kvm-probe.log" 2>/dev/null; then
		accel=(-accel kvm -cpu host)
		how=KVM
	else
		say "KVM did not boot the kernel (it printed: $(head -c 80 "$tmp/kvm-probe.log" 2>/dev/null | tr -d '\r\n')); TCG instead"
	fi
fi
say "accelerator: $how"

# The machine: the image behind a copy-on-write overlay (the cached image
# is never written), a standard VGA console, the staff's PS/2 keyboard, a
# USB keyboard bound to the VGA console as the scanner (QMP input events
# sent to "vga0" reach only it; send-key reaches the PS/2 keyboard), a USB
# serial adapter as a serial scanner, and a user network that forwards ssh
# in and the upstream out and nothing else.
qemu-img create -q -f qcow2 -b "$img/disk.raw" -F raw "$tmp/disk.qcow2"
ssh_port=$(free_port)
qmp=$tmp/qmp.sock
qemu_args=(-name field-kiosk -machine pc "${accel[@]}" -smp 2 -m 1536
	-kernel "$img/vmlinuz" -initrd "$img/initrd.img" -append "root=/dev/vda rw console=ttyS0 quiet"
	-drive "file=$tmp/disk.qcow2,if=virtio,format=qcow2"
	-netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$ssh_port-:22,guestfwd=tcp:10.0.2.100:8080-cmd:socat -lf /dev/null STDIO TCP:127.0.0.1:$up_port"
	-device virtio-net-pci,netdev=n0
	-vga none -device VGA,id=vga0
	-usb -device usb-kbd,id=scanner,display=vga0
	-chardev "socket,id=ser0,path=$tmp/serial.sock,server=on,wait=off" -device usb-serial,chardev=ser0,always-plugged=on
	-display none -qmp "unix:$qmp,server=on,wait=off" -rtc base=utc)
# One ssh connection is shared by every command (ControlMaster): under
# emulation each new one costs seconds of key exchange.
ssh_opts=(-i "$img/id_ed25519" -p "$ssh_port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
	-o LogLevel=ERROR -o ConnectTimeout=30 -o BatchMode=yes -o ServerAliveInterval=5 -o ServerAliveCountMax=3
	-o ControlMaster=auto -o "ControlPath=$tmp/ssh-control" -o ControlPersist=120)
vm() { # a command in the VM; a connection that fails (a loaded machine) is tried again while qemu runs
	local try rc
	for try in 1 2 3 4 5; do
		rc=0
		ssh "${ssh_opts[@]}" root@127.0.0.1 "$@" || rc=$?
		[ "$rc" = 255 ] || return "$rc"
		[ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null || return 255
		sleep 2
	done
	return 255
}
to_vm() {
	scp -q -i "$img/id_ed25519" -P "$ssh_port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o LogLevel=ERROR -o BatchMode=yes "$@" root@127.0.0.1:/root/
}
boots=0
boot_from=0
boot_start() { # power on; the first boot runs while the host builds the previous packages
	boots=$((boots + 1))
	rm -f "$qmp" "$tmp/ssh-control"
	qemu-system-x86_64 "${qemu_args[@]}" -serial "file:$ART/console-boot$boots.log" >>"$ART/qemu.log" 2>&1 &
	qemu_pid=$!
	boot_from=$SECONDS
}
boot_wait() { # until ssh answers
	until ssh "${ssh_opts[@]}" -o ConnectTimeout=10 root@127.0.0.1 true 2>/dev/null; do
		kill -0 "$qemu_pid" 2>/dev/null || fail "qemu exited (see $ART/qemu.log)"
		[ $((SECONDS - boot_from)) -lt 600 ] || fail "no ssh 600 s after boot $boots"
		sleep 2
	done
	say "boot $boots: ssh after $((SECONDS - boot_from)) s"
}
boot() {
	boot_start
	boot_wait
}
diagnose() {
	[ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null || return 0
	vm 'journalctl -b -u ashyq-kiosk -u ashyq-server --no-pager -o short-monotonic' >"$ART/journal-at-failure.txt" 2>&1 || true
	vm 'systemctl --failed --no-pager; systemctl status ashyq-kiosk --no-pager' >>"$ART/journal-at-failure.txt" 2>&1 || true
	echo "field-test: the kiosk's journal is in $ART/journal-at-failure.txt" >&2
}

# QMP: one connection per batch of commands.
qmp_run() { { echo '{"execute":"qmp_capabilities"}'; cat; } | socat -t 1 - "UNIX-CONNECT:$qmp" >>"$tmp/qmp.log"; }
key_events() { # scanner: each key down and up to the USB keyboard, 40 ms apart
	local text=$1 c d i
	for ((i = 0; i < ${#text}; i++)); do
		c=${text:i:1}
		[ "$c" != $'\n' ] || c=ret
		for d in true false; do
			printf '{"execute":"input-send-event","arguments":{"device":"vga0","events":[{"type":"key","data":{"down":%s,"key":{"type":"qcode","data":"%s"}}}]}}\n' "$d" "$c"
			sleep 0.04
		done
	done
}
scanner_scan() { key_events "$1"$'\n' | qmp_run; }
staff_type() { # a person: 250 ms a key, through the PS/2 keyboard
	local text=$1 i c
	for ((i = 0; i < ${#text}; i++)); do
		c=${text:i:1}
		[ "$c" != $'\n' ] || c=ret
		printf '{"execute":"send-key","arguments":{"keys":[{"type":"qcode","data":"%s"}],"hold-time":60}}\n' "$c"
		sleep 0.25
	done | qmp_run
}
serial_scan() { printf '%s\r' "$1" | socat -t 1 - "UNIX-CONNECT:$tmp/serial.sock"; }
screendump() {
	echo "{\"execute\":\"screendump\",\"arguments\":{\"filename\":\"$1\",\"device\":\"vga0\",\"format\":\"png\"}}" | qmp_run
	[ -s "$1" ] || fail "no screendump at $1"
}

# The kiosk's metrics, read inside the VM (it listens on loopback only).
msum() { # the sum of every sample of the metrics matching an ERE
	vm "curl -sf -m 5 http://127.0.0.1:9309/metrics" | awk -v re="^($1)" '$0 ~ re { s += $NF } END { print s + 0 }'
}
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...: until COMMAND succeeds
	local limit=$1 what=$2 from=$SECONDS
	shift 2
	until "$@" 2>/dev/null; do
		[ $((SECONDS - from)) -lt "$limit" ] || fail "$what: not within $limit s"
		sleep 1
	done
}
metric_is() { [ "$(msum "$1")" = "$2" ]; }
metric_at_least() { [ "$(msum "$1")" -ge "$2" ]; }
kiosk_up() { # active, on tty1, answering its metrics
	[ "$(vm systemctl is-active ashyq-kiosk.service)" = active ] &&
		[ "$(vm 'ps -o tty= -p $(systemctl show -p MainPID --value ashyq-kiosk.service)' | tr -d ' ')" = tty1 ] &&
		vm "curl -sf -m 5 -o /dev/null http://127.0.0.1:9309/metrics"
}
verdicts='ashyq_kiosk_verdicts_total'
pending='ashyq_kiosk_outbox_pending '

step "boot 1: the fresh image ($how), started"
boot_start

step "the previous commit's packages, built while the VM boots"
# "Previous" is the parent commit, built the same way: a real upgrade
# between two builds of the packages, as an installer meets it.
prev=$(git rev-parse --short HEAD~1 2>/dev/null) || fail "no previous commit to upgrade from (a shallow clone?)"
git worktree add -q --detach "$tmp/prev-src" "$prev"
make -C "$tmp/prev-src" -s package-amd64 DIST="$tmp/prev" >"$ART/previous-build.log" 2>&1 || {
	tail -20 "$ART/previous-build.log"
	fail "building the previous commit's packages"
}
git worktree remove --force "$tmp/prev-src"
kprev=$(ls "$tmp"/prev/ashyq-kiosk_*_amd64.deb)
sprev=$(ls "$tmp"/prev/ashyq-server_*_amd64.deb)
oldver=$(dpkg-deb -f "$kprev" Version)
dpkg --compare-versions "$newver" gt "$oldver" || fail "version $newver does not sort above the previous $oldver"
say "previous: $oldver (commit $prev); current: $newver"

step "boot 1: waiting for ssh"
boot_wait
vm 'systemctl mask --now e2scrub_reap.service >/dev/null 2>&1 || true'

step "install the previous packages as an installer would, configure, enable"
# The camera's picture: the visitor's QR code (qrencode, 16 pixels a
# module: 464 pixels for this version-1 code) on white, one 640x480 grey
# frame that field-camfeed plays into the loopback camera.
qrencode -s 16 -m 4 -o "$tmp/qr.png" 900101300017
im=convert
command -v magick >/dev/null && im=magick
"$im" "$tmp/qr.png" -background white -gravity center -extent 640x480 -depth 8 "gray:$tmp/qr.gray"
[ "$(stat -c %s "$tmp/qr.gray")" = $((640 * 480)) ] || fail "the camera's frame is not 640x480 grey"
to_vm "$kprev" "$sprev" "$tmp/qr.gray"
vm "dpkg -i /root/$(basename "$kprev") /root/$(basename "$sprev")" >"$ART/install-previous.log"
grep -q 'ashyq-kiosk installed. Next:' "$ART/install-previous.log" || fail "install printed no next steps"
# The README's steps: the three keys, the token file, metrics on loopback,
# the scanners; the VM's own upstream unit with a token too.
vm "set -e
	c=/etc/ashyq-kiosk/config.toml
	sed -i -e 's/^# id = .*/id = \"$DEVICE\"/' -e 's/^# venue = .*/venue = \"$VENUE\"/' \\
		-e 's|^# url = .*|url = \"http://10.0.2.100:8080\"\\nallow_plain_http = true|' \\
		-e 's|^# listen = \"127.0.0.1:9309\"|listen = \"127.0.0.1:9309\"|' -e 's/^# fps = 15/fps = 8/' \$c
	printf '\\n[scanner]\\nhid = [\"auto\", \"/dev/input/by-id/usb-QEMU_QEMU_USB_Keyboard*-event-kbd\"]\\nserial = [\"/dev/ttyUSB0\"]\\n' >>\$c
	install -m 0640 -g ashyq-kiosk /dev/null /etc/ashyq-kiosk/token
	echo $token >/etc/ashyq-kiosk/token
	echo 'vm-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')=$VENUE' >>/etc/ashyq-server/tokens
	systemctl enable --now ashyq-server.service ashyq-kiosk.service 2>/dev/null"
wait_for 120 "the previous kiosk up on tty1" kiosk_up

step "5. upgrade: records waiting with the upstream away, then the new packages"
stop_upstream
for _ in 1 2 3; do
	iin
	staff_type "$IIN"$'\n'
	sleep 1
done
wait_for 60 "three staff verdicts on the previous version" metric_is "$pending" 3
sum_before=$(vm md5sum /etc/ashyq-kiosk/config.toml /etc/ashyq-server/tokens)
pid_before=$(vm systemctl show -p MainPID --value ashyq-kiosk.service)
info_before=$(vm "curl -sf http://127.0.0.1:9309/metrics" | grep '^ashyq_kiosk_info')
to_vm "$kdeb" "$sdeb"
# dpkg asks what to do with a conffile the installer edited when the
# package's own copy changed too: keep the installer's (--force-confold, as
# unattended upgrades do); the package's new one lands beside it as
# .dpkg-dist.
vm "dpkg --force-confold -i /root/$(basename "$kdeb") /root/$(basename "$sdeb") </dev/null" >"$ART/upgrade.log" 2>&1 ||
	fail "the upgrade failed: $(tail -5 "$ART/upgrade.log")"
[ "$(vm "dpkg-query -W -f='\${Version}' ashyq-kiosk")" = "$newver" ] || fail "the upgrade did not install $newver"
[ "$(vm md5sum /etc/ashyq-kiosk/config.toml /etc/ashyq-server/tokens)" = "$sum_before" ] || fail "the upgrade changed the edited config or tokens"
wait_for 60 "the upgraded kiosk up on tty1" kiosk_up
[ "$(vm systemctl show -p MainPID --value ashyq-kiosk.service)" != "$pid_before" ] || fail "the upgrade did not restart the kiosk"
info_after=$(vm "curl -sf http://127.0.0.1:9309/metrics" | grep '^ashyq_kiosk_info')
[ "$info_after" != "$info_before" ] || fail "the kiosk still reports the previous build: $info_after"
[ "$(msum "$pending")" = 3 ] || fail "after the upgrade $(msum "$pending") records wait, want the 3 from before"
start_upstream
wait_for 60 "the 3 records sent after the upgrade" metric_is "$pending" 0
say "upgrade $oldver -> $newver: config and tokens unchanged, 3 waiting records kept and sent"

step "1. both units, the kiosk on tty1, the console, stop and start"
[ "$(vm systemctl is-active ashyq-server.service ashyq-kiosk.service | tr '\n' ' ')" = "active active " ] || fail "units not active"
vm 'curl -sf -m 5 http://127.0.0.1:8080/v1/health' | grep -q '"status":"ok"' || fail "the VM's ashyq-server does not answer"
[ "$(vm fgconsole)" = 1 ] || fail "the active console is not tty1"
sleep 3
screendump "$ART/console-tty1.png"
say "console screenshot: $ART/console-tty1.png"
ms=$(vm 'a=$(date +%s%N); systemctl stop ashyq-kiosk.service; b=$(date +%s%N); echo $(((b - a) / 1000000))')
[ "$(vm systemctl show -p Result --value ashyq-kiosk.service)" = success ] || fail "the kiosk did not stop cleanly"
# 2 s on a real machine (KVM). Emulated (TCG) on a loaded 2-core host the
# guest runs many times slower than its clock (stops took 1.0 to 2.5 s),
# so there the limit is 5 s; the figure is printed either way.
limit=2000
[ "$how" = KVM ] || limit=5000
say "systemctl stop took $ms ms (limit $limit ms under $how)"
[ "$ms" -le "$limit" ] || fail "systemctl stop took $ms ms, more than $limit ms"
vm systemctl start ashyq-kiosk.service
wait_for 60 "the kiosk back after systemctl start" kiosk_up

step "2. doctor, its advice, and a QR code through the loopback camera"
journal_cam=$(vm 'journalctl -b -u ashyq-kiosk -o cat | grep "camera not available" | tail -1')
! grep -q 'errno 0' <<<"$journal_cam" || fail "the camera's log still says errno 0: $journal_cam"
grep -q 'not a capture device now' <<<"$journal_cam" || fail "the camera's log does not say why it waits: $journal_cam"
vm systemctl stop ashyq-kiosk.service
vm 'nohup field-camfeed /root/qr.gray /dev/video10 >/root/camfeed.log 2>&1 &'
sleep 3
vm pgrep -x field-camfeed >/dev/null || fail "field-camfeed stopped: $(vm cat /root/camfeed.log)"
doctor() { vm "runuser -u ashyq-kiosk -- ashyq-kiosk doctor --config /etc/ashyq-kiosk/config.toml $1"; }
doctor --json >"$tmp/doctor1.json" || true
doctor "" >"$ART/doctor-before-advice.txt" || true
# The emulated scanner is no known scanner: doctor says so and prints the
# udev line; the serial adapter's node belongs to dialout.
fix=$(jq -r '.checks[] | select(.area == "input" and .selected and (.ok | not)) | .fix' "$tmp/doctor1.json")
grep -q "71-ashyq-local.rules" <<<"$fix" || fail "doctor gave no udev line for the scanner it cannot open: $fix"
jq -e '.checks[] | select(.area == "input" and (.item | test("event")) and .selected) | .detail | test("auto does not take it: .*USB vendor 0627")' "$tmp/doctor1.json" >/dev/null ||
	fail "doctor does not say why auto left the emulated scanner alone"
sfix=$(jq -r '.checks[] | select(.area == "serial" and .selected and (.ok | not)) | .fix' "$tmp/doctor1.json")
grep -q "usermod -aG dialout ashyq-kiosk" <<<"$sfix" || fail "doctor's serial advice: $sfix"
vm "${fix%%, then restart the kiosk}"
vm 'usermod -aG dialout ashyq-kiosk && udevadm settle'
doctor "" >"$ART/doctor.txt" || true
doctor --json >"$tmp/doctor2.json" || true
# Every check passes after doctor's advice. One measures the machine rather
# than the installation: the camera's frame rate (at least half of
# camera.fps). Under TCG on a loaded host the emulated guest runs many
# times slower than its clock (a run at load 36 read 2.7 frames a second of
# the 8 fed), so there that one is printed, not required; under KVM every
# check must pass.
rate_check='.area == "camera" and (.detail | startswith("gives frames"))'
failing=$(jq -r --arg how "$how" ".checks[] | select(.ok | not) | select(\$how == \"KVM\" or (($rate_check) | not))
	| \"\\(.area) \\(.item): \\(.detail)\"" "$tmp/doctor2.json") || fail "doctor --json gave no report"
[ -z "$failing" ] || { cat "$ART/doctor.txt"; fail "doctor fails on the installation after its own advice: $failing"; }
[ "$(jq '[.checks[] | select(.ok)] | length' "$tmp/doctor2.json")" -ge 14 ] || fail "doctor ran fewer checks than expected"
rate=$(jq -r ".checks[] | select($rate_check) | .detail + (if .ok then \"\" else \" (under half of camera.fps: allowed under TCG only)\" end)" "$tmp/doctor2.json")
[ -n "$rate" ] || fail "doctor did not measure the camera's frame rate"
say "doctor: $(jq '[.checks[] | select(.ok)] | length' "$tmp/doctor2.json") of $(jq '.checks | length' "$tmp/doctor2.json") checks pass; camera: $rate"
up_before=$(api "/v1/devices/$DEVICE" | jq .received) # before the kiosk reads the code and sends it
vm systemctl start ashyq-kiosk.service
wait_for 60 "the kiosk up" kiosk_up
wait_for 90 "a camera verdict" metric_at_least "$verdicts"'[{]input="camera"' 1
vm 'pkill -x field-camfeed'
wait_for 60 "the camera's record sent" metric_is "$pending" 0
[ "$(api "/v1/devices/$DEVICE" | jq .received)" -gt "$up_before" ] || fail "the upstream did not get the camera's record"
api "/v1/venues/$VENUE/events?limit=1000" | jq -e '[.events[] | select(.iin | endswith("0017"))] | length >= 1' >/dev/null ||
	fail "the camera's visitor (…0017) is not in the upstream's events"
say "camera: verdict $(msum "$verdicts"'[{]input="camera"') time(s), recorded upstream"

step "3. the USB scanner grabbed, the staff keyboard still reaches the field"
hid0=$(msum "$verdicts"'[{]input="hid"')
kbd0=$(msum "$verdicts"'[{]input="keyboard"')
iin
staff=$IIN
staff_type "${staff:0:6}"
scanner_scan 771203300035
sleep 6 # the verdict screen's 4 s
staff_type "${staff:6}"$'\n'
wait_for 30 "the scanner's verdict" metric_is "$verdicts"'[{]input="hid"' $((hid0 + 1))
wait_for 30 "the staff's verdict" metric_is "$verdicts"'[{]input="keyboard"' $((kbd0 + 1))
[ "$(msum "$verdicts"'[{]input="wedge"|ashyq_kiosk_scans_invalid_total')" = 0 ] || fail "scanner keys reached the console, or a scan was refused"
ser0=$(msum "$verdicts"'[{]input="serial"')
iin
serial_scan "$IIN"
wait_for 30 "the serial scanner's verdict" metric_is "$verdicts"'[{]input="serial"' $((ser0 + 1))
say "grabbed scanner, staff typing around it and the serial scanner: one verdict each"
sleep 5 # back to the idle screen
screendump "$ART/console-tty1-idle.png"
say "console screenshot with the scanners and camera working: $ART/console-tty1-idle.png"

step "4. power cuts while scans are recorded with the upstream away"
wait_for 60 "everything sent before the cuts" metric_is "$pending" 0
received0=$(api "/v1/devices/$DEVICE" | jq .received)
stop_upstream
have=0
for cut in $(seq "$CUTS"); do
	delay=$((5 + RANDOM % 15))
	(
		sleep "$delay"
		kill -KILL "$qemu_pid"
	) &
	killer=$!
	confirmed=$have
	while kill -0 "$qemu_pid" 2>/dev/null; do
		iin
		scanner_scan "$IIN" 2>/dev/null || break
		want=$((confirmed + 1))
		for _ in $(seq 20); do
			n=$(msum "$pending" 2>/dev/null) || break
			[ "$n" -lt "$want" ] || break
			sleep 0.5
		done
		[ "${n:-0}" -ge "$want" ] && kill -0 "$qemu_pid" 2>/dev/null || break
		confirmed=$n
		sleep 1
	done
	wait "$killer" 2>/dev/null || true
	killer=
	wait "$qemu_pid" 2>/dev/null || true
	qemu_pid=
	boot
	wait_for 180 "the kiosk back on tty1 by itself after cut $cut" kiosk_up
	have=$(msum "$pending")
	say "cut $cut after ${delay} s: $confirmed recorded before, $have waiting after the reboot"
	echo "cut $cut: killed after $delay s; recorded before $confirmed, waiting after reboot $have" >>"$ART/power-cuts.txt"
	[ "$have" -ge "$confirmed" ] || fail "cut $cut lost records: $confirmed before, $have after"
	[ "$have" -le $((confirmed + 1)) ] || fail "cut $cut: $have waiting, more than the $confirmed recorded and one in flight"
done
start_upstream
wait_for 180 "every record sent after the upstream returned" metric_is "$pending" 0
rep=$(api "/v1/devices/$DEVICE")
echo "$rep" >"$ART/device-report.json"
received=$(jq .received <<<"$rep")
max_seq=$(jq .max_seq <<<"$rep")
[ "$(jq -c .gaps <<<"$rep")" = "[]" ] || fail "sequence gaps upstream: $(jq -c .gaps <<<"$rep")"
[ "$(jq .seq_reused <<<"$rep")" = 0 ] || fail "sequence numbers reused: $rep"
[ "$received" = "$max_seq" ] || fail "received $received, max_seq $max_seq"
[ "$received" = $((received0 + have)) ] || fail "the upstream holds $received events, want $received0 + $have"
events=$(api "/v1/venues/$VENUE/events?limit=1000" | jq "[.events[] | select(.device == \"$DEVICE\")] | length")
[ "$events" = "$received" ] || fail "the venue lists $events events of $DEVICE, the device report $received"
say "$CUTS power cuts survived: the upstream holds $received events, sequence 1..$max_seq without a gap, each once"
vm 'journalctl -b -1 -u ashyq-kiosk -o short-monotonic --no-pager' >"$ART/journal-before-last-cut.txt" 2>&1 || true

step "shut down"
vm 'journalctl -b -u ashyq-kiosk -u ashyq-server -o short-monotonic --no-pager' >"$ART/journal.txt" 2>&1 || true
vm systemctl poweroff >/dev/null 2>&1 || true
for _ in $(seq 60); do kill -0 "$qemu_pid" 2>/dev/null || break; sleep 1; done
kill -KILL "$qemu_pid" 2>/dev/null || true
wait "$qemu_pid" 2>/dev/null || true
qemu_pid=
step done
echo "field-test: ok in $((SECONDS - t0)) s ($how, $boots boots); each step:"
printf '%s\n' "${times[@]}" | tee "$ART/times.txt"
echo "artifacts: $ART"
