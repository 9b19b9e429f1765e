#!/usr/bin/env bash
# askbot report: questions asked through the server and feedback posted to
# it, plus two earlier days written into the same tables, then the grouped
# Chinese report (text) and the --html page (self-contained; in headless
# Chromium its numbers are checked against the log and it is screenshot).
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
use_servers
PORT=$(free_port)
B=http://127.0.0.1:$PORT
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

site_and_index "$work/public" "$work/askbot.db"
"$BIN/askbot" serve --site "$work/public" --db "$work/askbot.db" --listen 127.0.0.1:$PORT \
	--log "$work/log.db" --rate-limit 0 --quiet >/dev/null 2>&1 &
pid=$!
wait_up $PORT

# the same question three ways (a new question), other products, answers
for q in 孩子出国留学能贷款吗 孩子出国留学能贷款吗 出国留学能贷款吗？ 孩子出国留学能不能贷款 \
	花呗怎么还款 花呗怎么还款 信用卡逾期了怎么办 大专能借多少 大专能借多少 续贷家长要到场吗; do
	curl -s -o /dev/null "$B/api/ask?q=$(enc "$q")"
done
close_id=$("$BIN/askbot" ask --db "$work/askbot.db" --json 续贷家长要到场吗 |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["answers"][0]["id"])')
clear_id=$("$BIN/askbot" ask --db "$work/askbot.db" --json 大专能借多少 |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["answers"][0]["id"])')
fb() { curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary "$1" "$B/api/feedback"; }
fb "{\"entry\":\"$close_id\",\"helpful\":true,\"choice\":true,\"q\":\"续贷时家长得去吗\"}"
fb "{\"entry\":\"$close_id\",\"helpful\":true,\"q\":\"续贷家长要到场吗\"}"
fb "{\"entry\":\"$clear_id\",\"helpful\":false,\"q\":\"大专能借多少\"}"
fb "{\"entry\":\"$clear_id\",\"helpful\":false,\"q\":\"大专能借多少\"}"
kill $pid; wait $pid 2>/dev/null; pid=

# two earlier days, in the tables the server made
sqlite3 "$work/log.db" "INSERT INTO daily VALUES
	('2026-06-01','answer','$clear_id',7), ('2026-06-01','decline','',3),
	('2026-06-09','answer','$close_id',4), ('2026-06-09','decline','',1)"
sq() { sqlite3 "$work/log.db" "$1"; }
total=$(sq "SELECT sum(n) FROM daily")
declined=$(sq "SELECT sum(n) FROM daily WHERE kind='decline'")

"$BIN/askbot" report --log "$work/log.db" --db "$work/askbot.db" --site "$work/public" >"$work/r.txt"
check "report exits 0" test $? = 0
r="$work/r.txt"
section() { # the lines of section $1 (一 … 五)
	awk -v h="$1、" 'index($0, h) == 1 {on = 1; next} /^[一二三四五六]、/ {on = 0} on' "$r"
}
check "the span counts every question ($total, $declined declined)" \
	grep -q "共 $total 个问题，其中 $declined 个没答上" "$r"
check "新问题: the three ways of asking are one group of 4" \
	bash -c "grep -q '孩子出国留学能贷款吗（4 次）' <(awk '/^一、/{on=1;next} /^二、/{on=0} on' '$r')"
check "新问题: with the other phrasings" grep -q "同类问法：.*出国留学能贷款吗？.*孩子出国留学能不能贷款\|同类问法：.*孩子出国留学能不能贷款.*出国留学能贷款吗？" "$r"
check "新问题: each says its closest entry" grep -q "最接近的条目：" "$r"
check_not "新问题: 花呗 is not among them" bash -c "awk '/^一、/{on=1;next} /^二、/{on=0} on' '$r' | grep -q 花呗"
check "不归我们管: 花呗 twice" bash -c "awk '/^四、/{on=1;next} /^五、/{on=0} on' '$r' | grep -q '花呗怎么还款（2 次）'"
check "不归我们管: 信用卡" bash -c "awk '/^四、/{on=1;next} /^五、/{on=0} on' '$r' | grep -q 信用卡逾期"
check "可加为“也问”: names the file and the ## entry" \
	grep -q "在 content/faq/xudai.md 的“## 续贷需要本人到县资助中心现场办理吗？”下面" "$r"
line=$(awk '/^二、/{on=1;next} /^三、/{on=0} on' "$r" | sed -nE 's/^ +(也问：.*)$/\1/p' | head -n 1)
check "可加为“也问”: the exact line keeps the old phrasings and adds the new ($line)" \
	bash -c "grep -qx '$line' <<<'也问：续贷要不要去现场；续贷能在网上办吗；续贷家长要到场吗；续贷时家长得去吗'"
check "答错了: the entry, twice" bash -c "awk '/^三、/{on=1;next} /^四、/{on=0} on' '$r' | grep -q '（2 次没帮助）'"
check "答错了: with the question" bash -c "awk '/^三、/{on=1;next} /^四、/{on=0} on' '$r' | grep -q -- '- 大专能借多少（2 次）'"
check "每周情况: June's first week" grep -q "2026年6月1日—6月7日：问题 10 个，没答上 3 个（30%）" "$r"
check "每周情况: June's second week" grep -q "2026年6月8日—6月14日：问题 5 个，没答上 1 个（20%）" "$r"
check "每周情况: the most asked entry of the week" grep -q "6月1日—6月7日.*问得最多：全日制本专科学生的年度贷款上限是多少？（7）" "$r"
check "问得最多的条目: all days together" grep -qE "^ +9  全日制本专科学生的年度贷款上限是多少？" "$r"
check "the report is in Chinese (no English headings)" bash -c "! grep -qi 'most\|declined\|none' '$r'"

"$BIN/askbot" report --log "$work/log.db" --db "$work/askbot.db" --site "$work/public" \
	--html "$work/report.html" >/dev/null
check "--html writes the page" test -s "$work/report.html"
check_not "the page asks nothing of any other address" grep -qE '(src|href)="(https?:)?//|<script|<link|@import|url\(' "$work/report.html"
check "the page has the charts inline" grep -q '<svg class="chart" data-chart="questions"' "$work/report.html"
check "the page carries the exact 也问 line" grep -qF "$line" "$work/report.html"
check "a missing log is an error" bash -c "! '$BIN/askbot' report --log '$work/none/log.db' --db '$work/askbot.db' --site '$work/public'"
check "a bad option is a usage error" bash -c "'$BIN/askbot' report --nope 2>/dev/null; test \$? = 2"

if [ -d tests/browser/node_modules/playwright-core ] && command -v chromium >/dev/null; then
	mkdir -p tests/artifacts
	sq "SELECT day, sum(n), sum(CASE WHEN kind='decline' THEN n ELSE 0 END) FROM daily GROUP BY day ORDER BY day" \
		>"$work/days.txt"
	timeout 60 node tests/browser/report.test.js "$work/report.html" "$work/days.txt" "$total" "$declined" \
		tests/artifacts >"$work/node.log" 2>&1
	rc=$?
	cat "$work/node.log" | grep '^FAIL' >&2
	p=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p' "$work/node.log")
	f=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p' "$work/node.log")
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1}))
	[ $rc -ne 0 ] && [ "${f:-1}" -eq 0 ] && not_ok "report.test.js exited $rc"
else
	not_ok "chromium and playwright-core are needed for the HTML report check"
fi
finish
