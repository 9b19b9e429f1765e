#!/usr/bin/env bash
# The site in headless Chromium: the widget, feedback and the no-JavaScript
# answer page on the demo site served by askbot serve (widget.test.js);
# axe-core on every page template at 390 px and 1280 px (axe.test.js); the
# same site on a plain static host with no bot server (static.test.js).
# Screenshots: tests/artifacts/.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
need_browser
if [ ! -d tests/browser/node_modules/axe-core ]; then
	(cd tests/browser && npm ci --no-audit --no-fund --silent) || { not_ok "npm ci (axe-core)"; finish; exit; }
fi
use_servers
mkdir -p tests/artifacts
PORT=$(free_port)
site_and_index "$work/public" "$work/askbot.db" --base-url "http://127.0.0.1:$PORT/"
"$BIN/askbot" serve --site "$work/public" --db "$work/askbot.db" --listen 127.0.0.1:$PORT \
	--log "$work/log.db" --quiet >/dev/null 2>&1 &
pid=$!
wait_up $PORT

# each node script prints "N passed, N failed"; add them up
node_run() { # name, timeout, script args...
	local name=$1 t=$2; shift 2
	timeout "$t" node "$@" >"$work/$name.log" 2>&1
	local rc=$? line p f
	grep -v '^ok ' "$work/$name.log" | sed "s/^/$name: /"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/$name.log" | tail -n 1)
	p=${line%% passed*}; f=${line#*, }; f=${f%% failed}
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
	if [ -z "$line" ] || { [ $rc -ne 0 ] && [ "${f:-0}" -eq 0 ]; }; then not_ok "$name exited $rc"; fi
}
node_run widget 180 tests/browser/widget.test.js "http://127.0.0.1:$PORT" tests/artifacts
node_run axe 300 tests/browser/axe.test.js "http://127.0.0.1:$PORT"
kill $pid; wait $pid 2>/dev/null; pid=
# the widget's taps reached the question log
check "the widget's 有帮助 is in the question log" \
	test "$(sqlite3 "$work/log.db" "SELECT sum(n) FROM feedback WHERE verdict IN ('helpful','confirmed')")" -ge 1
check "the no-JavaScript 没帮助 is in the question log" \
	test "$(sqlite3 "$work/log.db" "SELECT sum(n) FROM feedback WHERE verdict='unhelpful'")" -ge 1

# a plain static host: files only, POST /api/ask gets an HTML error page
SPORT=$(free_port)
python3 -m http.server "$SPORT" --bind 127.0.0.1 --directory "$work/public" >/dev/null 2>&1 &
pids+=($!)
wait_up $SPORT /
node_run static 120 tests/browser/static.test.js "http://127.0.0.1:$SPORT" tests/artifacts
finish
