#!/usr/bin/env bash
# The clerk's edit-and-rebuild loop on the demo content: a rebuild after
# editing one FAQ entry, with the leaflet PDF cache (the normal build) and
# without it (--no-cache: every leaflet rendered again, as before the
# cache), measured in the same run; the indexer's share on its own. Prints
# the figures and the ratio; fails nothing (the machine is shared).
set -u
cd "$(dirname "$0")/../.."
BIN=${BIN:-bin}
RUNS=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/rebuild-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r content "$work/content"

ms() { local t0=$(date +%s%N); "$@" >/dev/null 2>&1 || echo "failed: $*" >&2; echo $((($(date +%s%N) - t0) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
build() { "$BIN/sitegen" build --content "$work/content" --out "$work/public" "$@"; }
edit() { printf '\n## 基准测试问题%s？\n\n基准测试回答%s。\n' "$1" "$1" >>"$work/content/faq/edu.md"; }

cold=$(ms build --no-index)
cached=() uncached=() indexed=()
for i in $(seq "$RUNS"); do
	edit "a$i"; cached+=("$(ms build --no-index)")
	edit "b$i"; uncached+=("$(ms build --no-index --no-cache)")
	edit "c$i"; indexed+=("$(ms build)")
done
c=$(printf '%s\n' "${cached[@]}" | median)
u=$(printf '%s\n' "${uncached[@]}" | median)
x=$(printf '%s\n' "${indexed[@]}" | median)
echo "rebuild of the demo site (4 leaflets), median of $RUNS, on $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg):"
echo "  first build, empty cache:                 $cold ms"
echo "  after editing one FAQ entry, PDF cache:   $c ms"
echo "  the same without the cache (--no-cache):  $u ms"
echo "  the same with the cache and the indexer:  $x ms"
awk -v c="$c" -v u="$u" 'BEGIN {printf "  the cache makes this rebuild %.1fx faster\n", u / (c ? c : 1)}'
