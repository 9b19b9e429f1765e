#!/usr/bin/env bash
# The bot engine on a small site: index, the JSON shape of ask --json, the
# decision between answering and declining, traditional characters, a
# rebuilt index replacing the old one, and clear errors.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$BIN/sitegen" build --content tests/fixtures/mini --out "$work/public" >/dev/null 2>&1
"$BIN/askbot" index --site "$work/public" --db "$work/var/askbot.db" >"$work/log" 2>&1
check "index builds" grep -q "^indexed [0-9]* entries" "$work/log"
ask() { "$BIN/askbot" ask --db "$work/var/askbot.db" --json "$1"; }

ask "能贷多少钱" > "$work/a.json"
check "ask --json has exactly the documented shape" python3 - "$work/a.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert set(r) == {"query", "answered", "kind", "answers", "fallback"}, r.keys()
assert r["query"] == "能贷多少钱"
assert r["kind"] == ("answer" if r["answered"] else "did_you_mean"), r["kind"]
assert isinstance(r["answered"], bool) and isinstance(r["fallback"], str)
assert 1 <= len(r["answers"]) <= 3
for a in r["answers"]:
    assert set(a) == {"id", "question", "text", "url", "score"}, a.keys()
    assert isinstance(a["score"], float)
PY
check "an in-scope question is answered from the right entry" python3 -c "
import json; r = json.load(open('$work/a.json'))
assert r['answered'] and r['answers'][0]['url'] == '/faq/money/#能贷多少' and '20000' in r['answers'][0]['text']"

ask "今天天气怎么样" > "$work/b.json"
check "an out-of-scope question is declined with the hotline" python3 -c "
import json; r = json.load(open('$work/b.json'))
assert not r['answered'] and '12345' in r['fallback'], r"
ask "貸款能貸多少錢" > "$work/c.json"
ask "贷款能贷多少钱" > "$work/c2.json"
check "traditional characters find the same answer" python3 -c "
import json; r = json.load(open('$work/c.json')); s = json.load(open('$work/c2.json'))
assert r['answers'][0]['url'] == '/faq/money/#能贷多少', r
assert (r['kind'], r['answers'][0]['score']) == (s['kind'], s['answers'][0]['score']), (r, s)"
ask "请问还钱" > "$work/d.json"
check "synonyms from synonyms.yaml reach the bot (还钱 → 还款)" python3 -c "
import json; r = json.load(open('$work/d.json'))
assert r['answers'] and r['answers'][0]['url'].startswith('/guides/repay/'), r"
"$BIN/askbot" ask --db "$work/var/askbot.db" "能贷多少钱" > "$work/plain.txt"
check "plain answer for the hotline operator has the URL" grep -q "出处：/faq/money/#能贷多少" "$work/plain.txt"

check_not "a missing index is an error" "$BIN/askbot" ask --db "$work/nope.db" "x"
check_not "invalid UTF-8 is an error" "$BIN/askbot" ask --db "$work/var/askbot.db" $'\xff\xfe'
check_not "index without search.json fails" "$BIN/askbot" index --site "$work/nowhere" --db "$work/var/x.db"
check "and leaves no half-built file" bash -c "! ls '$work'/var/x.db* 2>/dev/null | grep -q ."
before=$(stat -c %i "$work/var/askbot.db")
"$BIN/askbot" index --site "$work/public" --db "$work/var/askbot.db" >/dev/null 2>&1
check "a rebuilt index is renamed into place (new file)" test "$(stat -c %i "$work/var/askbot.db")" != "$before"

printf '能贷多少？\t20000\n今天天气怎么样\t-\n' > "$work/set.tsv"
"$BIN/askbot" eval --db "$work/var/askbot.db" "$work/set.tsv" > "$work/eval.log"
check "eval prints the rates" grep -q "top-1 100.0% (1/1), top-3 100.0%, in-scope declined 0.0%, out-of-scope declined 100.0% (1/1, did-you-mean 0), confident answers right 100.0% (1/1)" "$work/eval.log"
# a did-you-mean to a question the bot should decline is a miss, not a
# decline: on this site 钱 alone gets a did-you-mean (a precondition)
ask "钱" > "$work/dym.json"
check "precondition: 钱 gets a did-you-mean" python3 -c "
import json; r = json.load(open('$work/dym.json'))
assert r['kind'] == 'did_you_mean' and not r['answered'], r"
# a question that names the loan is ours even where the pages' words fall
# short: choices and the hotline, not "not our topic"; the same words
# without the name are declined
ask "助学贷款的钱打给谁还不清楚" > "$work/named.json"
ask "贷款的钱打给谁还不清楚" > "$work/unnamed.json"
check "a question naming the loan gets choices where one that does not is declined" python3 -c "
import json
n = json.load(open('$work/named.json')); u = json.load(open('$work/unnamed.json'))
assert u['kind'] == 'decline', u
assert n['kind'] == 'did_you_mean' and n['answers'][0]['url'] == '/faq/money/#钱打给谁', n"
printf '今天天气怎么样\t-\n钱\t-\n' > "$work/oos.tsv"
"$BIN/askbot" eval --db "$work/var/askbot.db" "$work/oos.tsv" > "$work/oos.log"
check "eval counts a did-you-mean to an out-of-scope question as no decline" \
	grep -q "out-of-scope declined 50.0% (1/2, did-you-mean 1)" "$work/oos.log"
