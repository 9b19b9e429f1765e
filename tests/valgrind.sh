#!/usr/bin/env bash
# make test-valgrind: a full demo build and 1,000 bot questions under
# valgrind's memcheck; any error or leak fails. (Child processes such as the
# PDF engine are not traced: they are not our code.)
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
VG=(valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible --suppressions=tests/valgrind.supp)

"${VG[@]}" "$BIN/sitegen" build --out "$work/public" >"$work/build.log" 2>&1
rc=$?
check "demo build under valgrind: no errors, no leaks (exit $rc)" test $rc -eq 0
[ $rc -eq 0 ] || tail -n 30 "$work/build.log" >&2

"$BIN/askbot" index --site "$work/public" --db "$work/askbot.db" >/dev/null 2>&1
# 1,000 questions: both question sets, repeated with the variations parents
# add (filler, punctuation, full-width digits), fed to one askbot eval process.
python3 - "$work/q.tsv" <<'PY'
import os, sys, itertools
src = []
for f in ("tests/eval/questions.tsv", os.environ.get("DEV_SET", "../shared/eval/dev-questions.tsv")):
    try:
        src += [l.rstrip("\n") for l in open(f, encoding="utf-8") if l.strip() and not l.startswith("#")]
    except OSError:
        pass
forms = [lambda q: q, lambda q: "请问" + q, lambda q: q + "？？", lambda q: "你好，" + q + "呢",
         lambda q: q.translate(str.maketrans("0123456789", "０１２３４５６７８９"))]
out = []
for f, line in zip(itertools.cycle(forms), itertools.cycle(src)):
    q, _, e = line.partition("\t")
    out.append(f(q) + "\t" + e)
    if len(out) == 1000:
        break
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
"${VG[@]}" "$BIN/askbot" eval --db "$work/askbot.db" "$work/q.tsv" >"$work/eval.log" 2>&1
rc=$?
check "1,000 questions under valgrind: no errors, no leaks (exit $rc)" test $rc -ne 99
[ $rc -ne 99 ] || tail -n 30 "$work/eval.log" >&2
finish
