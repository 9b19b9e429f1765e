#!/usr/bin/env bash
# make bench-bot: wrk on loopback, 64 connections, a mix of real questions
# against askbot serve's /api/ask (rate limit off), and in the same run
# against nginx serving the same answers as static files. Reports
# requests/s, p50/p99 latency, their ratio and askbot's peak memory.
# A second askbot run with --no-cache shows the engine without the answer
# cache. A benchmark: it prints figures and passes or fails nothing.
set -eu
cd "$(dirname "$0")/../.."
BIN=${BIN:-bin}
secs=${BENCH_SECONDS:-10}
out=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill $p 2>/dev/null; done; rm -rf "$out"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$BIN/sitegen" build --out "$out/public" >/dev/null
"$BIN/askbot" index --site "$out/public" --db "$out/askbot.db" >/dev/null
A=$(port); N=$(port)
"$BIN/askbot" serve --site "$out/public" --db "$out/askbot.db" --listen 127.0.0.1:$A \
	--log "$out/log.db" --rate-limit 0 --max-per-address 0 --max-fresh-per-address 0 --quiet >/dev/null 2>&1 &
pids+=($!); apid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$A/healthz" >/dev/null && break; sleep 0.1; done

# The questions: both sets, URL-encoded, cycled by a wrk script. nginx gets
# the same mix: askbot's answer to each question saved as a static file,
# asked for in the same order by the same kind of script, so both sides
# send the same bytes and the client does the same work for each.
mkdir -p "$out/nginx/html/q" "$out/nginx/logs"
python3 - "$out" "$A" <<'PY'
import os, sys, urllib.parse, urllib.request
out, port = sys.argv[1], sys.argv[2]
qs = []
for f in ("tests/eval/questions.tsv", os.environ.get("DEV_SET", "../shared/eval/dev-questions.tsv")):
    try:
        qs += [l.split("\t")[0] for l in open(f, encoding="utf-8") if l.strip() and not l.startswith("#")]
    except OSError:
        pass
ask = ["/api/ask?q=%s" % urllib.parse.quote(q) for q in qs]
static = []
total = 0
for i, p in enumerate(ask):
    body = urllib.request.urlopen("http://127.0.0.1:%s%s" % (port, p)).read()
    total += len(body)
    open("%s/nginx/html/q/%d.json" % (out, i), "wb").write(body)
    static.append("/q/%d.json" % i)
def script(name, paths):
    with open("%s/%s.lua" % (out, name), "w") as o:
        o.write("paths = {\n" + ",\n".join('"%s"' % p for p in paths) + "\n}\n")
        o.write("i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n")
script("paths", ask)
script("static", static)
open("%s/size" % out, "w").write(str(total // max(len(ask), 1)))
PY
size=$(cat "$out/size")
cat > "$out/nginx/nginx.conf" <<CONF
worker_processes 2;
error_log $out/nginx/logs/error.log;
pid $out/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$N;
    root $out/nginx/html;
    location / { default_type application/json; }
  }
}
CONF
nginx -p "$out/nginx" -c "$out/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
sleep 0.5

run() { # label url [script]
	local label=$1 url=$2; shift 2
	wrk -t2 -c64 -d"${secs}s" --latency "$@" "$url" > "$out/$label.txt" 2>&1
	local rps p50 p99
	rps=$(awk '/^Requests\/sec/ {print $2}' "$out/$label.txt")
	p50=$(awk '$1 == "50%" {print $2}' "$out/$label.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$out/$label.txt")
	printf '%-8s %12s req/s   p50 %8s   p99 %8s   (%s bytes a reply on average)\n' "$label" "$rps" "$p50" "$p99" "$size"
	echo "$rps" > "$out/$label.rps"
}
run askbot "http://127.0.0.1:$A/" -s "$out/paths.lua"
# the same without the answer cache: every question goes through the engine
U=$(port)
"$BIN/askbot" serve --site "$out/public" --db "$out/askbot.db" --listen 127.0.0.1:$U \
	--log "$out/log2.db" --rate-limit 0 --max-per-address 0 --max-fresh-per-address 0 --quiet --no-cache >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$U/healthz" >/dev/null && break; sleep 0.1; done
run nocache "http://127.0.0.1:$U/" -s "$out/paths.lua"
run nginx "http://127.0.0.1:$N/" -s "$out/static.lua"
awk -v a="$(cat "$out/askbot.rps")" -v n="$(cat "$out/nginx.rps")" \
	'BEGIN { printf "askbot answers %.0f%% of nginx'"'"'s requests/s (target >= 50%%)\n", 100 * a / n }'
echo "askbot peak resident memory: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$apid/status) (target < 50 MB)"
grep -E "Non-2xx|Socket errors" "$out/askbot.txt" || echo "askbot: no errors, all answers 2xx"
