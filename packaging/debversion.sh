#!/bin/sh
# Prints the Debian package version for the checked-out commit, from the
# newest v* tag: v0.1.0 -> 0.1.0; 5 commits later -> 0.1.0+5.g1a2b3c4 (so
# every later build sorts above the tag); no tag yet -> 0.0.0+N.gHASH; a
# dirty tree adds .dirty.
set -eu
if d=$(git describe --tags --long --match 'v[0-9]*' --dirty 2>/dev/null); then
	dirty=
	case "$d" in *-dirty) dirty=.dirty; d=${d%-dirty} ;; esac
	hash=${d##*-}
	rest=${d%-*}
	n=${rest##*-}
	tag=${rest%-*}
	v=${tag#v}
	if [ "$n" = 0 ] && [ -z "$dirty" ]; then
		echo "$v"
	else
		echo "$v+$n.$hash$dirty"
	fi
else
	n=$(git rev-list --count HEAD 2>/dev/null || echo 0)
	hash=g$(git rev-parse --short=7 HEAD 2>/dev/null || echo 0000000)
	dirty=
	git diff --quiet HEAD 2>/dev/null || dirty=.dirty
	echo "0.0.0+$n.$hash$dirty"
fi
