#!/usr/bin/env python3
"""HTTP tests for askbot serve: every route, every bad input, and abuse
(oversized and truncated bodies, wrong Content-Length, invalid UTF-8, deep
JSON, huge headers, encoded traversal, NUL bytes, long URLs, slow clients,
1,000 connections, bursts). After each case the server must still answer a
good question correctly. Usage: http_cases.py PORT RATE_LIMITED_PORT SITE_DIR
Prints one line per case and "N passed, N failed" last."""
import json
import re, socket, sys, threading, time, urllib.parse

PORT, RL_PORT, SITE = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
HOST = "127.0.0.1"
passed = failed = 0


def raw(data, port=PORT, timeout=5.0, read=True):
    s = socket.create_connection((HOST, port), timeout=timeout)
    try:
        try:
            s.sendall(data)
        except OSError:
            pass  # the server may answer and close before reading it all
        if not read:
            return b""
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        s.close()


def request(method, path, body=None, headers=None, port=PORT):
    h = {"Host": f"{HOST}:{port}", "Connection": "close"}
    h.update(headers or {})
    if body is not None:
        h.setdefault("Content-Length", str(len(body)))
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in h.items()) + "\r\n"
    return parse(raw(head.encode("utf-8", "surrogateescape") + (body or b""), port))


def parse(resp):
    if not resp:
        return 0, {}, b""
    head, _, body = resp.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return 0, {}, body
    hdrs = {}
    for l in lines[1:]:
        k, _, v = l.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    return status, hdrs, body


def q(s):
    return urllib.parse.quote(s)


def good_answer():
    st, h, b = request("GET", "/api/ask?q=" + q("能贷多少钱"))
    if st != 200:
        return False
    r = json.loads(b)
    return r["answered"] and "20000" in r["answers"][0]["text"]


def case(name, fn):
    global passed, failed
    try:
        ok = fn()
        msg = ""
    except Exception as e:  # a crash of the test itself is a failure
        ok, msg = False, f" ({type(e).__name__}: {e})"
    alive = good_answer() if ok else True
    if ok and alive:
        passed += 1
        print(f"ok {name}")
    else:
        failed += 1
        print(f"FAIL {name}{msg}{'' if alive else ' — server stopped answering'}")


def status_is(code, method, path, body=None, headers=None, port=PORT):
    st, h, b = request(method, path, body, headers, port)
    return st == code


def json_error(code, method, path, body=None, headers=None):
    st, h, b = request(method, path, body, headers)
    if st != code:
        print(f"   got {st}: {b[:120]!r}")
        return False
    err = json.loads(b).get("error", "") if h.get("content-type", "").startswith("application/json") else ""
    # the widget and the answer page show this to a parent as it is
    if not any("\u4e00" <= ch <= "\u9fff" for ch in err):
        print(f"   error not in Chinese: {err!r}")
        return False
    return True


# ---- routes ---------------------------------------------------------------
def ask_get():
    st, h, b = request("GET", "/api/ask?q=" + q("能贷多少钱"))
    r = json.loads(b)
    return (st == 200 and set(r) == {"query", "answered", "kind", "answers", "fallback"}
            and r["answered"] and r["kind"] == "answer")


def ask_post():
    st, h, b = request("POST", "/api/ask", json.dumps({"q": "能贷多少钱"}).encode(),
                       {"Content-Type": "application/json"})
    r = json.loads(b)
    return st == 200 and r["answered"] and r["answers"][0]["url"].startswith("/faq/")


def decline():
    st, h, b = request("GET", "/api/ask?q=" + q("今天天气怎么样"))
    r = json.loads(b)
    return st == 200 and not r["answered"] and "12345" in r["fallback"]


def suggest():
    st, h, b = request("GET", "/api/suggest?q=" + q("贷多少"))
    r = json.loads(b)
    return st == 200 and isinstance(r["suggestions"], list)


def healthz():
    st, h, b = request("GET", "/healthz")
    return st == 200 and json.loads(b)["ok"] is True


def ask_page():
    st, h, b = request("GET", "/ask/?q=" + q("能贷多少钱"))
    t = b.decode()
    return st == 200 and "20000" in t and "<script" in t and 'class="ask-answer"' in t


def ask_page_escapes():
    st, h, b = request("GET", "/ask/?q=" + q("<script>alert(1)</script>贷款"))
    return st == 200 and b"<script>alert(1)" not in b and b"&lt;script&gt;" in b