"$BIN/askbot" eval --db "$work/var/askbot.db" --baseline trigram "$work/set.tsv" > "$work/base.log"
check "eval runs a baseline" grep -q "baseline trigram: top-1" "$work/base.log"
"$BIN/askbot" eval --db "$work/var/askbot.db" --features "$work/feat.jsonl" "$work/set.tsv" > /dev/null
check "eval --features writes each question's candidates with their features" python3 -c "
import json; rows = [json.loads(l) for l in open('$work/feat.jsonl')]
assert len(rows) == 2 and rows[0]['in'] and not rows[1]['in'], rows
c = rows[0]['cands'][0]
assert c['right'] and set(c['f']) >= {'cov', 'fit', 'head', 'bm25', 'faq', 'asks', 'miss'}, c"
"$BIN/askbot" eval --db "$work/var/askbot.db" --unreached "$work/set.tsv" > "$work/unr.log"
check "unreached FAQ entries are listed per category" grep -q "entries reached" "$work/unr.log"
printf '最多借多少\t20000元\n' > "$work/space.tsv"
"$BIN/askbot" eval --db "$work/var/askbot.db" "$work/space.tsv" > "$work/space.log"
check "eval finds a figure written close (20000元) in a page that spaces it (20000 元)" \
	grep -q "top-1 100.0% (1/1)" "$work/space.log"

# an off_topic word the FAQ itself asks about (会不会影响房贷) does not
# decline a question its entry answers whole; it still declines one it does not
cp -r tests/fixtures/mini "$work/off"
cat >> "$work/off/faq/money.md" <<'EOF'

## 贷款逾期对以后买房有影响吗？

也问：会不会影响房贷

逾期会记入征信。
EOF
printf 'off_topic: [房贷]\non_topic: [助学贷款]\n' >> "$work/off/synonyms.yaml"
"$BIN/sitegen" build --content "$work/off" --out "$work/off-public" >/dev/null 2>&1
"$BIN/askbot" index --site "$work/off-public" --db "$work/off.db" >/dev/null 2>&1
"$BIN/askbot" ask --db "$work/off.db" --json "逾期会影响房贷吗" > "$work/off1.json"
check "an off_topic word the best entry asks about is in scope" python3 -c "
import json; r = json.load(open('$work/off1.json'))
assert r['answered'] and '征信' in r['answers'][0]['text'], r"
"$BIN/askbot" ask --db "$work/off.db" --json "房贷能贷多少" > "$work/off2.json"
check "but not when that entry lacks the rest of the question" python3 -c "
import json; r = json.load(open('$work/off2.json'))
assert not r['answered'], r"

# misspellings by sound: a polyphone's other reading (环款 is 还款, 还 being
# huán there), and a pair seen in one entry only (省份正在) is not a word
cp -r tests/fixtures/mini "$work/typo"
cat > "$work/typo/faq/typo.md" <<'EOF'
---
title: 还款
weight: 2
---

## 每年几号还款？

也问：还款日

每年12月20日前还款，带身份证去也行。

## 怎么还款？

还款用支付宝，身份证号要填对。

## 提前还款要申请吗？

提前还款要先申请，带上身份证。

## 在哪里办？

各省份正在推广网上办理。
EOF
"$BIN/sitegen" build --content "$work/typo" --out "$work/typo-public" >/dev/null 2>&1
"$BIN/askbot" index --site "$work/typo-public" --db "$work/typo.db" >/dev/null 2>&1
"$BIN/askbot" ask --db "$work/typo.db" --json "环款日是几号" > "$work/typo1.json"
check "环款 is read as 还款 (还 read huán)" python3 -c "
import json; r = json.load(open('$work/typo1.json'))
assert r['answers'] and '12月20日' in r['answers'][0]['text'], r"
"$BIN/askbot" ask --db "$work/typo.db" --explain "身份正要带吗" > "$work/typo2.json"
check "身份正 is read as 身份证 though 省份正在 holds 份正" python3 -c "
import json; w = json.load(open('$work/typo2.json'))['signals']['words']
assert '身份证' in w or '证' in w, w"

# what the bot says when it declines is the site's (site.yaml bot.replies)
cp -r tests/fixtures/mini "$work/replies"
sed -i 's/^  origins: .*/&\n  replies:\n    decline: 本站答不了，请打{hotline_name}（{hotline}）。/' "$work/replies/site.yaml"
"$BIN/sitegen" build --content "$work/replies" --out "$work/replies-public" >/dev/null 2>&1
"$BIN/askbot" index --site "$work/replies-public" --db "$work/replies.db" >/dev/null 2>&1
"$BIN/askbot" ask --db "$work/replies.db" --json "今天天气怎么样" > "$work/replies.json"
check "a decline says the site's own words, with the hotline filled in" python3 -c "
import json; r = json.load(open('$work/replies.json'))
assert r['kind'] == 'decline' and r['fallback'] == '本站答不了，请打测试热线（12345）。', r"

printf 'no tab here\n' > "$work/bad.tsv"
"$BIN/askbot" eval --db "$work/var/askbot.db" "$work/bad.tsv" > "$work/bad.log" 2>&1
check "a line without a TAB is reported with its number" grep -q "bad.tsv:1:" "$work/bad.log"
finish
