#!/usr/bin/env bash
# make fuzz: each libFuzzer target in build-fuzz/fuzzer/ for FUZZ_SECONDS,
# two at a time (two cores), starting from its seed corpus and regressions.
# A crash leaves its input in build-fuzz/crashes/: fix the bug, then copy
# the input into tests/fuzz/regressions/NAME/ so every test run replays it.
set -u
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-60}
mkdir -p build-fuzz/crashes build-fuzz/logs
run_one() {
	t=$1; name=${t#fuzz_}
	mkdir -p "build-fuzz/corpus/$t"
	seeds=(); for d in "tests/fuzz/corpus/$name" "tests/fuzz/regressions/$name"; do [ -d "$d" ] && seeds+=("$d"); done
	if "build-fuzz/fuzzer/$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
		-artifact_prefix="build-fuzz/crashes/$t-" "build-fuzz/corpus/$t" "${seeds[@]}" \
		>"build-fuzz/logs/$t.log" 2>&1; then
		echo "ok $t ($(grep -oE 'stat::number_of_executed_units: [0-9]+' "build-fuzz/logs/$t.log" | grep -oE '[0-9]+' || tail -n 1 "build-fuzz/logs/$t.log" | grep -oE '#[0-9]+' ) runs)"
	else
		echo "FAIL $t: see build-fuzz/logs/$t.log"; grep -m 3 -E 'ERROR|SUMMARY' "build-fuzz/logs/$t.log"
	fi
}
export -f run_one; export secs
ls build-fuzz/fuzzer/ | xargs -P 2 -I{} bash -c 'run_one {}' | tee build-fuzz/logs/summary
p=$(grep -c '^ok' build-fuzz/logs/summary); f=$(grep -c '^FAIL' build-fuzz/logs/summary)
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