def ask_page_bad_in_chinese():
    """A phone without JavaScript reads the error on the page itself."""
    st, h, b = request("GET", "/ask/?q=" + q("贷" * 201))
    m = re.search(r'class="ask-decline">([^<]*)<', b.decode())
    return st == 400 and m is not None and "200" in m.group(1) and \
        any("\u4e00" <= ch <= "\u9fff" for ch in m.group(1))


def static_home():
    st, h, b = request("GET", "/")
    return st == 200 and h["content-type"].startswith("text/html") and "etag" in h and "cache-control" in h


def static_css():
    st, h, b = request("GET", "/assets/style.css")
    return st == 200 and h["content-type"].startswith("text/css") and "max-age" in h["cache-control"]


def static_json():
    st, h, b = request("GET", "/search.json")
    return st == 200 and h["content-type"].startswith("application/json")


def dir_redirect():
    st, h, b = request("GET", "/guides/repay")
    return st == 301 and h.get("location") == "/guides/repay/"


def etag_304():
    st, h, b = request("GET", "/guides/repay/")
    st2, h2, b2 = request("GET", "/guides/repay/", headers={"If-None-Match": h["etag"]})
    return st == 200 and st2 == 304 and not b2


def not_found_page():
    st, h, b = request("GET", "/no/such/page/")
    return st == 404 and "页面没有找到" in b.decode()


def security_headers():
    ok = True
    for path in ["/", "/api/ask?q=" + q("续贷"), "/nope", "/api/nope"]:
        st, h, b = request("GET", path)
        ok &= "default-src 'self'" in h.get("content-security-policy", "")
        ok &= h.get("x-content-type-options") == "nosniff"
        ok &= "referrer-policy" in h
    return ok


def cors_allowed():
    st, h, b = request("GET", "/api/ask?q=" + q("续贷"), headers={"Origin": "https://partner.example.cn"})
    st2, h2, b2 = request("GET", "/api/ask?q=" + q("续贷"), headers={"Origin": "https://evil.example"})
    return (h.get("access-control-allow-origin") == "https://partner.example.cn"
            and "access-control-allow-origin" not in h2)


def preflight():
    st, h, b = request("OPTIONS", "/api/ask", headers={"Origin": "https://partner.example.cn"})
    return st == 204 and "POST" in h.get("access-control-allow-methods", "")


# ---- bad input ------------------------------------------------------------
cases = [
    ("GET /api/ask", ask_get),
    ("POST /api/ask", ask_post),
    ("decline with hotline", decline),
    ("GET /api/suggest", suggest),
    ("GET /healthz", healthz),
    ("GET /ask/?q= server-rendered", ask_page),
    ("answer page escapes the question", ask_page_escapes),
    ("answer page says a bad question's fault in Chinese", ask_page_bad_in_chinese),
    ("static home page", static_home),
    ("static CSS with cache", static_css),
    ("static JSON MIME", static_json),
    ("directory redirect", dir_redirect),
    ("ETag and If-None-Match", etag_304),
    ("site 404 page", not_found_page),
    ("security headers everywhere", security_headers),
    ("CORS only for configured origins", cors_allowed),
    ("CORS preflight", preflight),
    ("body over 8 KB → 413", lambda: json_error(413, "POST", "/api/ask",
        json.dumps({"q": "贷" * 5000}).encode(), {"Content-Type": "application/json"})),
    ("Content-Length over 8 KB, no body → 413", lambda: json_error(413, "POST", "/api/ask",
        b"", {"Content-Length": "100000"})),
    ("empty question → 400", lambda: json_error(400, "GET", "/api/ask?q=")),
    ("blank question → 400", lambda: json_error(400, "GET", "/api/ask?q=%20%20")),
    ("missing q → 400", lambda: json_error(400, "GET", "/api/ask")),
    ("201 characters → 400", lambda: json_error(400, "GET", "/api/ask?q=" + q("贷" * 201))),
    ("200 characters is fine", lambda: status_is(200, "GET", "/api/ask?q=" + q("贷" * 200))),
    ("invalid UTF-8 in query → 400", lambda: json_error(400, "GET", "/api/ask?q=%ff%fe")),
    ("invalid UTF-8 in JSON → 400", lambda: json_error(400, "POST", "/api/ask",
        b'{"q": "\xff\xfe"}', {"Content-Type": "application/json"})),
    ("invalid JSON → 400", lambda: json_error(400, "POST", "/api/ask", b"{q:", {})),
    ("JSON not an object → 400", lambda: json_error(400, "POST", "/api/ask", b'["q"]', {})),
    ("q not a string → 400", lambda: json_error(400, "POST", "/api/ask", b'{"q": 5}', {})),
    ("deeply nested JSON → 400", lambda: json_error(400, "POST", "/api/ask",
        b"[" * 4000 + b"]" * 4000, {})),
    ("NUL byte in question → 400", lambda: json_error(400, "POST", "/api/ask",
        b'{"q": "\\u0000abc"}', {})),
    ("NUL byte in the query string → 400", lambda: json_error(400, "GET", "/api/ask?q=abc%00def")),
    ("unknown /api route → 404", lambda: json_error(404, "GET", "/api/nope")),
    ("wrong method on /api/ask → 405", lambda: json_error(405, "DELETE", "/api/ask")),
    ("wrong method on /api/suggest → 405", lambda: json_error(405, "POST", "/api/suggest", b"{}")),
    ("wrong method on static → 405", lambda: json_error(405, "PUT", "/index.html", b"x")),
    ("405 names the allowed methods", lambda: "GET" in request("DELETE", "/api/ask")[1].get("allow", "")),
]

