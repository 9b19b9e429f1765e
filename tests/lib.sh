# Shared by the shell tests: counters, assertions, and the closing line.
# Source it, call the check helpers, end with `finish`.
passed=0
failed=0
ok() { passed=$((passed + 1)); }
not_ok() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
check() { # description, command...
	local what=$1; shift
	if "$@" >/dev/null 2>&1; then ok; else not_ok "$what"; fi
}
check_not() {
	local what=$1; shift
	if "$@" >/dev/null 2>&1; then not_ok "$what"; else ok; fi
}
contains() { grep -qF -- "$2" "$1"; }
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
# A scratch folder in $work, removed when the test ends (sets the EXIT trap).
use_scratch() { work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; }
# A scratch folder in $work, and the test's background servers: $pid (one at
# a time; set it empty once the test has stopped it) and $pids (add each with
# pids+=($!)). When the test ends they get SIGNAL (TERM unless given) and are
# waited for, then $work is removed (sets the EXIT trap).
use_servers() {
	work=$(mktemp -d)
	pid= pids=() stop_signal=${1:-TERM}
	trap stop_servers EXIT
}
stop_servers() {
	local p
	for p in $pid "${pids[@]}"; do kill -"$stop_signal" "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$work"
}
# A TCP port on 127.0.0.1 that nothing listens on.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Wait (10 s at most) until http://127.0.0.1:PORT/PATH answers; PATH: /healthz.
wait_up() { for _ in $(seq 100); do curl -sf "http://127.0.0.1:$1${2:-/healthz}" >/dev/null && return 0; sleep 0.1; done; return 1; }
# Chromium and playwright-core, for the tests that drive a browser: without
# them the test is one failure and ends here.
need_browser() {
	if [ ! -d tests/browser/node_modules/playwright-core ] || ! command -v chromium >/dev/null; then
		not_ok "chromium and playwright-core are needed (make test installs them)"; finish; exit
	fi
}
# Build the site into SITE (quietly; sitegen build flags may follow, such as
# --content DIR) and index it into DB for askbot.
site_and_index() { # site db [build flags...]
	local site=$1 db=$2; shift 2
	"$BIN/sitegen" build "$@" --out "$site" >/dev/null 2>&1
	"$BIN/askbot" index --site "$site" --db "$db" >/dev/null
}
