#!/usr/bin/env bash
# make fuzz: each libFuzzer target in $FUZZ_BUILD/fuzzer/ (build-fuzz by
# default) for FUZZ_SECONDS, two at a time (two cores), starting from its
# seed corpus and regressions. A crash leaves its input in
# $FUZZ_BUILD/crashes/: fix the bug, then copy the input into
# tests/fuzz/regressions/NAME/ so every test run replays it.
set -u
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-60}
fb=${FUZZ_BUILD:-build-fuzz}
mkdir -p "$fb/crashes" "$fb/logs"
run_one() {
	t=$1; name=${t#fuzz_}
	log=$fb/logs/$t.log
	mkdir -p "$fb/corpus/$t"
	seeds=(); for d in "tests/fuzz/corpus/$name" "tests/fuzz/regressions/$name"; do [ -d "$d" ] && seeds+=("$d"); done
	if "$fb/fuzzer/$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$fb/crashes/$t-" "$fb/corpus/$t" "${seeds[@]}" \
		>"$log" 2>&1; then
		echo "ok $t ($(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | grep -oE '[0-9]+' || tail -n 1 "$log" | grep -oE '#[0-9]+' ) runs)"
	else
		echo "FAIL $t: see $log"; grep -m 3 -E 'ERROR|SUMMARY' "$log"
	fi
}
export -f run_one; export secs fb
ls "$fb/fuzzer/" | xargs -P 2 -I{} bash -c 'run_one {}' | tee "$fb/logs/summary"
p=$(grep -c '^ok' "$fb/logs/summary"); f=$(grep -c '^FAIL' "$fb/logs/summary")
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
