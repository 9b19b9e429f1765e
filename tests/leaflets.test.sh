#!/usr/bin/env bash
# Leaflets end to end: the default content/leaflets built to PDF and read
# back with poppler-utils and zbar: paper and page count per layout, fonts
# embedded as subsets, the figures of site.yaml in the text, no Chinese
# punctuation starting a line, text sizes, QR codes that decode to the right
# URLs and carry site.yaml's names, the trifold's panel order, the booklet's
# imposition order, the download page, the max_pages failure, and a build
# without the PDF engine.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh

use_scratch
SG=$BIN/sitegen
out=$work/public
L=$out/leaflets

for tool in weasyprint pdfinfo pdffonts pdftotext pdftoppm zbarimg python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		not_ok "$tool is not installed (make test installs it)"
		finish
		exit
	fi
done

t0=$(date +%s%N)
"$SG" build --content content --out "$out" --today 2026-11-22 >"$work/log" 2>&1
check "build with the default leaflets succeeds" test $? -eq 0
echo "build of the demo site with 4 leaflets: $((($(date +%s%N) - t0) / 1000000)) ms"
[ -f "$L/card.pdf" ] || cat "$work/log" >&2

# A policy variable's value, as site.yaml has it.
policy() { sed -n "s/^  $1: *\"\([^\"]*\)\".*/\1/p" content/site.yaml | head -n 1; }
base=$(sed -n 's/^base_url: *"\{0,1\}\([^" ]*\)"\{0,1\}.*/\1/p' content/site.yaml)
short=${base#http://}
short=${short#https://}

pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
# "595 x 842": the first page in whole points.
paper() { pdfinfo "$1" 2>/dev/null | awk '/^Page size:/ {printf "%d x %d", $3 + 0.5, $5 + 0.5}'; }
# Text without white space, so a figure split over two lines still matches.
flat() { pdftotext "$@" - 2>/dev/null | tr -d '[:space:]'; }
has_text() { # pdf, text...
	local pdf=$1 t; shift
	local all; all=$(flat "$pdf")
	for t in "$@"; do
		[[ $all == *"$t"* ]] || { echo "missing '$t' in $pdf" >&2; return 1; }
	done
}
# Every font embedded and subset, none Type 3, and a Noto CJK among them.
fonts_ok() {
	pdffonts "$1" 2>/dev/null | awk '
		NR > 2 { n++; if ($(NF-4) != "yes" || $(NF-3) != "yes") bad++
		         if ($0 ~ /Type 3/) bad++; if ($1 ~ /Noto.*CJK/) noto++ }
		END { exit !(n > 0 && !bad && noto > 0) }'
}
# No closing punctuation at the start of a line, no opening one at the end.
breaks_ok() {
	! pdftotext "$1" - 2>/dev/null | grep -qE '^(。|，|、|；|：|？|！|）|》|”|’)|(（|《|“|‘)$'
}
# The smallest text in the PDF, in points: Noto CJK's glyph box is 1.448 em.
min_size() {
	pdftotext -bbox "$1" - 2>/dev/null | python3 -c '
import re, sys
h = [float(b) - float(a) for a, b in re.findall(
    r"yMin=\"([\d.]+)\" xMax=\"[\d.]+\" yMax=\"([\d.]+)\"", sys.stdin.read())]
print("%.1f" % (min(h) / 1.448 if h else 0))'
}
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
qr_urls() { # pdf, page
	pdftoppm -r 150 -f "$2" -l "$2" -png -singlefile "$1" "$work/qr" &&
		zbarimg -q --raw "$work/qr.png" 2>/dev/null
}
png_ok() { [ "$(head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }

undergrad=$(policy loan_max_undergrad)
graduate=$(policy loan_max_graduate)
hotline=$(policy hotline_cdb)
dates="$(policy apply_start)至$(policy apply_end)"
check "policy values read from site.yaml" test -n "$undergrad" -a -n "$graduate" -a -n "$hotline"

# ---- per layout: paper, pages, fonts, figures, breaks, sizes, QR ---------
layout_checks() { # slug, paper, pages, min pt, last-page-with-QR
	local s=$1 pdf=$L/$1.pdf
	check "$s: print HTML" test -f "$L/$s/index.html"
	check "$s: print HTML has @page size" contains "$L/$s/index.html" "@page { size:"
	check "$s: PDF written" test -s "$pdf"
	check "$s: paper $2" test "$(paper "$pdf")" = "$2"
	check "$s: $3 page(s)" test "$(pages "$pdf")" = "$3"
	check "$s: fonts embedded as subsets" fonts_ok "$pdf"
	check "$s: no punctuation at a line start" breaks_ok "$pdf"
	local m; m=$(min_size "$pdf")
	check "$s: smallest text ${m}pt >= $4pt" at_least "$m" "$4"
	local qr_page=$5
	[ "$qr_page" = last ] && qr_page=$(pages "$pdf")
	local urls; urls=$(qr_urls "$pdf" "$qr_page")
	check "$s: QR code to its page" grep -qxF "${base}leaflets/$s/" <<<"$urls"
	check "$s: QR code to the question bot" grep -qxF "${base}ask/" <<<"$urls"
	check "$s: short URLs printed" has_text "$pdf" "${short}leaflets/$s/" "${short}ask/"
	check "$s: thumbnail PNG" png_ok "$L/$s.png"
}

layout_checks card "595 x 842" 1 12 1
layout_checks letter "595 x 842" 1 12 1
layout_checks trifold "842 x 595" 2 10.5 1
n=$(pages "$L/booklet.pdf")
check "booklet: 4 to 16 pages" test "${n:-0}" -ge 4 -a "${n:-0}" -le 16
layout_checks booklet "420 x 595" "$n" 10.5 last

check "card: the answers' figures" has_text "$L/card.pdf" "$undergrad" "$graduate" \
	"$hotline" "$dates" "$(policy repay_date)" "$(policy daily_quota)"
check "letter: figures, sender and date" has_text "$L/letter.pdf" "$undergrad" \
	"$graduate" "$hotline" "$dates" "右玉县学生资助管理中心" "2026年11月22日"
check "trifold: figures" has_text "$L/trifold.pdf" "$undergrad" "$graduate" \
	"$hotline" "$(policy loan_limits_since)" "$(policy receipt_deadline)"
check "booklet: figures" has_text "$L/booklet.pdf" "$undergrad" "$graduate" \
	"$hotline" "$dates" "$(policy disburse_by)" "$(policy relief_doc)"
check "booklet: a table came through" has_text "$L/booklet.pdf" "学生类别每年最高可贷"

# ---- trifold: cover on the right of the outside, back in the middle ------
third() { # pdf, page, 0|1|2
	flat -f "$2" -l "$2" -x $(($3 * 281)) -y 0 -W 281 -H 595 "$1"
}
check "trifold: cover panel outside right" grep -qF "生源地信用助学贷款右玉县" <<<"$(third "$L/trifold.pdf" 1 2)"
check "trifold: back panel (contact) outside middle" grep -qF "扫码在线提问" <<<"$(third "$L/trifold.pdf" 1 1)"
check "trifold: flap outside left" grep -qF "不用做困难认定的学生" <<<"$(third "$L/trifold.pdf" 1 0)"
check "trifold: inside left" grep -qF "这是什么贷款" <<<"$(third "$L/trifold.pdf" 2 0)"
check "trifold: inside middle" grep -qF "能贷多少" <<<"$(third "$L/trifold.pdf" 2 1)"
check "trifold: inside right" grep -qF "怎么办" <<<"$(third "$L/trifold.pdf" 2 2)"

# ---- booklet: contents, page numbers, imposition ---------------------------
check "booklet: contents page" grep -qF "目录" <<<"$(flat -f 2 -l 2 "$L/booklet.pdf")"
check "booklet: page number on page 3" grep -qE '(^|[^0-9])3[[:space:]]*$' <<<"$(pdftotext -f 3 -l 3 "$L/booklet.pdf" - | sed '/^[[:space:]]*$/d;/\f/d')"
imp=$L/booklet-imposed.pdf
padded=$(((n + 3) / 4 * 4))
check "imposed: A4 landscape" test "$(paper "$imp")" = "842 x 595"
check "imposed: $padded pages on $((padded / 2)) sides" test "$(pages "$imp")" = $((padded / 2))
check "imposed: fonts embedded as subsets" fonts_ok "$imp"
src() { # position in the padded booklet -> source page (0: blank before the back cover)
	if [ "$1" -lt "$n" ]; then echo "$1"; elif [ "$1" -eq "$padded" ]; then echo "$n"; else echo 0; fi
}
order=()
for ((k = 0; k < padded / 4; k++)); do
	order+=("$(src $((padded - 2 * k)))" "$(src $((1 + 2 * k)))" \
		"$(src $((2 + 2 * k)))" "$(src $((padded - 1 - 2 * k)))")
done
bad=0
for ((side = 1; side <= padded / 2; side++)); do
	for half in 0 1; do
		want=${order[$(((side - 1) * 2 + half))]}
		got=$(flat -f "$side" -l "$side" -x $((half * 421)) -y 0 -W 421 -H 595 "$imp")
		exp=""
		[ "$want" -gt 0 ] && exp=$(flat -f "$want" -l "$want" "$L/booklet.pdf")
		[ "$got" = "$exp" ] || { bad=$((bad + 1)); echo "side $side half $half: want page $want" >&2; }
	done
done
check "imposed: saddle-stitch order (${order[*]})" test "$bad" -eq 0

# ---- the download page ------------------------------------------------------
d=$L/index.html
check "download page" test -f "$d"
for s in card letter trifold booklet; do
	check "download page links $s.pdf" contains "$d" "/leaflets/$s.pdf"
	check "download page shows $s.png" contains "$d" "/leaflets/$s.png"
done
check "download page links the imposed booklet" contains "$d" "/leaflets/booklet-imposed.pdf"
check "download page gives the paper" contains "$d" "A5"
check "download page names a layout as site.yaml's leaflet_layouts calls it" \
	contains "$d" "<h2>$(sed -n 's/^  trifold: *\([^ #]*\).*/\1/p' content/site.yaml)：生源地信用助学贷款</h2>"
check_not "but not where the title already says it" grep -q "致家长的一封信：致家长的一封信" "$d"

# ---- the QR codes' names: site.yaml's words (qr_labels), not the code's ----
# Each code is an SVG in a data: URI; print its aria-label, one a line.
qr_names() { # print HTML
	python3 - "$1" <<'PY'
import base64, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
for b64 in re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html):
    m = re.search(r'aria-label="([^"]*)"', base64.b64decode(b64).decode("utf-8"))
    print(m.group(1) if m else "(none)")
PY
}
qr_label() { sed -n "/^qr_labels:/,/^[^ ]/ s/^  $1: *\([^ #]*\).*/\1/p" "$2"; }
check "site.yaml names the QR codes" test -n "$(qr_label page content/site.yaml)" -a -n "$(qr_label ask content/site.yaml)"
check "card: the QR codes are named as qr_labels says" test "$(qr_names "$L/card/index.html" | tr '\n' ' ')" = \
	"$(qr_label page content/site.yaml) $(qr_label ask content/site.yaml) "
qr=$work/qr
cp -r content "$qr"
rm -f "$qr/leaflets/letter.md" "$qr/leaflets/trifold.md" "$qr/leaflets/booklet.md"
sed -i '/^qr_labels:/,/^[^ ]/ { s/^  page: .*/  page: 这张明白卡的网页/; s/^  ask: .*/  ask: 问答机器人/ }' "$qr/site.yaml"
MINGBAI_WEASYPRINT= "$SG" build --content "$qr" --out "$work/qr-out" --today 2026-11-22 --no-index --no-cache >"$work/qr.log" 2>&1
check "a county's own qr_labels name the codes" test "$(qr_names "$work/qr-out/leaflets/card/index.html" | tr '\n' ' ')" = \
	"这张明白卡的网页 问答机器人 "
sed -i '/^qr_labels:/,+2d' "$qr/site.yaml"
MINGBAI_WEASYPRINT= "$SG" build --content "$qr" --out "$work/qr-out" --today 2026-11-22 --no-index --no-cache >"$work/qr.log" 2>&1
check "without qr_labels the build still succeeds" test $? -eq 0
check "and the codes have no name" test "$(qr_names "$work/qr-out/leaflets/card/index.html" | tr '\n' ' ')" = "(none) (none) "

# ---- the PDF cache: a leaflet is rendered again only when it changed ------
# A render writes a new file and renames it into place; a PDF taken from
# the cache is a hard link to the cache's copy. So an unchanged inode means
# the engine did not run for it.
ino() { stat -c %i "$1" 2>/dev/null; }
declare -A before
for s in card letter trifold booklet; do before[$s]=$(ino "$L/$s.pdf"); done
check "the cache holds the leaflets" test "$(ls "$work/var/cache/leaflets" | grep -c '^[0-9a-f]\{64\}$')" -eq 4
cache=$work/cached
cp -r content "$cache"
t0=$(date +%s%N)
"$SG" build --content "$cache" --out "$out" --today 2026-11-22 --no-index >"$work/cache1.log" 2>&1
check "unchanged rebuild succeeds" test $? -eq 0
echo "rebuild with every leaflet cached: $((($(date +%s%N) - t0) / 1000000)) ms"
for s in card letter trifold booklet; do
	check "unchanged $s.pdf comes from the cache" test "$(ino "$L/$s.pdf")" = "${before[$s]}"
done
check "booklet-imposed.pdf and thumbnails come along" test -s "$L/booklet-imposed.pdf" -a -s "$L/card.png"
check "the download page still gives page counts" grep -q "共 1 页" "$L/index.html"
printf '\n## 测试新加的问题？\n\n这是一条新的回答。\n' >>"$cache/faq/edu.md"
"$SG" build --content "$cache" --out "$out" --today 2026-11-22 --no-index >"$work/cache2.log" 2>&1
check "rebuild after editing a FAQ entry succeeds" test $? -eq 0
for s in card letter trifold booklet; do
	check "editing a FAQ entry does not render $s.pdf again" test "$(ino "$L/$s.pdf")" = "${before[$s]}"
done
printf '\n缓存测试新加的一句话。\n' >>"$cache/leaflets/letter.md"
# on a terminal (script gives it one), in Chinese: progress lines
LC_ALL= LANG=zh_CN.UTF-8 LANGUAGE= script -qec "'$SG' build --content '$cache' --out '$out' --today 2026-11-22 --no-index" /dev/null >"$work/cache3.log" 2>&1
check "rebuild after editing the letter succeeds" test $? -eq 0
check "on a terminal the build shows its progress" grep -q "生成宣传资料 [1-4]/4 …" "$work/cache3.log"
check "the edited letter is rendered again" test "$(ino "$L/letter.pdf")" != "${before[letter]}"
check "the new sentence is in the letter's PDF" bash -c "pdftotext '$L/letter.pdf' - | tr -d ' \n' | grep -q 缓存测试新加的一句话"
check "the card is not" test "$(ino "$L/card.pdf")" = "${before[card]}"
check "the cache dropped the letter's old entry" test "$(ls "$work/var/cache/leaflets" | grep -c '^[0-9a-f]\{64\}$')" -eq 4
check_not "no progress lines when not on a terminal" grep -qE "生成宣传资料|making leaflets" "$work/log"

# ---- too long: the build fails, naming the leaflet, its pages and limit ----
long=$work/long
cp -r content "$long"
rm -f "$long/leaflets/letter.md" "$long/leaflets/trifold.md" "$long/leaflets/booklet.md"
for i in $(seq 1 12); do
	printf '\n## 补充问题%d？\n\n这是一段为了测试超页而加长的回答，内容重复，说明页数超出时构建会失败并给出页数和上限。\n' "$i" >>"$long/leaflets/card.md"
done
"$SG" build --content "$long" --out "$out" --today 2026-11-22 >"$work/long.log" 2>&1
check "over-length leaflet fails the build (exit 1)" test $? -eq 1
check "message names leaflet, pages and limit" grep -qE "leaflets/card\.md: leaflet 'card' has [2-9][0-9]* pages, more than its max_pages of 1" "$work/long.log"
check "failed build leaves the previous site" test -s "$L/booklet.pdf"
"$SG" build --content "$long" --out "$out" --today 2026-11-22 >"$work/long2.log" 2>&1
check "a cached over-length leaflet still fails the build" test $? -eq 1
check "with the same message" grep -qE "leaflet 'card' has [2-9][0-9]* pages" "$work/long2.log"
"$SG" check --content "$long" --cache "$work/var/cache/leaflets" >"$work/long3.log" 2>&1
check "sitegen check catches the over-length leaflet too" test $? -eq 1
check "with its name, pages and limit" grep -qE "leaflets/card\.md: leaflet 'card' has [2-9][0-9]* pages, more than its max_pages of 1" "$work/long3.log"

# ---- no PDF engine: the site and print HTML still build --------------------
MINGBAI_WEASYPRINT= "$SG" build --content "$long" --out "$work/nopdf" --today 2026-11-22 >"$work/nopdf.log" 2>&1
check "without the engine the build succeeds" test $? -eq 0
check "print HTML still written" test -f "$work/nopdf/leaflets/card/index.html"
check "no PDF written" test ! -e "$work/nopdf/leaflets/card.pdf"
check "says PDFs were skipped" grep -qi "skipped" "$work/nopdf.log"
check "says how to install the engine" grep -qF "apt-get install weasyprint" "$work/nopdf.log"

finish
