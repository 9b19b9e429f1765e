#!/usr/bin/env bash
# sitegen serve: the live preview in headless Chromium (tests/browser/
# preview.test.js: edit, see the page change; break, see file:line; mend),
# in Chinese as the clerk runs it; then the same error page's words in
# English, which shows they come from the catalogue; and what the preview
# leaves out of a real build and behind it.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
need_browser
use_servers
mkdir -p tests/artifacts
PORT=$(free_port)
cp -r tests/fixtures/mini "$work/content"
export LC_ALL= LANG=zh_CN.UTF-8 LANGUAGE= TMPDIR=$work MINGBAI_WEASYPRINT=
"$BIN/sitegen" serve --content "$work/content" --listen 127.0.0.1:$PORT >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/_preview/status.json" >/dev/null && break; sleep 0.2; done
check "the preview serves the site" curl -sf "http://127.0.0.1:$PORT/guides/repay/"
check "with the bot" bash -c "curl -s 'http://127.0.0.1:$PORT/api/ask?q=%E8%83%BD%E8%B4%B7%E5%A4%9A%E5%B0%91' | grep -q '\"answered\":true'"
timeout 180 node tests/browser/preview.test.js "http://127.0.0.1:$PORT" "$work/content" tests/artifacts >"$work/node.log" 2>&1
check "the browser test passes" test $? -eq 0
grep -E "^(ok|FAIL)" "$work/node.log" | sed 's/^/  /'
p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$work/node.log")
f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$work/node.log")
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
kill "$pid"; wait "$pid" 2>/dev/null; pid=
check "stopping the preview removes its temporary folder" bash -c "! ls -d '$work'/mingbai-preview-* 2>/dev/null"

# Outside a Chinese locale the error page's words are English: they come
# from the catalogue, as the messages do.
LC_ALL=C LANG=C "$BIN/sitegen" serve --content "$work/content" --listen 127.0.0.1:$PORT >"$work/serve-en.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/_preview/status.json" >/dev/null && break; sleep 0.2; done
cp "$work/content/faq/money.md" "$work/money.md"
printf '\n##没有空格\n\n回答。\n' >>"$work/content/faq/money.md"
for _ in $(seq 100); do
	curl -sf "http://127.0.0.1:$PORT/_preview/status.json" >"$work/status.json"
	grep -qF '"ok":false' "$work/status.json" && break
	sleep 0.2
done
kill "$pid"; wait "$pid" 2>/dev/null; pid=
check "in English, status.json gives the error page's words" contains "$work/status.json" \
	'"words":{"title":"Content errors - preview","heading":"The content has errors; the preview was not updated","hint":"Fix them and save: the page reloads by itself."}'
check "and the messages" contains "$work/status.json" "is not a heading"
cp "$work/money.md" "$work/content/faq/money.md"
"$BIN/sitegen" build --content "$work/content" --out "$work/public" --no-index >/dev/null 2>&1
check "the content builds" test $? -eq 0
check_not "a real build carries no preview script" grep -rq "_preview" "$work/public"
finish
