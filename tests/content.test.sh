#!/usr/bin/env bash
# The default content (content/) as the knowledge base: it checks clean, no
# figure is typed where a policy variable belongs, the FAQ has its categories,
# entries and phrasings, and the project's question set has its shape.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$BIN/sitegen" check >"$work/check.log" 2>&1
check "sitegen check passes with no warnings or errors" test $? -eq 0
check "check reports zero warnings" grep -q " 0 errors, 0 warnings$" "$work/check.log"
"$BIN/sitegen" build --out "$work/public" >/dev/null 2>"$work/build.log"
check "the default content builds" test -f "$work/public/search.json"

# Every policy figure, as written in site.yaml, must not be typed anywhere
# in content/ except site.yaml and the notices (which keep documents as issued).
python3 tests/check-figures.py content >"$work/figures.log" 2>&1
check "no literal policy figure outside site.yaml and notices" test $? -eq 0
grep ': literal' "$work/figures.log" | head -5 >&2

# The same check must catch a planted figure (so it cannot pass vacuously).
cp -r content "$work/content"
printf -- '---\ntitle: 测试\n---\n\n本科每年最高可贷 2万元，每年12月20日还款。\n' > "$work/content/guides/zz-planted.md"
python3 tests/check-figures.py "$work/content" >"$work/planted.log" 2>&1
check "a planted loan limit is caught" grep -q "zz-planted.md:5: literal '2万'" "$work/planted.log"
check "a planted repayment date is caught" grep -q "zz-planted.md:5: literal '12月20日'" "$work/planted.log"

python3 - "$work/public/search.json" <<'EOF' >"$work/faq.log" 2>&1
import json, re, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
faq = [e for e in d["entries"] if e["kind"] == "faq"]
want = ["申请条件", "贷款额度", "利率与贴息", "期限与宽限期", "办理流程", "所需材料", "续贷",
        "受理证明与回执", "发放与到账", "还款", "逾期与征信", "毕业确认", "学籍变动",
        "救助与免息", "防诈骗", "联系方式", "贷款常识", "账号与还款账户", "证明与查询"]
fails = 0
by = {}
for e in faq:
    by.setdefault(e["category"], []).append(e)
for c in want:
    n = len(by.get(c, []))
    print(f"{c}: {n} entries")
    if n < 3:
        print(f"FAIL category {c} has {n} entries"); fails += 1
extra = set(by) - set(want)
if extra:
    print("FAIL unexpected categories:", extra); fails += 1
print(f"total: {len(faq)} FAQ entries")
if len(faq) < 120:
    print("FAIL fewer than 120 entries"); fails += 1
for e in faq:
    if not 2 <= len(e["alt"]) <= 3:
        print(f"FAIL {e['url']}: {len(e['alt'])} alternate phrasings (want 2 or 3)"); fails += 1
    first = e["text"].split("\n", 1)[0]
    if len(first) > 160:
        print(f"FAIL {e['url']}: first paragraph is {len(first)} characters (want about 150 at most)"); fails += 1
    if "来源" not in e["text"] and "详见" not in e["text"]:
        print(f"FAIL {e['url']}: no source line"); fails += 1
qs = [e["question"] for e in faq]
if len(set(qs)) != len(qs):
    print("FAIL duplicate questions"); fails += 1
sys.exit(1 if fails else 0)
EOF
check "FAQ: 19 categories, >= 120 entries, 2-3 phrasings each, short first line, a source" test $? -eq 0
grep -E '^(FAIL|total)' "$work/faq.log" | head -8 >&2

q=tests/eval/questions.tsv
check "project question set exists" test -f "$q"
python3 - "$q" <<'EOF' >"$work/eval.log" 2>&1
import sys
inscope = oos = 0
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    q, expect, entries = (line.split("\t") + ["", ""])[:3]
    assert q and expect and entries, f"bad line: {line!r}"
    assert (expect.strip() == "-") == (entries.strip() == "-"), f"entries: {line!r}"
    if expect.strip() == "-":
        oos += 1
    else:
        inscope += 1
