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
