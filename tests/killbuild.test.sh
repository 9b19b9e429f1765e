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
python3 tests/bench/gen-pages.py 3000 "$work/gen" >/dev/null
content=$work/gen/mingbai
out=$work/public

"$BIN/sitegen" build --content "$content" --out "$out" >/dev/null 2>&1
check "first build" test -f "$out/guides/p00042/index.html"
snapshot() { (cd "$out" && find . -type f -print0 | sort -z | xargs -0 md5sum) ; }
snapshot > "$work/before"
check "snapshot taken" test -s "$work/before"

# Change the content so a finished build would differ, then kill builds at
# several moments.
cp -r "$content" "$work/gen/mingbai-orig"
sed -i 's/^title: 第42页/title: 改过的第42页/' "$content/guides/p00042.md"
n_files=$(wc -l < "$work/before")
for delay in 0.05 0.15 0.3 0.5; do
	"$BIN/sitegen" build --content "$content" --out "$out" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	if kill -9 "$pid" 2>/dev/null; then
		wait "$pid" 2>/dev/null
		snapshot > "$work/after"
		if cmp -s "$work/before" "$work/after"; then ok; else
			not_ok "killed after ${delay}s: public/ changed or incomplete"; fi
	else
		# the build had already finished: then the new site is there, whole
		wait "$pid" 2>/dev/null
		snapshot > "$work/after"
		if [ "$(wc -l < "$work/after")" -eq "$n_files" ] &&
		   grep -q "改过的第42页" "$out/guides/p00042/index.html"; then ok; else
			not_ok "build finished before ${delay}s but public/ is not the whole new site"; fi
		"$BIN/sitegen" build --content "$work/gen/mingbai-orig" --out "$out" >/dev/null 2>&1 || true
	fi
done
"$BIN/sitegen" build --content "$content" --out "$out" >/dev/null 2>&1
check "the next build succeeds" test $? -eq 0
check "and publishes the change" grep -q "改过的第42页" "$out/guides/p00042/index.html"
check_not "no temporary folder left behind" bash -c "ls -d '$out'.tmp.* 2>/dev/null | grep -q ."
finish
