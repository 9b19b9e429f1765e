#!/usr/bin/env bash
# POST /api/feedback on a running askbot serve: JSON and no-JavaScript form
# posts, 400 on anything malformed, the rate limit, and what the question
# log keeps (masked text only for 没帮助, a picked choice or a close call
# marked 有帮助; no address; every reply counted by day).
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
use_servers

site_and_index "$work/public" "$work/askbot.db"
start() { # rate limit
	PORT=$(free_port)
	"$BIN/askbot" serve --site "$work/public" --db "$work/askbot.db" --listen 127.0.0.1:$PORT \
		--log "$work/log.db" --rate-limit "$1" --quiet >"$work/serve.log" 2>&1 &
	pid=$!
	wait_up $PORT
	B=http://127.0.0.1:$PORT
}
stop() { kill $pid; wait $pid 2>/dev/null; pid=; }
post() { # body -> "STATUS BODY"
	curl -s -o "$work/out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
		--data-binary "$1" "$B/api/feedback"
}
form() { # urlencoded body -> status, headers in $work/hdr
	curl -s -o "$work/out" -D "$work/hdr" -w '%{http_code}' -X POST \
		-H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$1" "$B/api/feedback"
}
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
first_id() { "$BIN/askbot" ask --db "$work/askbot.db" --json "$1" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["answers"][0]["id"])'; }
# the lead of the first answer over the next one on another page
margin() { "$BIN/askbot" ask --db "$work/askbot.db" --json "$1" | python3 -c '
import json, sys
a = json.load(sys.stdin)["answers"]
u = a[0]["url"].split("#")[0]
nxt = [x for x in a[1:] if x["url"].split("#")[0] != u]
print(1 if not nxt else round(a[0]["score"] - nxt[0]["score"], 3))'; }

kind_of() { "$BIN/askbot" ask --db "$work/askbot.db" --json "$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["kind"])'; }

start 0
clear_q=大专能借多少
close_q=续贷家长要到场吗
clear_id=$(first_id "$clear_q")
close_id=$(first_id "$close_q")
check "precondition: $clear_q is answered with a clear lead" \
	python3 -c "import sys; sys.exit(not $(margin "$clear_q") >= 0.1)"
check "precondition: $close_q is a close call (a did-you-mean, or a lead under 0.1)" \
	python3 -c "import sys; sys.exit(not ($(margin "$close_q") < 0.1 or '$(kind_of "$close_q")' == 'did_you_mean'))"

# three questions asked: one answer, one close answer, one decline
for q in "$clear_q" "$close_q" "花呗怎么还款"; do
	curl -s -o /dev/null "$B/api/ask?q=$(enc "$q")"
done

# JSON feedback
check "有帮助 is accepted" test "$(post "{\"entry\":\"$clear_id\",\"helpful\":true,\"q\":\"$clear_q\"}")" = 200
check "the reply is {\"ok\":true}" grep -qx '{"ok":true}' "$work/out"
check "有帮助 on a close call is accepted" \
	test "$(post "{\"entry\":\"$close_id\",\"helpful\":true,\"q\":\"$close_q\"}")" = 200
check "没帮助 with an ID number in the question is accepted" \
	test "$(post "{\"entry\":\"$clear_id\",\"helpful\":false,\"q\":\"我身份证140623199901011234一年能贷多少\"}")" = 200
check "a did-you-mean choice is accepted" \
	test "$(post "{\"entry\":\"$close_id\",\"helpful\":true,\"choice\":true,\"q\":\"续贷的时候要不要家长一起去 电话13812345678\"}")" = 200
check "有帮助 without a question is accepted" test "$(post "{\"entry\":\"$clear_id\",\"helpful\":true}")" = 200

# malformed: 400 each
bad() { # description, body
	check "400: $1" test "$(post "$2")" = 400
}
bad "not JSON" 'entry=1'
bad "not an object" '[1,2]'
bad "no entry" '{"helpful":true}'
bad "entry not a string" '{"entry":5,"helpful":true}'
bad "entry not an entry id" '{"entry":"http://evil/","helpful":true}'
bad "entry with a control byte" '{"entry":"faq/a\u0001b","helpful":true}'
bad "no helpful" "{\"entry\":\"$clear_id\"}"
bad "helpful a string" "{\"entry\":\"$clear_id\",\"helpful\":\"yes\"}"
bad "an unknown field" "{\"entry\":\"$clear_id\",\"helpful\":true,\"name\":\"张三\"}"
bad "q not a string" "{\"entry\":\"$clear_id\",\"helpful\":true,\"q\":1}"
bad "q empty" "{\"entry\":\"$clear_id\",\"helpful\":true,\"q\":\"  \"}"
bad "q over 200 characters" "{\"entry\":\"$clear_id\",\"helpful\":true,\"q\":\"$(printf '贷%.0s' $(seq 201))\"}"
bad "a choice without the question" "{\"entry\":\"$clear_id\",\"helpful\":true,\"choice\":true}"
bad "a duplicate key" "{\"entry\":\"$clear_id\",\"helpful\":true,\"helpful\":false}"
check "GET is 405" test "$(curl -s -o /dev/null -w '%{http_code}' "$B/api/feedback")" = 405

# the no-JavaScript forms
check "form 没帮助: 200" test "$(form "entry=$(enc "$clear_id")&q=$(enc "$clear_q")&helpful=0")" = 200
check "form 没帮助: the page says thanks" grep -q 'fb-thanks' "$work/out"
check "form 没帮助: and gives the hotline" grep -q 'href="tel:' "$work/out"
check "form choice: 303" \
	test "$(form "entry=$(enc "$close_id")&q=$(enc "$close_q")&helpful=1&choice=1&go=$(enc /faq/xudai/)")" = 303
check "form choice: to the chosen answer" grep -qi '^Location: /faq/xudai/' "$work/hdr"
check "form: a bad escape is 400" test "$(form "entry=faq%2&helpful=1")" = 400
check "form: helpful=maybe is 400" test "$(form "entry=$(enc "$clear_id")&helpful=maybe")" = 400
check "form: go to another host is 400" \
	test "$(form "entry=$(enc "$close_id")&q=x&helpful=1&choice=1&go=$(enc //evil.example/)")" = 400

# the answer page carries the forms
curl -s "$B/ask/?q=$(enc "$clear_q")" >"$work/page"
check "the answer page has 有帮助 and 没帮助" grep -q 'name="helpful" value="0"' "$work/page"
check "the answer page's form posts to /api/feedback" grep -q 'action="/api/feedback" method="post"' "$work/page"
check "the form carries the entry" grep -qF "name=\"entry\" value=\"$clear_id\"" "$work/page"
stop

# the rate limit: the same budget as /api/ask
start 1
codes=""
for _ in $(seq 8); do codes="$codes $(post "{\"entry\":\"$clear_id\",\"helpful\":true}")"; done
check "feedback is rate-limited (429 after the burst): $codes" grep -q 429 <<<"$codes"
stop

# what the log keeps
sq() { sqlite3 "$work/log.db" "$1"; }
check "有帮助 on a clear answer keeps no text" \
	test "$(sq "SELECT count(*) FROM feedback WHERE verdict='helpful' AND question<>''")" = 0
check "有帮助 is counted" test "$(sq "SELECT sum(n) FROM feedback WHERE verdict='helpful'")" -ge 2
check "有帮助 on a close call keeps the question (a 也问 candidate)" \
	test "$(sq "SELECT count(*) FROM feedback WHERE verdict='confirmed' AND entry='$close_id' AND question='$close_q'")" = 1
check "没帮助 keeps the question, masked" \
	test "$(sq "SELECT question FROM feedback WHERE verdict='unhelpful' AND question LIKE '我身份证%'")" = "我身份证＊＊＊一年能贷多少"
check "a choice keeps the question, masked" \
	test "$(sq "SELECT count(*) FROM feedback WHERE verdict='choice' AND question='续贷的时候要不要家长一起去 电话＊＊＊'")" = 1
check_not "no run of six digits anywhere in the log" bash -c "sqlite3 '$work/log.db' .dump | grep -E '[0-9]{6}'"
check_not "no address anywhere in the log" bash -c "sqlite3 '$work/log.db' .dump | grep -F '127.0.0.1'"
check "every reply is counted by day (3 asked + the answer page)" \
	test "$(sq "SELECT sum(n) FROM daily")" = 4
check "declines by day" test "$(sq "SELECT sum(n) FROM daily WHERE kind='decline'")" = 1
check "answers by day, by entry" \
	test "$(sq "SELECT sum(n) FROM daily WHERE kind='answer' AND entry='$clear_id'")" = 2
finish
