#!/usr/bin/env bash
# One address cannot take the whole server: it holds more idle, half-sent
# connections than its caps allow while another address (127.0.0.2) asks
# questions and gets every answer; behind --trusted-proxy the proxy's
# address is exempt from the caps.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
use_servers

site_and_index "$work/public" "$work/askbot.db" --content tests/fixtures/mini

# The server has room for 100 connections; one address may hold 20, of
# which 10 not yet sent a whole request. Without the caps the 300 held
# connections below take all 100 and the other address waits.
P=$(free_port)
"$BIN/askbot" serve --site "$work/public" --db "$work/askbot.db" --listen 127.0.0.1:$P \
	--log "$work/log.db" --rate-limit 0 --quiet --max-connections 100 \
	--max-per-address 20 --max-fresh-per-address 10 --header-timeout 60 --timeout 60 \
	>/dev/null 2>"$work/serve.err" &
pids+=($!)
wait_up $P
cat > "$work/hold.py" <<'PY'
"""Hold N connections from 127.0.0.1, each with half a request line sent,
while 127.0.0.2 asks questions; print what happened, exit 1 on a failure."""
import json, socket, sys, time, urllib.parse
port, n, other = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
held = []
for _ in range(n):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /api/ask?q=")
        held.append(s)
    except OSError:
        pass
time.sleep(1.0)
# which of them did the server keep? a refused one reads as closed
alive = 0
for s in held:
    s.setblocking(False)
    try:
        alive += s.recv(1) != b""
    except BlockingIOError:
        alive += 1
    except OSError:
        pass
answered = 0
for i in range(20):
    try:
        c = socket.socket()
        c.settimeout(5)
        c.bind((other, 0))
        c.connect(("127.0.0.1", port))
        c.sendall(("GET /api/ask?q=%s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                   % urllib.parse.quote("能贷多少钱")).encode())
        data = b""
        while True:
            chunk = c.recv(65536)
            if not chunk:
                break
            data += chunk
        c.close()
        body = data.partition(b"\r\n\r\n")[2]
        answered += data.startswith(b"HTTP/1.1 200") and json.loads(body)["answered"]
    except (OSError, ValueError) as e:
        print("question %d: %s" % (i, e))
print("held %d of %d, %d of 20 answered for %s" % (alive, n, answered, other))
for s in held:
    s.close()
sys.exit(0 if answered == 20 else 1)
PY
python3 "$work/hold.py" $P 300 127.0.0.2 > "$work/hold.out" 2>&1
rc=$?
cat "$work/hold.out" >&2
check "another address gets all 20 answers while one holds 300 half-sent connections" test $rc -eq 0
held=$(sed -n 's/^held \([0-9]*\) of.*/\1/p' "$work/hold.out")
check "the holder keeps no more than its cap (${held:-?} <= 20)" test "${held:-99}" -le 20

# The cap on connections waiting over a second for their request: 127.0.0.4
# holds 12 half-sent ones (under the cap of 20, over the fresh cap of 10);
# its new connections are refused until it lets them go.
cat > "$work/fresh.py" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
def conn():
    s = socket.socket(); s.settimeout(5); s.bind(("127.0.0.4", 0)); s.connect(("127.0.0.1", port))
    return s
def answered(n):
    ok = 0
    for _ in range(n):
        try:
            s = conn()
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            ok += s.recv(12).startswith(b"HTTP/1.1 200")
            s.close()
        except OSError:
            pass
    return ok
held = [conn() for _ in range(12)]
for s in held:
    s.sendall(b"GET /api/ask?q=")
time.sleep(1.6)
during = answered(5)
for s in held:
    s.close()
time.sleep(0.5)
after = answered(5)
print(during, after)
PY
read -r during after < <(python3 "$work/fresh.py" $P)
check "12 connections waiting for their request: new ones refused (${during:-?} of 5 answered)" test "${during:-9}" -eq 0
check "answered again once they are let go (${after:-?} of 5)" test "${after:-0}" -eq 5

# Behind a trusted proxy: the proxy's address opens 40 connections at once
# (over both caps) and every one is answered.
P2=$(free_port)
"$BIN/askbot" serve --site "$work/public" --db "$work/askbot.db" --listen 127.0.0.1:$P2 \
	--log "$work/log2.db" --rate-limit 0 --quiet --trusted-proxy 127.0.0.1 \
	--max-per-address 20 --max-fresh-per-address 10 >/dev/null 2>&1 &
pids+=($!)
wait_up $P2
cat > "$work/proxy.py" <<'PY'
import socket, sys, time
port, source, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
socks = []
for _ in range(n):
    s = socket.socket()
    s.settimeout(5)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    socks.append(s)
# let the server accept (or refuse) every connection before any is answered
# and closed: otherwise an early one's slot is free again for a late one
time.sleep(1)
ok = 0
for s in socks:
    try:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.1.2.3\r\nConnection: close\r\n\r\n")
        ok += s.recv(12).startswith(b"HTTP/1.1 200")
    except OSError:
        pass
print(ok)
PY
got=$(python3 "$work/proxy.py" $P2 127.0.0.1 40)
check "the trusted proxy's 40 simultaneous connections are all answered (${got:-0})" test "${got:-0}" -eq 40
got=$(python3 "$work/proxy.py" $P2 127.0.0.2 40)
check "another address gets no more than its cap of them (${got:-0} <= 20)" test "${got:-0}" -le 20
finish