# ---- traversal, however encoded -------------------------------------------
# server.test.sh puts real secret files beside the site root (SITE/../secret.txt),
# above it (SITE/../../secret.txt) and in a sibling folder whose name starts
# like the site's (SITE/../public2/secret.txt), and symlinks inside the site
# pointing at each. A case passes only if the secret exists on disk (so the
# path would reach it) and the server's answer does not hold it.
import os
SECRETS = {}
for rel in ["../secret.txt", "../../secret.txt", "../public2/secret.txt"]:
    with open(os.path.join(SITE, rel), "rb") as f:
        SECRETS[rel] = f.read().strip()


def no_secret(path, on_disk):
    if not os.path.isfile(os.path.join(SITE, on_disk)):
        print(f"   the fixture {on_disk} is missing")
        return False
    st, h, b = request("GET", path)
    leaked = [k for k, v in SECRETS.items() if v in b]
    if st not in (400, 403, 404) or leaked:
        print(f"   got {st}, leaked {leaked}")
        return False
    return True


traversals = [
    # (request path, where it leads on disk relative to SITE)
    ("/../secret.txt", "../secret.txt"),
    ("/../../secret.txt", "../../secret.txt"),
    ("/../public2/secret.txt", "../public2/secret.txt"),
    ("/assets/../../secret.txt", "../secret.txt"),
    ("/./../secret.txt", "../secret.txt"),
    ("/..%2fsecret.txt", "../secret.txt"),
    ("/%2e%2e/secret.txt", "../secret.txt"),
    ("/%2e%2e%2fsecret.txt", "../secret.txt"),
    ("/%2E%2E/%2E%2E/secret.txt", "../../secret.txt"),
    ("/assets/%2e%2e%2f%2e%2e%2fsecret.txt", "../secret.txt"),
    ("/%252e%252e/secret.txt", "../secret.txt"),
    ("/%252e%252e%252fsecret.txt", "../secret.txt"),
    ("/..%5csecret.txt", "../secret.txt"),
    ("/..\\secret.txt", "../secret.txt"),
    ("/assets\\..\\..\\secret.txt", "../secret.txt"),
    ("/%c0%ae%c0%ae/secret.txt", "../secret.txt"),
    ("/leak-beside.txt", "leak-beside.txt"),
    ("/leak-above.txt", "leak-above.txt"),
    ("/leakdir/secret.txt", "leakdir/secret.txt"),
    ("/leakdir/public2/secret.txt", "leakdir/public2/secret.txt"),
    ("/p2/secret.txt", "p2/secret.txt"),
    ("/assets/leak.css", "assets/leak.css"),
]
for path, on_disk in traversals:
    cases.append((f"traversal {path}", lambda p=path, d=on_disk: no_secret(p, d)))
for path in ["/_bot/config.json", "/index.html%00.png"]:
    cases.append((f"not served: {path}", lambda p=path: request("GET", p)[0] in (400, 404)))


