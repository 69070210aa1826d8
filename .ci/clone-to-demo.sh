#!/usr/bin/env bash
# clone-to-demo.sh [REPOSITORY]: what a newcomer waits for, measured. Clones
# the repository (default: this checkout) into a new directory and runs
# `make run` in a tmux window, with empty Go module, Go build and npm caches
# as on a fresh machine, and prints the seconds from the clone to the demo's
# first screen (the idle screen, which lists the demo IINs) and the load.
# Needs git, tmux, make, Go, npm and the Go module proxy and npm registry.
set -euo pipefail
repo=${1:-$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)}
command -v tmux >/dev/null || { echo "clone-to-demo: needs tmux" >&2; exit 2; }
tmp=$(mktemp -d)
session=clone-to-demo-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
export GOMODCACHE=$tmp/gomod GOCACHE=$tmp/gocache npm_config_cache=$tmp/npm
start=$(date +%s.%N)
git clone -q "$repo" "$tmp/kiosk"
tmux new-session -d -s "$session" -x 120 -y 40 -e GOMODCACHE="$GOMODCACHE" -e GOCACHE="$GOCACHE" \
	-e npm_config_cache="$npm_config_cache" "cd $tmp/kiosk && make run; sleep 3600"
deadline=$(( $(date +%s) + 3600 ))
until tmux capture-pane -p -t "$session" | grep -q 900101300017; do
	if [ "$(date +%s)" -gt "$deadline" ]; then
		echo "clone-to-demo: no first screen within an hour; the window shows:" >&2
		tmux capture-pane -p -t "$session" >&2
		exit 1
	fi
	sleep 0.5
done
end=$(date +%s.%N)
printf 'git clone to the demo'"'"'s first screen: %.0f s (%s UTC, %s)\n' "$(echo "$end - $start" | bc)" \
	"$(date -u +'%Y-%m-%d %H:%M')" "$(uptime | sed 's/.*load/load/')"
tmux kill-session -t "$session"
sleep 1
chmod -R u+w "$tmp" && rm -rf "$tmp"
