#!/usr/bin/env bash
# The question log keeps no ID, phone or card number, in any form a parent
# types: a 6-digit run, full-width digits, groups with spaces or dashes, an
# ID number ending in X. Checked in the log database itself (sqlite3) and in
# every file the server writes (the database, its WAL and shared-memory
# files, the request log on stderr), while the server runs and after it stops.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
use_servers

site_and_index "$work/public" "$work/askbot.db" --content tests/fixtures/mini
P=$(free_port)
"$BIN/askbot" serve --site "$work/public" --db "$work/askbot.db" --listen 127.0.0.1:$P \
	--log "$work/var/querylog.db" --rate-limit 0 2>"$work/var-stderr.log" >/dev/null &
pid=$!
wait_up $P

# Each number as typed, and its digits (ASCII): one python process asks
# every question three ways (GET and POST /api/ask, the /ask/ page).
cat > "$work/numbers.txt" <<'NUM'
123456
１３８１２３４５６７８
4101 2319 9001 0112 34
138-1234-5678
138 - 1234 - 5678
138　1234　5678
11010119900307123X
11010119900307123x
11010119900307123Ｘ
110101199003071234
130503800101123
6222021234567890123
6222 0212 3456 7890 123
4367421234567890
NUM
asked=$(python3 - "$P" "$work/numbers.txt" <<'PY'
import http.client, json, sys, urllib.parse
port, numbers = int(sys.argv[1]), open(sys.argv[2], encoding="utf-8").read().splitlines()
c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
n = 0
for typed in numbers:
    for q in ["花呗%s怎么开通" % typed, "%s是我的号码，四六级怎么报名" % typed, "我的号码是%s" % typed]:
        for method, path, body in [("GET", "/api/ask?q=" + urllib.parse.quote(q), None),
                                   ("POST", "/api/ask", json.dumps({"q": q})),
                                   ("GET", "/ask/?q=" + urllib.parse.quote(q), None)]:
            c.request(method, path, body, {"Content-Type": "application/json"} if body else {})
            c.getresponse().read()
            n += 1
print(n)
PY
)
sleep 1.5 # the log is written once a second

# Every file the server wrote, searched for each number in the forms it
# could take there: as typed, its ASCII digits, full-width digits, and the
# first and last 6 digits (any 6 in a row is already too many).
scan() { # label
	python3 - "$1" "$work/numbers.txt" "$work/var" "$work/var-stderr.log" <<'PY'
import os, sys
label, numbers, var, err = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
files = [os.path.join(d, f) for d, _, fs in os.walk(var) for f in fs] + [err]
print("scanning", files)
leaks = 0
for typed in open(numbers, encoding="utf-8").read().splitlines():
    digits = "".join(str(int(ch)) for ch in typed if ch.isdigit())
    forms = {typed, digits, digits[:6], digits[-6:], digits[:6].translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})}
    for f in files:
        data = open(f, "rb").read()
        for form in forms:
            if form.encode() in data:
                print("LEAK (%s): %r in %s" % (label, form, f), file=sys.stderr)
                leaks += 1
sys.exit(1 if leaks else 0)
PY
}
db_digits() { # any 6 digits (ASCII or full-width) in a row in what the database holds
	sqlite3 "$work/var/querylog.db" "SELECT question FROM declined" |
		python3 -c 'import re,sys; t=sys.stdin.read(); m=re.findall(r"[0-9０-９]{6,}", t); print(m); sys.exit(1 if m else 0)'
}

check "the server logged the declined questions (＊＊＊ in place of the numbers)" \
	bash -c "test \$(sqlite3 '$work/var/querylog.db' \"SELECT sum(n) FROM declined WHERE question LIKE '%＊＊＊%'\") -ge 60"
check "a WAL file exists while the server runs (and is scanned)" bash -c "ls '$work/var/' | grep -q -- '-wal'"
check "no 6-digit run in the log database's rows" db_digits
check "no number in any file the server wrote, while it runs" scan running
kill -TERM $pid; wait $pid 2>/dev/null; pid=
check "no 6-digit run in the rows after a stop" db_digits
check "no number in any file the server wrote, after it stopped" scan stopped
check "${asked:-0} requests made" test "${asked:-0}" -ge 90
finish
