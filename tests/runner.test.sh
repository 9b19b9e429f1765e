#!/usr/bin/env bash
# tests/run.sh never skips to green: a copy of it in a scratch tree, with
# scripts that run no check, print no summary or exit non-zero with no
# failed check, a unit source that was not built, a missing dev set and a
# filter that matches nothing, must fail each time and say why.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tree/tests/unit" "$work/tree/build/tests"
cp tests/run.sh tests/lib.sh "$work/tree/tests/"
touch "$work/dev.tsv"
export DEV_SET=$work/dev.tsv MUSTACHE_SPEC_DIR=$work BUILD=build BIN=$BIN
good='. tests/lib.sh; check "true" true; finish'
runner() { # script body for tests/t.test.sh, filter -> output in $work/out, status
	rm -f "$work/tree/tests/"*.test.sh
	printf '%s\n' "$1" > "$work/tree/tests/alpha.test.sh"
	bash "$work/tree/tests/run.sh" "${2:-}" > "$work/out" 2>&1
}
runner "$good"
check "a script with one passing check is green" test $? -eq 0
runner '. tests/lib.sh; finish'
check_not "a script that runs no check fails the run" test $? -eq 0
check "and says so" grep -q "ran no check" "$work/out"
runner 'echo hello'
check_not "a script that prints no summary fails the run" test $? -eq 0
check "and says so" grep -q "printed no" "$work/out"
runner '. tests/lib.sh; check "true" true; finish; exit 3'
check_not "a non-zero exit with no failed check fails the run" test $? -eq 0
runner "$good" nosuchname
check_not "a filter matching nothing fails the run" test $? -eq 0
check "and says so" grep -q "no test program or script matches" "$work/out"
touch "$work/tree/tests/unit/test_x.c"
runner "$good"
check_not "a unit test source with no program fails the run" test $? -eq 0
check "and names it" grep -q "tests/unit/test_x.c is not built" "$work/out"
rm "$work/tree/tests/unit/test_x.c"
DEV_SET=$work/none.tsv runner "$good" alpha
check "the dev set is needed only by the content test" test $? -eq 0
mv "$work/tree/tests/alpha.test.sh" "$work/tree/tests/content.test.sh" 2>/dev/null
DEV_SET=$work/none.tsv bash "$work/tree/tests/run.sh" content > "$work/out" 2>&1
check_not "a missing dev set fails the content test's run" test $? -eq 0
check "and names it" grep -q "dev question set" "$work/out"
# a missing tool: run with a PATH holding everything but wrk
mkdir -p "$work/bin"
for t in bash curl sqlite3 python3 valgrind pdfinfo zbarimg chromium node grep sed tr mktemp rm cat basename tail printf; do
	p=$(command -v "$t") && ln -sf "$p" "$work/bin/$t"
done
printf '%s\n' "$good" > "$work/tree/tests/alpha.test.sh"
PATH=$work/bin "$work/bin/bash" "$work/tree/tests/run.sh" alpha > "$work/out" 2>&1
check_not "a missing tool fails the run" test $? -eq 0
check "and names it" grep -q "tool/wrk" "$work/out"
finish
