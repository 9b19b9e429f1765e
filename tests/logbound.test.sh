#!/usr/bin/env bash
# The question log stays bounded and never stops the answers: at most
# --log-max distinct declined questions, each row with the day it was last
# asked, old and rare rows making room; the WAL folded back when questions
# stop; an old log (rows without a day) migrated and still reported; a full
# disk and a read-only folder reported once on stderr and in /healthz while
# every question is answered, and logging resumes when the disk has room.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
work=$(mktemp -d)
pids=() mounts=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null
	for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
	rm -rf "$work"
}
trap cleanup EXIT
# The servers speak Chinese, as under make run: their log messages are
# checked below as the operator reads them.
serve() { # port log [flags...]
	local p=$1 log=$2; shift 2
	LC_ALL= LANG=zh_CN.UTF-8 LANGUAGE= "$BIN/askbot" serve --site "$work/public" --db "$work/askbot.db" --listen 127.0.0.1:$p \
		--log "$log" --rate-limit 0 --quiet "$@" >/dev/null 2>>"$work/serve-$p.err" &
	pids+=($!)
	wait_up $p
}
# ask PORT PREFIX N: N distinct declined questions; prints how many got a 200 answer
ask() {
	python3 - "$@" <<'PY'
import http.client, sys, urllib.parse
port, prefix, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
ok = 0
for i in range(n):
    c.request("GET", "/api/ask?q=" + urllib.parse.quote("%s花呗第%d号怎么开通" % (prefix, i)))
    r = c.getresponse(); r.read()
    ok += r.status == 200
print(ok)
PY
}
health_log() { curl -s "http://127.0.0.1:$1/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("log", "?"))'; }
rows() { sqlite3 "$1" "SELECT count(*) FROM declined"; }

site_and_index "$work/public" "$work/askbot.db" --content tests/fixtures/mini
today=$(date -u +%F)

# ---- the cap, the day, old and rare rows make room -----------------------------
# seeded: a question asked 50 times 400 days ago, one asked 3 times today
mkdir -p "$work/var"
sqlite3 "$work/var/cap.db" "CREATE TABLE declined(question TEXT PRIMARY KEY, n INTEGER NOT NULL,
	day TEXT NOT NULL DEFAULT (date('now'))) WITHOUT ROWID;
	CREATE TABLE answered(entry TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
	INSERT INTO declined VALUES ('很久以前常问', 50, date('now', '-400 days'));
	INSERT INTO declined VALUES ('今天常问', 3, date('now'));"
P=$(free_port)
serve $P "$work/var/cap.db" --log-max 50
got=$(ask $P 甲 300)
check "300 declined questions answered (${got:-0})" test "${got:-0}" -eq 300
sleep 1.5
n=$(rows "$work/var/cap.db")
check "no more than --log-max 50 distinct questions kept ($n)" test "$n" -le 50
check "and the log is not empty" test "$n" -ge 10
check "rows carry the day they were last asked" \
	bash -c "test \$(sqlite3 '$work/var/cap.db' \"SELECT count(*) FROM declined WHERE day = '$today'\") -eq $n"
check "a question asked often lately stays" \
	bash -c "sqlite3 '$work/var/cap.db' \"SELECT n FROM declined WHERE question = '今天常问'\" | grep -qx 3"
check_not "an old question, however often asked then, made room" \
	bash -c "sqlite3 '$work/var/cap.db' \"SELECT 1 FROM declined WHERE question = '很久以前常问'\" | grep -q 1"
# ---- the WAL is folded back when questions stop (server still running) ----------
sleep 1.5
wal=$(stat -c %s "$work/var/cap.db-wal" 2>/dev/null || echo missing)
check "the WAL is checkpointed and truncated once questions stop (size $wal)" test "$wal" = 0
kill "${pids[-1]}"

# ---- an old log: rows without a day ---------------------------------------------------
sqlite3 "$work/var/old.db" "CREATE TABLE declined(question TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
	CREATE TABLE answered(entry TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
	INSERT INTO declined VALUES ('旧日志里的问题', 7);
	INSERT INTO answered VALUES ('faq/money/#x', 2);"
check "askbot report reads an old log" bash -c "'$BIN/askbot' report --log '$work/var/old.db' | grep -q 旧日志里的问题"
P=$(free_port)
serve $P "$work/var/old.db"
ask $P 乙 5 >/dev/null
sleep 1.5
check "the server logs into an old log (migrated)" \
	bash -c "test \$(sqlite3 '$work/var/old.db' \"SELECT count(*) FROM declined WHERE question LIKE '乙%'\") -eq 5"
check "its old rows are kept, with a day" \
	bash -c "sqlite3 '$work/var/old.db' \"SELECT n, day FROM declined WHERE question = '旧日志里的问题'\" | grep -qx '7|$today'"
check "askbot report reads the migrated log" \
	bash -c "'$BIN/askbot' report --log '$work/var/old.db' | grep -q '旧日志里的问题'"
check_not "the server reported no log problem" grep -q "问题日志" "$work/serve-$P.err"
kill "${pids[-1]}"

# ---- a full disk --------------------------------------------------------------------------
mkdir -p "$work/small"
P=$(free_port)
if mount -t tmpfs -o size=512k tmpfs "$work/small" 2>/dev/null; then
	mounts+=("$work/small")
	serve $P "$work/small/var/q.db"
	ask $P 丙 3 >/dev/null; sleep 1.5
	# fill what is left
	dd if=/dev/zero of="$work/small/filler" bs=4k 2>/dev/null
	free_up() { rm -f "$work/small/filler"; }
	how="a full 512 KB tmpfs"
else
	# not root: a file-size limit on the server process instead, lifted with prlimit
	(ulimit -f 64; LC_ALL= LANG=zh_CN.UTF-8 LANGUAGE= exec "$BIN/askbot" serve --site "$work/public" --db "$work/askbot.db" \
		--listen 127.0.0.1:$P --log "$work/var/q.db" --rate-limit 0 --quiet \
		>/dev/null 2>>"$work/serve-$P.err") &
	pids+=($!)
	wait_up $P
	free_up() { prlimit --pid "${pids[-1]}" --fsize=unlimited; }
	how="a 64 KB file-size limit"
fi
got=$(ask $P 丁 400)
check "with $how: all 400 questions answered (${got:-0})" test "${got:-0}" -eq 400
sleep 2.5
got=$(ask $P 戊 100)
sleep 1.5
check "with $how: all 100 questions after the failure answered (${got:-0})" test "${got:-0}" -eq 100
check "the failure is reported on stderr" grep -q "问题日志写不进去" "$work/serve-$P.err"
check "exactly once" test "$(grep -c "问题日志写不进去" "$work/serve-$P.err")" -eq 1
check "and in /healthz" bash -c "health_log() { curl -s 'http://127.0.0.1:$P/healthz'; }; health_log | grep -q '\"log\":\"failing\"'"
free_up
ask $P 己 3 >/dev/null
sleep 1.5
ask $P 庚 3 >/dev/null
sleep 1.5
db=$(ls "$work"/small/var/q.db "$work"/var/q.db 2>/dev/null | head -n 1)
check "logging resumes once the disk has room" \
	bash -c "test \$(sqlite3 '$db' \"SELECT count(*) FROM declined WHERE question LIKE '庚%'\") -eq 3"
check "the recovery is reported" grep -q "问题日志又能写了" "$work/serve-$P.err"
check "/healthz says the log is fine again" bash -c "curl -s 'http://127.0.0.1:$P/healthz' | grep -q '\"log\":\"ok\"'"
kill "${pids[-1]}"

# ---- a read-only folder (root: a tmpfs remounted read-only) ----------------------------
mkdir -p "$work/ro"
if mount -t tmpfs -o size=4m tmpfs "$work/ro" 2>/dev/null; then
	mounts+=("$work/ro")
	mkdir -p "$work/ro/var"
	mount -o remount,ro "$work/ro"
	P=$(free_port)
	serve $P "$work/ro/var/q.db"
	check "the server starts with its log folder read-only" curl -sf "http://127.0.0.1:$P/healthz"
	got=$(ask $P 辛 20)
	check "and answers every question (${got:-0})" test "${got:-0}" -eq 20
	sleep 1.5
	check "the read-only folder is reported once" test "$(grep -c "问题日志写不进去" "$work/serve-$P.err")" -eq 1
	check "and in /healthz" bash -c "curl -s 'http://127.0.0.1:$P/healthz' | grep -q '\"log\":\"failing\"'"
	mount -o remount,rw "$work/ro"
	ask $P 壬 3 >/dev/null
	sleep 1.5
	check "logging starts when the folder becomes writable" \
		bash -c "test \$(sqlite3 '$work/ro/var/q.db' \"SELECT count(*) FROM declined WHERE question LIKE '壬%'\") -eq 3"
	kill "${pids[-1]}"
else
	# not root: a folder without write permission does the same
	mkdir -p "$work/ro/var"; chmod 555 "$work/ro/var"
	P=$(free_port)
	serve $P "$work/ro/var/q.db"
	got=$(ask $P 辛 20)
	check "with a read-only log folder every question is answered (${got:-0})" test "${got:-0}" -eq 20
	sleep 1.5
	check "the read-only folder is reported once" test "$(grep -c "问题日志写不进去" "$work/serve-$P.err")" -eq 1
	chmod 755 "$work/ro/var"
	ask $P 壬 3 >/dev/null
	sleep 1.5
	check "logging starts when the folder becomes writable" \
		bash -c "test \$(sqlite3 '$work/ro/var/q.db' \"SELECT count(*) FROM declined WHERE question LIKE '壬%'\") -eq 3"
	kill "${pids[-1]}"
fi
finish
