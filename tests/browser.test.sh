#!/usr/bin/env bash
# The widget and the no-JavaScript answer page in headless Chromium, on the
# demo site served by askbot serve. Screenshots: tests/artifacts/.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
if [ ! -d tests/browser/node_modules/playwright-core ] || ! command -v chromium >/dev/null; then
	not_ok "chromium and playwright-core are needed (make test installs them)"; finish; exit
fi
work=$(mktemp -d)
mkdir -p tests/artifacts
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN/sitegen" build --out "$work/public" --base-url "http://127.0.0.1:$PORT/" >/dev/null 2>&1
"$BIN/askbot" index --site "$work/public" --db "$work/askbot.db" >/dev/null
"$BIN/askbot" serve --site "$work/public" --db "$work/askbot.db" --listen 127.0.0.1:$PORT \
	--log "$work/log.db" --quiet >/dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
timeout 120 node tests/browser/widget.test.js "http://127.0.0.1:$PORT" tests/artifacts