print(inscope, "in scope,", oos, "out of scope")
sys.exit(0 if inscope >= 150 and oos >= 20 else 1)
EOF
check "question set: >= 150 in scope and >= 20 out of scope" test $? -eq 0

# the question sets the bot is measured on: none may be copied into content/
shared_eval=$(dirname "${DEV_SET:-../shared/eval/dev-questions.tsv}")
sets=("$shared_eval"/dev-questions.tsv "$shared_eval"/real-questions.tsv tests/eval/*.tsv)
for s in "${sets[@]}"; do
	check "question set $s is there" test -s "$s"
done
python3 tests/check-copies.py content "${sets[@]}" >"$work/copies.log" 2>&1
check "no content copies or closely paraphrases a question of any set" test $? -eq 0
head -5 "$work/copies.log" >&2
# and it catches a planted copy of each kind
for s in "${sets[@]}"; do
	first=$(grep -v '^#' "$s" | awk -F'\t' 'length($1) >= 8 {print $1; exit}')
	rm -rf "$work/planted"; cp -r content "$work/planted"
	printf -- '---\ntitle: 测试\n---\n\n## 测试问题\n\n也问：甲；乙\n\n%s\n' "$first" > "$work/planted/faq/zz.md"
	check_not "a question of $(basename "$s") planted in an answer is caught" \
		python3 tests/check-copies.py "$work/planted" "$s"
	near=$(python3 -c 'import sys; print(sys.argv[1][1:] + "吧")' "$first")
	printf -- '---\ntitle: 测试\n---\n\n## %s\n\n也问：甲；乙\n\n回答。\n' "$near" > "$work/planted/faq/zz.md"
	check_not "a phrasing close to a question of $(basename "$s") is caught" \
		python3 tests/check-copies.py "$work/planted" "$s"
	printf -- '---\ntitle: 测试\n---\n\n## 测试问题\n\n也问：甲；%s\n\n回答。\n' "$near" > "$work/planted/faq/zz.md"
	check_not "a 也问 phrasing close to a question of $(basename "$s") is caught" \
		python3 tests/check-copies.py "$work/planted" "$s"
done

# Every FAQ phrasing, asked as written, offers its own entry: askbot index
# warns the clerk of each that does not (2026-12-03: 怎么贷, 已经贷的,
# 自己贷了 were read as other lenders' products, and nine phrasings were
# declined). The default content has none.
"$BIN/askbot" index --site "$work/public" --db "$work/askbot.db" >/dev/null 2>"$work/phrasings.log"
check "askbot index passes the default content" test $? -eq 0
check_not "every FAQ phrasing asked as written offers its own entry" grep -q "/faq/" "$work/phrasings.log"
head -5 "$work/phrasings.log" >&2
# and it warns of the clerk's slip it is there for: an off_topic word the
# FAQ's own phrasings use (a warning: the index is still built)
rm -rf "$work/planted"; cp -r content "$work/planted"
sed -i 's/^off_topic: \[/off_topic: [毕业确认, /' "$work/planted/synonyms.yaml"
# and a 也问 the bot reads as another entry's (it was in the FAQ until 2026-12-03)
sed -i 's/^也问：为啥一定要按时还；/也问：不还会怎样；/' "$work/planted/faq/fangzha.md"
"$BIN/sitegen" build --content "$work/planted" --no-index --out "$work/planted-public" >/dev/null 2>&1
"$BIN/askbot" index --site "$work/planted-public" --db "$work/planted.db" >/dev/null 2>"$work/planted.log"
check "a phrasing the bot declines still builds the index" test $? -eq 0
check "a phrasing the bot declines is named, with its page" grep -q "毕业确认的入口.*/faq/biye/" "$work/planted.log"
check "a phrasing that brings up another entry is named" grep -q "不还会怎样.*/faq/fangzha/" "$work/planted.log"
check_not "a phrasing that reaches its entry is not named" grep -q "/faq/edu/" "$work/planted.log"
"$BIN/askbot" index --no-check --site "$work/planted-public" --db "$work/planted.db" >/dev/null 2>"$work/nocheck.log"
check_not "--no-check asks nothing" grep -q "/faq/" "$work/nocheck.log"

finish