# ---- abuse over raw sockets -----------------------------------------------
def truncated_body():
    out = raw(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n" + "{\"q\": \"贷".encode(), timeout=2.0)
    return True  # the server waits, times out or answers; it must not crash (checked after)


def wrong_length_short():
    st, h, b = parse(raw(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\n"
                         + json.dumps({"q": "能贷多少钱"}).encode()))
    return st == 400


def huge_header():
    st, h, b = request("GET", "/", headers={"X-Big": "a" * 100000})
    return st in (400, 413, 431) or st == 0


def long_url():
    st, h, b = request("GET", "/" + "a" * 100000)
    return st in (400, 404, 414, 431) or st == 0


def garbage():
    out = raw(b"\x00\x01\x02 NOT HTTP\r\n\r\n", timeout=2.0)
    return not out or out.startswith(b"HTTP/1.1 400")


HEADER_TIMEOUT = 2  # server.test.sh starts PORT with --header-timeout 2 --timeout 30


def slow_client():
    """A client sending its request a byte a second is cut off by the
    request-header timeout, though every byte restarts libmicrohttpd's idle
    timeout; meanwhile others are answered. The request would take 40 s; the
    cut must come after the header timeout and well before the idle one."""
    msg = b"GET /api/ask?q=%E5%88%A9%E6%81%AF HTTP/1.1\r\nHost: x\r\n\r\n"[:40]
    s = socket.create_connection((HOST, PORT))
    s.settimeout(0.05)
    t0 = time.time()
    cut = None
    for ch in msg:
        try:
            s.send(bytes([ch]))
            if s.recv(100) == b"":
                cut = time.time() - t0
                break
        except socket.timeout:
            pass
        except OSError:
            cut = time.time() - t0
            break
        if not good_answer():
            s.close()
            return False
        time.sleep(0.95)
    s.close()
    print(f"   cut off after {cut}s (header timeout {HEADER_TIMEOUT}s)" if cut else "   never cut off")
    return cut is not None and HEADER_TIMEOUT <= cut < 30


def idle_timeout():
    s = socket.create_connection((HOST, PORT))
    s.settimeout(10)
    s.send(b"GET / HTTP/1.1\r\n")
    t0 = time.time()
    try:
        data = s.recv(100)  # the server closes an idle connection
    except socket.timeout:
        data = None
    s.close()
    return data is not None and time.time() - t0 < 9


def many_connections():
    """1,000 connections held from one address (127.0.0.3): the caps keep
    all but a few out, and the others (127.0.0.1) are answered."""
    socks = []
    try:
        for _ in range(1000):
            c = socket.socket()
            c.settimeout(5)
            c.bind(("127.0.0.3", 0))
            c.connect((HOST, PORT))
            socks.append(c)
        return good_answer()
    finally:
        for s in socks:
            s.close()


def concurrent_answers():
    results = []
    def one():
        results.append(good_answer())
    th = [threading.Thread(target=one) for _ in range(50)]
    [t.start() for t in th]
    [t.join() for t in th]
    return all(results) and len(results) == 50


def burst_rate_limited():
    codes = [request("GET", "/api/ask?q=" + q("续贷"), port=RL_PORT)[0] for _ in range(30)]
    st, h, b = request("GET", "/api/ask?q=" + q("续贷"), port=RL_PORT)
    return 429 in codes and 200 in codes and (st != 429 or "retry-after" in h)


def retry_after():
    for _ in range(30):
        st, h, b = request("GET", "/api/ask?q=" + q("续贷"), port=RL_PORT)
        if st == 429:
            return h.get("retry-after", "").isdigit() and "error" in json.loads(b)
    return False


def forwarded_not_trusted():
    """X-Forwarded-For from an untrusted peer does not buy a fresh budget."""
    time.sleep(2.5)
    codes = [request("GET", "/api/ask?q=" + q("续贷"), headers={"X-Forwarded-For": f"10.0.0.{i}"},
                     port=RL_PORT)[0] for i in range(30)]
    return 429 in codes


cases += [
    ("truncated body", truncated_body),
    ("Content-Length shorter than the body", wrong_length_short),
    ("huge header", huge_header),
    ("very long URL", long_url),
    ("not HTTP at all", garbage),
    ("slow client, a byte at a time", slow_client),
    ("idle connection times out", idle_timeout),
    ("1,000 connections from one address", many_connections),
    ("50 questions at once", concurrent_answers),
    ("burst from one address → 429", burst_rate_limited),
    ("429 carries Retry-After and JSON", retry_after),
    ("X-Forwarded-For ignored from untrusted peers", forwarded_not_trusted),
]

for name, fn in cases:
    case(name, fn)
print(f"{len(cases)} cases")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
