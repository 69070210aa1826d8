#!/usr/bin/env bash
# build-progress.sh COMMAND...: runs a `go build -v ...` command and shows
# its progress. go build -v names each package as it compiles it (nothing
# for a package in the build cache), so a first build, several hundred
# packages and a minute or more, counts up instead of looking hung; a
# later build shows nothing but the time. Other lines (compiler errors and
# their "# package" headers) are passed through as they are. Exits with
# the command's status.
set -uo pipefail
shopt -s lastpipe

start=$SECONDS
n=0
tty=false
[ -t 1 ] && tty=true
"$@" 2>&1 | while IFS= read -r line; do
	case $line in
	"" | *[[:space:]:]* | "#"*)
		# Not a bare package path: an error, a warning, a header.
		$tty && [ "$n" -gt 0 ] && printf '\n'
		printf '%s\n' "$line"
		;;
	*)
		n=$((n + 1))
		if $tty; then
			printf '\r  compiling: %4d packages done, %-60.60s' "$n" "$line"
		elif [ $((n % 50)) -eq 0 ]; then
			printf '  compiling: %d packages done (%s)\n' "$n" "$line"
		fi
		;;
	esac
done
status=${PIPESTATUS[0]}
$tty && [ "$n" -gt 0 ] && printf '\n'
took=$((SECONDS - start))
if [ "$status" -ne 0 ]; then
	printf 'build failed after %d s (exit status %d)\n' "$took" "$status"
	exit "$status"
fi
case $n in
0) ;;
1) printf '  compiled 1 package in %d s\n' "$took" ;;
*) printf '  compiled %d packages in %d s\n' "$n" "$took" ;;
esac
