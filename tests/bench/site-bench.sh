#!/usr/bin/env bash
# make bench: sitegen against Hugo and the cmark-gfm floor on the same
# generated Markdown, at N = 1,000 and 10,000 (or $BENCH_SIZES). Reports
# wall time, pages/s, peak memory and the ratios. A benchmark, not a test:
# it passes or fails nothing; the ratios are the result (same machine, same run).
# Every run is a clean build into a new folder; the floor is cmark-gfm
# reading, rendering and writing the same pages, one thread.
set -eu
cd "$(dirname "$0")/../.."
BIN=${BIN:-bin}
sizes=${BENCH_SIZES:-"1000 10000"}
out=tests/bench/out
mkdir -p "$out"
cc -O2 -o "$out/cmark-floor" tests/bench/cmark-floor.c $(pkg-config --cflags --libs libcmark-gfm) -lcmark-gfm-extensions

measure() { # command... → "seconds maxrss_kb"
	local log=$out/time.log
	/usr/bin/time -f '%e %M' -o "$log" "$@" >/dev/null 2>"$out/err.log" || {
		echo "$1 failed:" >&2; cat "$out/err.log" >&2; exit 1; }
	tail -n 1 "$log"
}
better() { # current best, new "seconds kb" → the faster of the two
	if [ -z "$1" ] || awk -v a="${2% *}" -v b="${1% *}" 'BEGIN{exit !(a<b)}'; then
		echo "$2"; else echo "$1"; fi
}

# Every run writes a clean build into a folder that has never existed, and
# the outputs are deleted only when the benchmark ends. On this machine's
# journal-less ext4, each file created within about five minutes of many
# deletions in the same part of the disk makes the kernel test every
# recently freed inode (ext4's recently_deleted(): 60 s, 300 s while the
# inode table is dirty). A run would then pay for the files the previous
# run deleted, not for its own work: measured, the floor's 10,000 pages took
# 4.1 s 70 s after a cleanup, 2.5 s after 190 s and 1.4 s after 310 s,
# against 1.0 s on a quiet disk. So a benchmark waits until five minutes
# after the last one cleaned up. Tools take turns within each round, so a
# noisy moment hits all three.
runs_dir=$(mktemp -d "${TMPDIR:-/tmp}/mingbai-bench.XXXXXX")
cleaned=$out/.cleaned
clean_up() { rm -rf "$runs_dir"; sync; touch "$cleaned"; }
if [ -f "$cleaned" ]; then
	wait=$(( 301 - ($(date +%s) - $(stat -c %Y "$cleaned")) ))
	if [ "$wait" -gt 0 ]; then
		echo "waiting ${wait} s for the last benchmark's deletions to age (see tests/bench/site-bench.sh)"
		sleep "$wait"
	fi
fi
trap clean_up EXIT

printf '%-8s %-12s %9s %10s %10s\n' pages tool seconds pages/s "peak MB"
for n in $sizes; do
	dir=$out/n$n
	if [ ! -f "$dir/.done" ]; then
		rm -rf "$dir"; python3 tests/bench/gen-pages.py "$n" "$dir"; touch "$dir/.done"
	fi
	cp -r tests/bench/hugo-layouts "$dir/hugo/layouts" 2>/dev/null || true
	printf 'baseURL = "http://127.0.0.1/"\ntitle = "基准站"\nlanguageCode = "zh-CN"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n' > "$dir/hugo/config.toml"
	runs=3; [ "$n" -ge 10000 ] && runs=2
	s="" h="" f=""
	for r in $(seq "$runs"); do
		o=$runs_dir/n$n-$r
		sync
		# --no-index: Hugo builds no search index, and the bot's indexer that
		# `build` runs at its end is measured by rebuild-bench.sh
		s=$(better "$s" "$(measure "$BIN/sitegen" build --no-index --content "$dir/mingbai" --out "$o-sitegen")")
		sync
		h=$(better "$h" "$(measure hugo --quiet -s "$dir/hugo" -d "$o-hugo")")
		sync
		f=$(better "$f" "$(measure "$out/cmark-floor" "$dir/mingbai/guides" "$o-floor")")
	done
	for row in "sitegen:$s" "hugo:$h" "cmark-floor:$f"; do
		tool=${row%%:*}; v=${row#*:}; t=${v% *}; m=${v#* }
		printf '%-8s %-12s %9.2f %10.0f %10.1f\n' "$n" "$tool" "$t" "$(awk -v n=$n -v t=$t 'BEGIN{print (t>0)?n/t:0}')" "$(awk -v m=$m 'BEGIN{print m/1024}')"
	done
	awk -v s="${s% *}" -v h="${h% *}" -v f="${f% *}" -v n=$n 'BEGIN{
		printf "%-8s sitegen is %.1fx faster than Hugo (target >= 4x); %.2fx the cmark-gfm floor (target <= 1.5x)\n", n, h/s, s/f }'
done
