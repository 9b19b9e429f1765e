#!/usr/bin/env bash
# make soak: askbot serve under a long mixed load, to see that nothing
# drifts. wrk asks a mix of cached, uncached and declined questions from
# 127.0.0.1 (the good clients) in back-to-back segments of SOAK_SEGMENT
# seconds; slow clients on 127.0.0.2 keep connections open, sending a byte a
# second; the site is rebuilt and reindexed, and the server sent SIGHUP,
# every SOAK_RELOAD seconds. Prints per segment the good clients' requests/s,
# p99 latency and non-2xx answers; at the end resident memory at start and
# end, the connections the caps refused or cut, and the question log's rows
# and size against its cap. A benchmark: it reports, it fails nothing.
#
#   SOAK_SECONDS  total length (default 600)
#   SOAK_SEGMENT  wrk segment length (default 10)
#   SOAK_RELOAD   seconds between rebuild + reload (default 30)
#   SOAK_SLOW     slow clients (default 30)
set -u
cd "$(dirname "$0")/../.."
BIN=${BIN:-bin}
SECONDS_TOTAL=${SOAK_SECONDS:-600}
SEGMENT=${SOAK_SEGMENT:-10}
RELOAD=${SOAK_RELOAD:-30}
SLOW=${SOAK_SLOW:-30}
LOG_MAX=10000 # the server's default --log-max
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss() { awk '/^VmRSS/ {print $2 " kB"}' "/proc/$1/status"; }

"$BIN/sitegen" build --out "$work/public" >/dev/null 2>&1 || { echo "soak: sitegen build failed" >&2; exit 1; }
"$BIN/askbot" index --site "$work/public" --db "$work/var/askbot.db" >/dev/null
P=$(port)
"$BIN/askbot" serve --site "$work/public" --db "$work/var/askbot.db" --listen 127.0.0.1:$P \
	--log "$work/var/querylog.db" --rate-limit 0 --quiet >/dev/null 2>"$work/serve.err" &
server=$!; pids+=($server)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$P/healthz" >/dev/null && break; sleep 0.1; done

# the mix: 60% a fixed set of questions (cached after the first ask), 20%
# in-scope questions made unique (never cached), 20% out-of-scope ones made
# unique (declined, each a new row in the question log)
cat > "$work/mix.lua" <<'LUA'
local cached = {"能贷多少钱", "怎么还款", "利息怎么算", "续贷要什么材料", "什么时候申请",
                "研究生能贷吗", "毕业后怎么还", "贷款期限多长"}
local function enc(s) return (s:gsub("[^%w]", function(c) return string.format("%%%02X", c:byte()) end)) end
local n, id = 0, 0
function setup(thread) id = id + 1; thread:set("id", id) end
function request()
  n = n + 1
  local r = n % 10
  local q
  if r < 6 then q = cached[n % #cached + 1]
  elseif r < 8 then q = "第" .. id .. "-" .. n .. "次问：" .. cached[n % #cached + 1]
  else q = "今天天气怎么样" .. id .. "x" .. n end
  return wrk.format("GET", "/api/ask?q=" .. enc(q))
end
LUA

# slow clients: each trickles a request a byte a second from 127.0.0.2 and
# reconnects when the header timeout cuts it
cat > "$work/slow.py" <<'PY'
import socket, sys, threading, time
port, n, until = int(sys.argv[1]), int(sys.argv[2]), time.time() + float(sys.argv[3])
cut = [0]
def one():
    while time.time() < until:
        try:
            s = socket.socket(); s.bind(("127.0.0.2", 0)); s.connect(("127.0.0.1", port))
            for ch in b"GET /api/ask?q=%E5%88%A9%E6%81%AF HTTP/1.1\r\nHost: x\r\n" * 100:
                if time.time() >= until:
                    break
                s.send(bytes([ch])); time.sleep(1)
        except OSError:
            cut[0] += 1
            time.sleep(0.5)
        finally:
            s.close()
th = [threading.Thread(target=one, daemon=True) for _ in range(n)]
[t.start() for t in th]; [t.join() for t in th]
print("slow clients cut off and reconnected: %d" % cut[0])
PY
python3 "$work/slow.py" $P "$SLOW" "$SECONDS_TOTAL" > "$work/slow.out" 2>&1 &
pids+=($!); slow=$!

(
	end=$((SECONDS + SECONDS_TOTAL))
	while [ $SECONDS -lt $((end - RELOAD)) ]; do
		sleep "$RELOAD"
		"$BIN/sitegen" build --out "$work/public" >/dev/null 2>&1
		"$BIN/askbot" index --site "$work/public" --db "$work/var/askbot.db" >/dev/null 2>&1
		kill -HUP $server
	done
) &
pids+=($!)

sleep 1
rss0=$(rss $server)
echo "askbot serve under soak for ${SECONDS_TOTAL}s: wrk -t2 -c16 in ${SEGMENT}s segments, $SLOW slow clients, rebuild + reload every ${RELOAD}s"
printf '%6s %10s %10s %8s\n' "t (s)" "req/s" "p99" "non-2xx"
total_non2xx=0 segments=0
start=$SECONDS
while [ $((SECONDS - start + SEGMENT)) -le "$SECONDS_TOTAL" ]; do
	wrk -t2 -c16 -d"${SEGMENT}s" --latency -s "$work/mix.lua" "http://127.0.0.1:$P" > "$work/wrk.txt" 2>&1
	rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
	non=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
	sock=$(grep -c "Socket errors" "$work/wrk.txt")
	non=${non:-0}
	[ "$sock" -gt 0 ] && non="$non ($(grep 'Socket errors' "$work/wrk.txt" | sed 's/^ *//'))"
	total_non2xx=$((total_non2xx + ${non%% *}))
	segments=$((segments + 1))
	printf '%6d %10s %10s %8s\n' $((SECONDS - start)) "${rps:-?}" "${p99:-?}" "$non"
done
rss1=$(rss $server)
health=$(curl -s "http://127.0.0.1:$P/healthz")
sleep 1.5 # the last flush
rows=$(sqlite3 "$work/var/querylog.db" "SELECT count(*) FROM declined" 2>/dev/null)
size=$(du -k "$work/var/querylog.db"* 2>/dev/null | awk '{s += $1} END {print s " kB"}')
wal=$(stat -c %s "$work/var/querylog.db-wal" 2>/dev/null || echo 0)
echo
echo "segments: $segments; non-2xx answers to good clients in all: $total_non2xx"
echo "resident memory: start $rss0, end $rss1"
echo "reloads: $(grep -c reloaded "$work/serve.err")"
echo "healthz: $health"
echo "question log: $rows distinct declined questions (cap $LOG_MAX); files $size (WAL $wal bytes)"
kill $slow 2>/dev/null; wait $slow 2>/dev/null
cat "$work/slow.out" 2>/dev/null
