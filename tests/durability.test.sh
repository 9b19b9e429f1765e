#!/usr/bin/env bash
# Nothing lost, nothing leaked: the site rebuilt and the index reloaded while
# wrk loads the server (no failed or non-2xx answer); the server killed with
# SIGKILL while it logs (the log database opens clean); questions holding ID,
# phone and bank-card numbers leave no trace in any file the server wrote.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill -9 $p 2>/dev/null; done; rm -rf "$work"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 50); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.1; done; return 1; }

"$BIN/sitegen" build --content tests/fixtures/mini --out "$work/public" >/dev/null 2>&1
"$BIN/askbot" index --site "$work/public" --db "$work/var/askbot.db" >/dev/null

# ---- reload under load ---------------------------------------------------------
P=$(port)
"$BIN/askbot" serve --site "$work/public" --db "$work/var/askbot.db" --listen 127.0.0.1:$P \
	--log "$work/var/log.db" --rate-limit 0 --quiet >/dev/null 2>"$work/serve.err" &
pids+=($!); S=$!
wait_up $P
cat > "$work/q.lua" <<'LUA'
paths = {"/api/ask?q=%E8%83%BD%E8%B4%B7%E5%A4%9A%E5%B0%91%E9%92%B1", "/api/ask?q=%E8%BF%98%E9%92%B1",
         "/", "/guides/repay/", "/api/ask?q=%E4%BB%8A%E5%A4%A9%E5%A4%A9%E6%B0%94"}
i = 0
request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
LUA
wrk -t2 -c32 -d6s -s "$work/q.lua" "http://127.0.0.1:$P" > "$work/wrk.txt" 2>&1 &
wpid=$!
for round in 1 2 3; do
	sleep 1
	"$BIN/sitegen" build --content tests/fixtures/mini --out "$work/public" >/dev/null 2>&1
	"$BIN/askbot" index --site "$work/public" --db "$work/var/askbot.db" >/dev/null
	kill -HUP $S
done
wait $wpid
reqs=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
check "wrk ran ($reqs requests)" test "${reqs:-0}" -gt 100
check_not "no non-2xx answers during rebuild and reload" grep -q "Non-2xx" "$work/wrk.txt"
check_not "no failed requests during rebuild and reload" grep -q "Socket errors" "$work/wrk.txt"
check "reloads happened" grep -q "reloaded" "$work/serve.err"
kill $S; wait $S 2>/dev/null

# ---- SIGKILL while logging -----------------------------------------------------------
P=$(port)
"$BIN/askbot" serve --site "$work/public" --db "$work/var/askbot.db" --listen 127.0.0.1:$P \
	--log "$work/var/kill.db" --rate-limit 0 --quiet >/dev/null 2>&1 &
pids+=($!); S=$!
wait_up $P
for i in $(seq 400); do curl -s "http://127.0.0.1:$P/api/ask?q=%E6%97%A0%E5%85%B3%E9%97%AE%E9%A2%98$i" >/dev/null & done
sleep 1.2
kill -9 $S
wait 2>/dev/null
check "log database opens clean after SIGKILL" bash -c "sqlite3 '$work/var/kill.db' 'PRAGMA integrity_check' | grep -qx ok"
check "and the report still reads it" "$BIN/askbot" report --log "$work/var/kill.db"

# ---- privacy ---------------------------------------------------------------------------------
P=$(port)
"$BIN/askbot" serve --site "$work/public" --db "$work/var/askbot.db" --listen 127.0.0.1:$P \
	--log "$work/var/privacy.db" --rate-limit 0 2>"$work/privacy.err" >/dev/null &
pids+=($!); S=$!
wait_up $P
secrets="110101199003071234 11010119900307123X 130503800101123 13812345678 6222021234567890123 4367421234567890"
asked=0
for s in $secrets; do
	for q in "我的身份证号是${s}能贷多少" "${s}怎么查四六级" "手机${s:0:4} ${s:4:4} ${s:8}还款日" "卡号${s}-${s:0:3}"; do
		enc=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q")
		curl -s "http://127.0.0.1:$P/api/ask?q=$enc" >/dev/null
		curl -s -X POST -H 'Content-Type: application/json' \
			-d "$(python3 -c 'import json,sys; print(json.dumps({"q": sys.argv[1]}))' "$q")" \
			"http://127.0.0.1:$P/api/ask" >/dev/null
		curl -s "http://127.0.0.1:$P/ask/?q=$enc" >/dev/null
		asked=$((asked + 3))
	done
done
curl -s "http://127.0.0.1:$P/api/ask?q=%E8%8A%B1%E5%91%97%E6%80%8E%E4%B9%88%E5%BC%80" >/dev/null
sleep 1.3
kill $S; wait $S 2>/dev/null
check "$asked questions with personal numbers asked" test $asked -gt 50
check "the server did log (declined questions are there)" bash -c "sqlite3 '$work/var/privacy.db' 'SELECT count(*) FROM declined' | grep -qv '^0$'"
leaks=0
while IFS= read -r -d '' f; do
	for s in $secrets ${secrets// /}; do
		for form in "$s" "${s:0:4} ${s:4:4}"; do
			if grep -aqF -- "$form" "$f" 2>/dev/null; then echo "LEAK: $form in $f" >&2; leaks=$((leaks + 1)); fi
		done
	done
	# and as the database itself sees it
	case $f in *privacy.db) sqlite3 "$f" .dump 2>/dev/null | grep -qE '[0-9]{6}' && { echo "LEAK: digit run in $f" >&2; leaks=$((leaks + 1)); } ;; esac
done < <(find "$work/var" -name 'privacy.db*' -type f -print0; printf '%s\0' "$work/privacy.err")
check "no ID, phone or card number in any file the server wrote" test $leaks -eq 0
check_not "no client address in the log database" bash -c "sqlite3 '$work/var/privacy.db' .dump | grep -q '127.0.0.1'"
finish
