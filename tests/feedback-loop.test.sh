#!/usr/bin/env bash
# The loop the clerk runs, end to end: a parent asks through the server and
# taps feedback in Chromium; askbot report suggests a 也问 line; the line is
# added to a copy of the content as the report says; after a rebuild the
# same question is answered by that entry, and no longer as a close call.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
need_browser
use_servers
mkdir -p tests/artifacts
PORT=$(free_port)
question=续贷家长要到场吗
cp -r content "$work/content"
build() {
	"$BIN/sitegen" build --content "$work/content" --out "$work/public" >"$work/build.log" 2>&1 &&
		"$BIN/askbot" index --site "$work/public" --db "$work/askbot.db" >/dev/null
}
# the first answer's id and question, and its lead over the next page's
reply() { "$BIN/askbot" ask --db "$work/askbot.db" --json "$question" | python3 -c '
import json, sys
r = json.load(sys.stdin)
a = r["answers"]
u = a[0]["url"].split("#")[0]
nxt = [x for x in a[1:] if x["url"].split("#")[0] != u]
lead = 1 if not nxt else round(a[0]["score"] - nxt[0]["score"], 3)
print(a[0]["id"], a[0]["question"], lead, "answered" if r["answered"] else "not-answered", sep="\t")'; }
check "the site builds from a copy of the content" build
IFS=$'\t' read -r entry entry_q lead_before _ <<<"$(reply)"
IFS=$'\t' read -r _ _ _ answered_before <<<"$(reply)"
check "precondition: a close call ($question → $entry_q, lead $lead_before, $answered_before)" \
	python3 -c "import sys; sys.exit(not ($lead_before < 0.1 or '$answered_before' == 'not-answered'))"

"$BIN/askbot" serve --site "$work/public" --db "$work/askbot.db" --listen 127.0.0.1:$PORT \
	--log "$work/log.db" --quiet >/dev/null 2>&1 &
pid=$!
wait_up $PORT
timeout 90 node tests/browser/loop.test.js "http://127.0.0.1:$PORT" "$question" "$entry_q" tests/artifacts \
	>"$work/node.log" 2>&1
grep '^FAIL' "$work/node.log" >&2
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/node.log")
p=${line%% passed*}; f=${line#*, }; f=${f%% failed}
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1}))
kill $pid; wait $pid 2>/dev/null; pid=

"$BIN/askbot" report --log "$work/log.db" --db "$work/askbot.db" --site "$work/public" >"$work/report.txt"
# section 二: "在 FILE 的“## HEADING”下面，…" and the line to write
where=$(awk '/^二、/{on=1;next} /^三、/{on=0} on' "$work/report.txt" | grep -m1 '在 content/faq/')
alt=$(awk '/^二、/{on=1;next} /^三、/{on=0} on' "$work/report.txt" | sed -nE 's/^ +(也问：.*)$/\1/p' | head -n 1)
file=$(sed -E 's/.*在 content\/(faq\/[^ ]+\.md) 的.*/\1/' <<<"$where")
heading=$(sed -E 's/.*的“## (.*)”下面.*/\1/' <<<"$where")
check "the report suggests a 也问 line for $entry_q" test "$heading" = "$entry_q"
check "the line holds the parent's question" grep -qF "$question" <<<"$alt"

# do what the report says, in the copy
python3 - "$work/content/$file" "$heading" "$alt" <<'PY'
import sys
path, heading, alt = sys.argv[1:]
lines = open(path, encoding="utf-8").read().split("\n")
i = lines.index("## " + heading)
j = i + 1
while j < len(lines) and not lines[j].strip():
    j += 1
if lines[j].startswith("也问："):
    lines[j] = alt
else:
    lines[i + 1:i + 1] = [alt]
open(path, "w", encoding="utf-8").write("\n".join(lines))
PY
check "the content with the new line builds" build
IFS=$'\t' read -r entry_after _ lead_after answered <<<"$(reply)"
check "the same question is answered by that entry ($entry_after)" test "$entry_after" = "$entry" -a "$answered" = answered
check "and no longer as a close call (lead $lead_before → $lead_after)" \
	python3 -c "import sys; sys.exit(not $lead_after >= 0.1)"
finish
