#!/usr/bin/env bash
# A theme template with a syntax error fails the build with the template's
# file and line, exit 1, and leaves the previous site in place. Before, a
# broken template stayed half-built in the template set: an unclosed
# section in single.mustache ran out of memory, one in layout.mustache
# looped forever. Each build runs under `timeout`, so a hang fails the test
# (exit 124) instead of stalling the suite.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh

use_scratch
cp -r tests/fixtures/mini "$work/content"
out=$work/public

build() { # theme dir
	timeout 60 "$BIN/sitegen" build --content "$work/content" --out "$out" --today 2026-11-22 \
		--theme "$1" >"$work/log" 2>&1
}

build themes/default
check "the good theme builds" test $? -eq 0
sum() { (cd "$out" && find . -type f | sort | xargs sha256sum) ; }
sum >"$work/before"

# break: theme copy, template, text to append; then expect file:line
try_broken() { # name, template, text
	local name=$1 tmpl=$2 text=$3
	local theme=$work/theme-$name
	rm -rf "$theme"
	cp -r themes/default "$theme"
	printf '%s\n' "$text" >>"$theme/$tmpl.mustache"
	local line
	line=$(wc -l <"$theme/$tmpl.mustache")
	build "$theme"
	local rc=$?
	check "$name: exit 1 (got $rc; 124 is a hang)" test $rc -eq 1
	check "$name: message names $tmpl.mustache:$line" \
		grep -qF "$theme/$tmpl.mustache:$line: " "$work/log"
	check "$name: previous site untouched" bash -c "cd '$out' && find . -type f | sort | xargs sha256sum | cmp -s - '$work/before'"
	check_not "$name: no temporary folder left" compgen -G "$out.tmp.*"
	[ "$failed" -eq 0 ] || sed 's/^/    /' "$work/log" | head -n 5 >&2
}

try_broken single-section single '{{#page}}'
check "unclosed section names the tag" grep -qF '{{#page}}' "$work/log"
try_broken layout-section layout '{{#nav}}'
check "unclosed section in the parent names the tag" grep -qF '{{#nav}}' "$work/log"
try_broken faq-inverted faq-category '{{^entries}}'
try_broken home-closing home '{{/nothing}}'
try_broken tag-delimiters tag '{{=<% %> x=}}'
check "bad delimiters show the tag" grep -qF "'{{=<% %> x=}}'" "$work/log"

finish
