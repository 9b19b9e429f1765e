#!/usr/bin/env bash
# Runs every test: the unit programs in $BUILD/tests/, the fuzz replays in
# $BUILD/fuzz/, then each tests/*.test.sh script, and adds up their
# "N passed, N failed" lines into one last line.
#
# Nothing skips to green: a program or script that crashes, prints no
# summary, or runs no check (0 passed, 0 failed) counts as one failure; so
# does a unit or fuzz source whose program was not built, a tool the tests
# need that is not installed, and a question set or spec suite that is
# missing. Each such failure names its reason.
set -u
cd "$(dirname "$0")/.."
export BUILD=${BUILD:-build} BIN=${BIN:-bin}
export MINGBAI_ROOT=$PWD
export DEV_SET=${DEV_SET:-../shared/eval/dev-questions.tsv}
export MUSTACHE_SPEC_DIR=${MUSTACHE_SPEC_DIR:-../shared/mustache-spec}

passed=0 failed=0
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
only=${1:-}
wanted() { [ -z "$only" ] || [[ $1 == *$only* ]]; }

# a failure of the run itself, with its reason
missing() { # name, reason
	failed=$((failed + 1))
	printf '%-40s %4d passed, %d failed  (%s)\n' "$1" 0 1 "$2"
}

ran=0
run_one() { # name, command...
	local name=$1; shift
	ran=$((ran + 1))
	local log="$log_dir/$(echo "$name" | tr '/ ' '__').log"
	local t0=$SECONDS
	"$@" >"$log" 2>&1
	local rc=$?
	local line why=
	line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	local p f
	if [ -n "$line" ]; then
		p=$(echo "$line" | sed -E 's/^([A-Za-z]+: )?([0-9]+) passed.*/\2/')
		f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	else
		p=0 f=0
	fi
	if [ -z "$line" ]; then
		why="printed no 'N passed, N failed' line"
		[ "$f" -eq 0 ] && f=1
	elif [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		why="ran no check"
		f=1
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		why="exit $rc with no failed check"
		f=1
	fi
	passed=$((passed + p)); failed=$((failed + f))
	printf '%-40s %4d passed, %d failed  (%ds)%s\n' "$name" "$p" "$f" $((SECONDS - t0)) \
		"${why:+  $why}"
	if [ "$f" -ne 0 ]; then
		echo "---- $name (exit $rc), last lines:"
		grep -v '^ok ' "$log" | tail -n 40 | sed 's/^/    /'
	fi
}

# ---- what the tests need -------------------------------------------------------
for tool in curl sqlite3 python3 wrk valgrind pdfinfo zbarimg chromium node; do
	command -v "$tool" >/dev/null 2>&1 || missing "tool/$tool" "not installed (make test installs it)"
done
for prog in "$BIN/sitegen" "$BIN/askbot"; do
	[ -x "$prog" ] || missing "build/$(basename "$prog")" "$prog not built (make all)"
done
if wanted content; then
	[ -f "$DEV_SET" ] || missing "set/dev-questions" "the dev question set $DEV_SET is missing"
fi
if wanted template_spec; then
	[ -d "$MUSTACHE_SPEC_DIR" ] || missing "set/mustache-spec" "the spec suite $MUSTACHE_SPEC_DIR is missing"
fi
for src in tests/unit/test_*.c; do
	[ -e "$src" ] || continue
	t="$BUILD/tests/$(basename "$src" .c)"
	wanted "unit/$(basename "$t")" || continue
	[ -x "$t" ] || missing "unit/$(basename "$t")" "$src is not built (make unit)"
done
for src in tests/fuzz/fuzz_*.c; do
	[ -e "$src" ] || continue
	t="$BUILD/fuzz/$(basename "$src" .c)"
	wanted fuzz || continue
	[ -x "$t" ] || missing "fuzz/$(basename "$t")" "$src has no replay program (make unit)"
done

# ---- the tests -----------------------------------------------------------------------
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	name="unit/$(basename "$t")"
	wanted "$name" || continue
	run_one "$name" "$t"
done
for t in tests/*.test.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .test.sh)
	wanted "$name" || continue
	run_one "$name" bash "$t"
done

[ "$ran" -gt 0 ] || missing "${only:-tests}" "no test program or script matches"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
