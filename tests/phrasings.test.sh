#!/usr/bin/env bash
# Every FAQ phrasing of the default content, wrapped in what parents put
# around a question (a greeting before it, thanks or "急" after it), and
# said in the south-west's words (咋个, 好多, 啥子, 得行, …不 for …吗),
# and written in traditional characters (OpenCC's s2t, the inverse of the
# t2s the bot reads with), still leads to its own entry: not declined, and the entry among the
# answers. The wrappings and words are this test's own, none from a
# question set. 2026-12-03: 我想问下 left a stray 下 that read 下贷 as
# another lender's product; a trailing 急 outweighed short questions, which
# were then declined; 能贷不 was read as a word 贷不 the index lacks.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
use_scratch
command -v opencc >/dev/null || { not_ok "opencc is needed (make test installs it)"; finish; exit; }

wrapped() { # content dir, db, log
	"$BIN/sitegen" build --content "$1" --no-index --out "$work/public" >/dev/null 2>&1 &&
	"$BIN/askbot" index --no-check --site "$work/public" --db "$2" >/dev/null || return 2
	python3 - "$work/public/search.json" "$work/wrapped.tsv" <<'PY'
import json, subprocess, sys
entries = json.load(open(sys.argv[1], encoding="utf-8"))["entries"]
wraps = [("老师你好，我想问下", ""), ("请问一下", ""), ("你好，想咨询下", ""), ("麻烦问下，", ""),
         ("我家娃娃", ""), ("", "，谢谢"), ("", "啊？急"), ("", "？在线等")]
dialect = [("怎么", "咋个"), ("多少", "好多"), ("孩子", "娃娃"), ("什么", "啥子"), ("学生", "娃"),
           ("可以", "得行"), ("吗", "不"), ("没有", "没得"), ("哪里", "哪儿"), ("为什么", "为啥")]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("# question\texpect\n")
    for e in entries:
        if e["kind"] != "faq":
            continue
        for p in [e["question"]] + e.get("alt", []):
            for a, b in wraps:
                out.write("%s%s%s\t%s\n" % (a, p.rstrip("？?"), b, e["id"]))
            said = p.rstrip("？?")
            for x, y in dialect:
                said = said.replace(x, y)
            if said != p.rstrip("？?"):
                out.write("%s\t%s\n" % (said, e["id"]))
    said = [(p, e["id"]) for e in entries if e["kind"] == "faq"
            for p in [e["question"]] + e.get("alt", [])]
    trad = subprocess.run(["opencc", "-c", "s2t.json"], input="\n".join(p for p, _ in said),
                          capture_output=True, text=True, check=True).stdout.split("\n")
    for t, (p, i) in zip(trad, said):
        if t != p:
            out.write("%s\t%s\n" % (t, i))
PY
	"$BIN/askbot" eval --db "$2" --quiet --features "$work/wrapped.jsonl" "$work/wrapped.tsv" >/dev/null
	python3 - "$work/wrapped.tsv" "$work/wrapped.jsonl" <<'PY' >"$3"
import json, sys
want = [l.rstrip("\n").split("\t")[1] for l in open(sys.argv[1], encoding="utf-8") if not l.startswith("#")]
bad = n = 0
for w, line in zip(want, open(sys.argv[2], encoding="utf-8")):
    r = json.loads(line)
    n += 1
    if r["kind"] == "decline" or w not in r["answers"]:
        bad += 1
        print("FAIL %s: %s %s" % (r["q"], r["kind"], r["answers"][:1]))
print("%d asked, %d failed" % (n, bad))
sys.exit(1 if bad or not n else 0)
PY
}

wrapped content "$work/askbot.db" "$work/log"
check "every FAQ phrasing, wrapped as parents wrap a question, leads to its entry" test $? -eq 0
grep '^FAIL' "$work/log" | head -5 >&2
check "it asked them all" grep -qE "^[0-9]{4,} asked" "$work/log"

# without 急 in the filler list the check fails: it is not vacuous
cp -r content "$work/nofiller"
sed -i 's/ 急,//' "$work/nofiller/synonyms.yaml"
wrapped "$work/nofiller" "$work/nofiller.db" "$work/log2"
check "it fails when a filler word is missing" test $? -eq 1
check "and names the phrasing" grep -q "急: decline" "$work/log2"

finish
