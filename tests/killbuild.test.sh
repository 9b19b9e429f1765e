#!/usr/bin/env bash
# Nothing lost: sitegen killed with SIGKILL in the middle of a build leaves
# the previous public/ complete and byte for byte the same; the next build
# cleans up the dead build's temporary folder and succeeds.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A site big enough that a build takes a while: 1,500 generated guides.
python3 bench/gen-pages.py 1500 "$work/gen" >/dev/null
content=$work/gen/mingbai
out=$work/public

"$BIN/sitegen" build --content "$content" --out "$out" >/dev/null 2>&1
check "first build" test -f "$out/guides/p00042/index.html"
snapshot() { (cd "$out" && find . -type f -print0 | sort -z | xargs -0 md5sum) ; }
snapshot > "$work/before"
check "snapshot taken" test -s "$work/before"

# Change the content so a finished build would differ, then kill builds at
# several moments.
sed -i 's/^title: 第42页/title: 改过的第42页/' "$content/guides/p00042.md"
for delay in 0.05 0.2 0.5 0.8; do
	"$BIN/sitegen" build --content "$content" --out "$out" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	snapshot > "$work/after"
	if cmp -s "$work/before" "$work/after"; then ok; else
		not_ok "killed after ${delay}s: public/ changed or incomplete"; fi
done

"$BIN/sitegen" build --content "$content" --out "$out" >/dev/null 2>&1
check "the next build succeeds" test $? -eq 0
check "and publishes the change" grep -q "改过的第42页" "$out/guides/p00042/index.html"
check_not "no temporary folder left behind" bash -c "ls -d '$out'.tmp.* 2>/dev/null | grep -q ."
finish
