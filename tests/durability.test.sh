#!/usr/bin/env bash
# Nothing lost, nothing leaked: the site rebuilt and the index reloaded while
# wrk loads the server (no failed or non-2xx answer); the server killed with
# SIGKILL while it logs (the log database opens clean). That questions holding
# ID, phone and card numbers leave no trace in any file the server writes is
# tests/privacy.test.sh.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
use_servers KILL

site_and_index "$work/public" "$work/var/askbot.db" --content tests/fixtures/mini

# ---- reload under load ---------------------------------------------------------
P=$(free_port)
# in English whatever the runner's LANG: the check below reads its stderr
LC_ALL=C LANGUAGE= "$BIN/askbot" serve --site "$work/public" --db "$work/var/askbot.db" \
	--listen 127.0.0.1:$P --log "$work/var/log.db" --rate-limit 0 --quiet >/dev/null \
	2>"$work/serve.err" &
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
P=$(free_port)
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

finish
