#!/usr/bin/env bash
# Runs every test: the unit programs in $BUILD/tests/, then each tests/*.test.sh
# script, and adds up their "N passed, N failed" lines into one last line.
# A program that crashes or prints no summary counts as one failure.
set -u
cd "$(dirname "$0")/.."
export BUILD=${BUILD:-build} BIN=${BIN:-bin}
export MINGBAI_ROOT=$PWD

passed=0 failed=0
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

run_one() { # name, command...
	local name=$1; shift
	local log="$log_dir/$(echo "$name" | tr '/ ' '__').log"
	local t0=$SECONDS
	"$@" >"$log" 2>&1
	local rc=$?
	local line
	line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	local p f
	if [ -n "$line" ]; then
		p=$(echo "$line" | sed -E 's/^([A-Za-z]+: )?([0-9]+) passed.*/\2/')
		f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	else
		p=0 f=0
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	passed=$((passed + p)); failed=$((failed + f))
	printf '%-40s %4d passed, %d failed  (%ds)\n' "$name" "$p" "$f" $((SECONDS - t0))
	if [ "$f" -ne 0 ]; then
		echo "---- $name (exit $rc), last lines:"
		grep -v '^ok ' "$log" | tail -n 40 | sed 's/^/    /'
	fi
}

only=${1:-}
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	name="unit/$(basename "$t")"
	[ -n "$only" ] && [[ $name != *$only* ]] && continue
	run_one "$name" "$t"
done
for t in tests/*.test.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .test.sh)
	[ -n "$only" ] && [[ $name != *$only* ]] && continue
	run_one "$name" bash "$t"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
