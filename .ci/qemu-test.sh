#!/usr/bin/env bash
# Runs the arm64 and armhf builds (make cross: bin/linux-arm64/,
# bin/linux-arm/) under qemu-user-static, as a Raspberry Pi-class board
# would run them: `version` and `--help` of both binaries, a headless demo
# scan through the kiosk, the server answering health and metrics, and the
# unit tests of the outbox and the QR decoder cross-compiled with
# `go test -exec`. Prints each binary's start-up time and peak RSS under
# qemu (emulation: slower than the real board, and qemu's own memory is
# counted in the RSS).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "qemu-test: FAIL: $*" >&2; exit 1; }
step() { echo "== qemu-test: $*"; }

# binfmt_misc lets a test binary re-execute itself (the outbox's crash test
# does); without it that one test cannot run, and is named as skipped.
binfmt=yes
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
	mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || binfmt=no
fi
for a in aarch64 arm; do
	[ "$binfmt" = yes ] || break
	[ -e "/proc/sys/fs/binfmt_misc/qemu-$a" ] && continue
	cat "/usr/lib/binfmt.d/qemu-$a.conf" >/proc/sys/fs/binfmt_misc/register 2>/dev/null || binfmt=no
done

tmp=$(mktemp -d /tmp/ashyq-qemu-test.XXXXXX)
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

# debian-arch go-arch goarm qemu sysroot file(1)-says
targets=("arm64 arm64 - qemu-aarch64-static /usr/aarch64-linux-gnu ARM aarch64"
	"armhf arm 7 qemu-arm-static /usr/arm-linux-gnueabihf ARM, EABI5")
for t in "${targets[@]}"; do
	read -r deb goarch goarm qemu sysroot says <<<"$t"
	bin=bin/linux-$goarch
	run() { QEMU_LD_PREFIX=$sysroot "$qemu" "$@"; }
	step "$deb: $bin"
	kind=$(file -L "$bin/ashyq-kiosk")
	grep -q "$says" <<<"$kind" || fail "$bin/ashyq-kiosk is not $says: $kind"
	grep -q "dynamically linked" <<<"$kind" || fail "$bin/ashyq-kiosk was built without cgo (no camera)"

	kv=$(run "$bin/ashyq-kiosk" version); sv=$(run "$bin/ashyq-server" version)
	[ "${kv#ashyq-kiosk }" = "${sv#ashyq-server }" ] && [ -n "${kv#ashyq-kiosk }" ] || fail "versions: '$kv' / '$sv'"
	# Captured first: grep -q closing the pipe early would fail the pipeline.
	khelp=$(run "$bin/ashyq-kiosk" --help); shelp=$(run "$bin/ashyq-server" --help)
	grep -q "Camera: supported (V4L2 via cgo)" <<<"$khelp" || fail "$deb kiosk has no camera support"
	grep -q "^ashyq-server ${sv#ashyq-server }:" <<<"$shelp" || fail "$deb server --help lacks the version"
	/usr/bin/time -f '%e %M' -o "$tmp/version.time" env QEMU_LD_PREFIX="$sysroot" "$qemu" "$bin/ashyq-kiosk" version >/dev/null
	read -r vsec vkb <"$tmp/version.time"
	echo "$deb: $kv"

	out=$(echo 900101300017 | /usr/bin/time -f '%e %M' -o "$tmp/demo.time" env QEMU_LD_PREFIX="$sysroot" \
		"$qemu" "$bin/ashyq-kiosk" --demo --headless --data "$tmp/demo-$deb" --flush-timeout 10s)
	echo "$out" | grep -q '"verdict":"welcome".*"recorded":true' || fail "$deb headless demo scan: $out"
	read -r dsec dkb <"$tmp/demo.time"

	QEMU_LD_PREFIX=$sysroot "$qemu" "$bin/ashyq-server" --demo --listen 127.0.0.1:0 >"$tmp/server.out" 2>"$tmp/server.err" &
	pid=$!
	for _ in $(seq 300); do grep -q '^listening on ' "$tmp/server.out" && break; sleep 0.1; done
	url=$(sed -n 's/^listening on //p' "$tmp/server.out")
	[ -n "$url" ] || { cat "$tmp/server.err"; fail "$deb ashyq-server did not start"; }
	grep -q '"status":"ok"' <<<"$(curl -sf "$url/v1/health")" || fail "$deb server health"
	grep -q '^ashyq_server_build_info{version=' <<<"$(curl -sf "$url/metrics")" || fail "$deb server metrics"
	srss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
	kill -TERM "$pid"; wait "$pid" || fail "$deb ashyq-server exit after SIGTERM"; pid=

	printf '%s under qemu: kiosk `version` %ss, %s KiB peak RSS; headless demo scan (start, scan, sync, exit) %ss, %s KiB peak RSS; idle server %s KiB RSS\n' \
		"$deb" "$vsec" "$vkb" "$dsec" "$dkb" "$srss" | tee -a "$tmp/summary"

	step "$deb: go test -exec $qemu ./sync/outbox ./scanner/qrdecode"
	# The decoder's robustness-rate and starved-budget tests decode
	# hundreds of images: minutes under emulation for nothing the other
	# tests miss. The tests of what the default frame budget reads count it
	# with qrdecode's model meter, so emulation's slowness does not matter.
	skip='^(TestRobustnessRate|TestStarvedBudgetStillReadsClearCodes)$'
	if [ "$binfmt" = no ]; then
		echo "qemu-test: no binfmt_misc here: TestCrashKeepsEveryReportedSeq (re-executes itself) is SKIPPED"
		skip='^(TestRobustnessRate|TestStarvedBudgetStillReadsClearCodes|TestCrashKeepsEveryReportedSeq)$'
	fi
	goarm_env=(); [ "$goarm" = - ] || goarm_env=(GOARM="$goarm")
	env GOOS=linux GOARCH="$goarch" "${goarm_env[@]}" CGO_ENABLED=0 \
		go test -short -count=1 -skip "$skip" -exec "$qemu" ./sync/outbox ./scanner/qrdecode
done
step "ok"
cat "$tmp/summary"
