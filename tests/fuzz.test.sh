#!/usr/bin/env bash
# Replays every fuzz target's seed corpus and past findings
# (tests/fuzz/corpus/NAME, tests/fuzz/regressions/NAME) through the target
# in this build — under ASan/UBSan when run by make test-asan.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
for t in "$BUILD"/fuzz/fuzz_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t"); name=${name#fuzz_}
	dirs=(); for d in "tests/fuzz/corpus/$name" "tests/fuzz/regressions/$name"; do [ -d "$d" ] && dirs+=("$d"); done
	check "fuzz target $name replays ${#dirs[@]} corpus folders" "$t" "${dirs[@]}"
done
finish
