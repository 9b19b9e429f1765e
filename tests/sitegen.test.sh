#!/usr/bin/env bash
# sitegen end to end on tests/fixtures/mini: what a build writes, and that
# every class of content error is reported as path:line, exits 1 and leaves
# the previous site in place.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh

use_scratch
SG=$BIN/sitegen
cp -r tests/fixtures/mini "$work/content"
out=$work/public

build() { "$SG" build --content "$work/content" --out "$out" --today 2026-11-22 "$@"; }

# ---- a good build -------------------------------------------------------
build >"$work/log" 2>&1
check "build succeeds" test $? -eq 0
check "summary line" grep -qE '^built .*pages .* in [0-9.]+ s' "$work/log"
check "pretty URL for a guide" test -f "$out/guides/repay/index.html"
check "notice page" test -f "$out/notices/new/index.html"
check "FAQ category page" test -f "$out/faq/money/index.html"
check "FAQ index" test -f "$out/faq/index.html"
check "home" test -f "$out/index.html"
check "404 page" test -f "$out/404.html"
check "tag page (Chinese name)" test -f "$out/tags/还款/index.html"
check "tags index" test -f "$out/tags/index.html"
check "offices" test -f "$out/offices/index.html"
check "ask page" test -f "$out/ask/index.html"
check "ask template for the server" test -f "$out/_bot/ask.mustache"
check "robots.txt" contains "$out/robots.txt" "Sitemap: https://zizhu.example.cn/sitemap.xml"
check "sitemap lists the guide" contains "$out/sitemap.xml" "<loc>https://zizhu.example.cn/guides/repay/</loc>"
check "sitemap percent-encodes Chinese" contains "$out/sitemap.xml" "/tags/%E8%BF%98%E6%AC%BE/"
check "sitemap has lastmod" contains "$out/sitemap.xml" "<lastmod>2026-01-02</lastmod>"
check "atom feed lists notices" contains "$out/feed.xml" "<title>新通知</title>"
check "assets copied" test -f "$out/assets/style.css"

g=$out/guides/repay/index.html
check "variable filled in" contains "$g" "每年最多贷 20000 元"
check "variable in a table" contains "$g" "<td>20000</td>"
check "lang zh-CN" contains "$g" '<html lang="zh-CN">'
check "heading id from Chinese text" contains "$g" '<h2 id="第一步-准备">'
check "explicit heading id" contains "$g" '<h2 id="step-two">'
check "table of contents" contains "$g" 'href="#第三步"'
check "toc lists h3" contains "$g" 'class="sub"><a href="#小节"'
check_not "raw HTML not passed through" grep -q '<script>alert' "$g"
check "CJK soft break joined" contains "$g" "第一行接着第二行"
check "breadcrumbs" contains "$g" 'aria-label="当前位置"'
check "Open Graph title" contains "$g" '<meta property="og:title" content="还款指南">'
check "OG url" contains "$g" 'content="https://zizhu.example.cn/guides/repay/"'
check "updated date shown" contains "$g" "2026年1月2日"
check "source document shown" contains "$g" "测〔2026〕1号"
check "skip link" contains "$g" 'href="#main"'
check "print stylesheet" contains "$g" 'media="print"'
check "hotline from a variable" contains "$g" 'href="tel:12345"'
check_not "no request to another host" grep -qE 'src="(https?:)?//|rel="stylesheet" href="(https?:)?//|url\((https?:)?//' "$g"

n=$out/notices/old/index.html
check "expired notice marked" contains "$n" "已过期"
check "doc number shown" contains "$n" "测〔2020〕1号"
check "expired notice off the home page" bash -c "! grep -q '旧通知' '$out/index.html'"
check "current notice on the home page" contains "$out/index.html" "新通知"
check "archive by year" contains "$out/notices/index.html" 'id="y2020"'
check "key date variable in site.yaml" contains "$out/index.html" "7月1日起"

f=$out/faq/money/index.html
check "FAQ anchor per question" contains "$f" '<h2 id="能贷多少">'
check_not "alternate phrasings not shown on the page" grep -q "也问" "$f"
check "FAQ index lists questions" contains "$out/faq/index.html" "钱打给谁？"

s=$out/search.json
check "search.json parses" python3 -c "import json,sys; json.load(open('$s'))"
check "search.json FAQ entry with alternates" python3 - "$s" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
e = [x for x in d["entries"] if x["kind"] == "faq" and x["question"] == "能贷多少？"][0]
assert e["alt"] == ["贷多少钱", "最多借多少"], e["alt"]
assert "20000" in e["text"] and "也问" not in e["text"]
assert e["url"] == "/faq/money/#能贷多少"
assert e["category"] == "贷款额度"
g = [x for x in d["entries"] if x["kind"] == "guide"]
assert any(x["url"] == "/guides/repay/#step-two" for x in g)
assert d["synonyms"]["还款"] == ["还钱"] and d["filler"] == ["请问"]
assert d["site"]["hotline"] == "12345"
EOF

# ---- atomicity and errors -------------------------------------------------
marker=$(cat "$out/guides/repay/index.html" | md5sum)
still_there() { [ "$(md5sum < "$out/guides/repay/index.html")" = "$marker" ] && [ -f "$out/index.html" ]; }

expect_error() { # description, expected message regex (path:line: …)
	local what=$1 pattern=$2
	build >"$work/log" 2>&1
	local rc=$?
	if [ $rc -eq 1 ]; then ok; else not_ok "$what: exit $rc, want 1"; fi
	if grep -qE -- "$pattern" "$work/log"; then ok; else
		not_ok "$what: message /$pattern/ not in: $(head -3 "$work/log")"; fi
	if still_there; then ok; else not_ok "$what: previous site damaged"; fi
	check "$what: no temporary folder left" bash -c "! ls -d '$out'.tmp.* 2>/dev/null"
}
reset_content() { rm -rf "$work/content"; cp -r tests/fixtures/mini "$work/content"; }

printf 'title: [unclosed\n' > "$work/content/site.yaml"
expect_error "bad YAML in site.yaml, said for a person" "content/site.yaml:1: a '\\[' opened on this line is never closed with '\\]'"
reset_content

sed -i '/^  faq: /d' "$work/content/site.yaml"
expect_error "a section without a title in site.yaml" "content/site.yaml:[0-9]+: sections.faq needs a title"
reset_content

sed -i '/^  tags:$/,+1d' "$work/content/site.yaml"
expect_error "a page without a title in site.yaml" "content/site.yaml:[0-9]+: pages.tags needs a title"
reset_content

sed -i 's/^title: 还款指南$/title: [还款/' "$work/content/guides/repay.md"
expect_error "bad YAML in front matter, said for a person" "guides/repay.md:2: a '\\[' opened on this line is never closed with '\\]'"
reset_content

sed -i '/^title: 还款指南$/d' "$work/content/guides/repay.md"
expect_error "missing title" "guides/repay.md:2: missing 'title:'"
reset_content

sed -i 's/{{policy.loan_max}} 元。/{{policy.loan_maxx}} 元。/' "$work/content/guides/repay.md"
expect_error "unknown variable" 'guides/repay.md:9: unknown variable \{\{policy.loan_maxx\}\}'
reset_content

sed -i 's/{{policy.start}}起/{{policy.nope}}起/' "$work/content/site.yaml"
expect_error "unknown variable in site.yaml" 'site.yaml:[0-9]+: unknown variable'
reset_content

sed -i 's#/faq/money/\#能贷多少#/faq/nothing/#' "$work/content/guides/repay.md"
expect_error "broken link" 'guides/repay.md:[0-9]+: link to /faq/nothing/: no such page'
reset_content

sed -i 's#(\#step-two)#(\#no-such-heading)#' "$work/content/guides/repay.md"
expect_error "broken anchor" 'repay.md:[0-9]+: link to #no-such-heading: the page has no heading'
reset_content

printf -- '---\ntitle: 重复\nslug: repay\n---\n\n重复。\n' > "$work/content/guides/other.md"
expect_error "duplicate URL" 'duplicate URL /guides/repay/'
reset_content

printf -- '---\ntitle: 坏\n---\n\n第一行\n\xff\xfe 坏字节\n' > "$work/content/guides/bad.md"
expect_error "invalid UTF-8 names the line" 'guides/bad.md:6: not valid UTF-8'
reset_content

iconv -f utf-8 -t gb18030 < tests/fixtures/mini/guides/repay.md > "$work/content/guides/repay.md"
expect_error "a GB18030 file is not UTF-8" 'guides/repay.md:[0-9]+: not valid UTF-8'
reset_content

head -c 50000000 /dev/zero | tr '\0' 'a' > "$work/content/guides/huge.md"
expect_error "50 MB file refused" 'guides/huge.md: file is larger than'
reset_content

ln -s loop.md "$work/content/guides/loop.md"
expect_error "symlink loop" 'guides/loop.md: cannot read: Too many levels of symbolic links'
reset_content

sed -i '/^date:/d' "$work/content/notices/new.md"
expect_error "notice without a date" "notices/new.md:2: a notice needs 'date"
reset_content

sed -i 's/^date: 2026-06-01/date: 2026-02-30/' "$work/content/notices/new.md"
expect_error "impossible date, at its line" "notices/new.md:3: 'date: 2026-02-30' is not a date"
reset_content

sed -i 's/^date: 2026-06-01/date: 2024-13/' "$work/content/notices/new.md"
expect_error "a month that is not, at its line, with the forms to write" \
	"notices/new.md:3: 'date: 2024-13' is not a date; write it as 2024-07-01, or 2024-07 or 2024"
reset_content

# a one-character synonym (办) would be found inside other words (办法)
printf 'synonyms:\n  还款: [还钱]\n  申请: [报名, 办]\nfiller: [请问]\n' > "$work/content/synonyms.yaml"
expect_error "a one-character synonym, at its line" "synonyms.yaml:3: synonyms: '办' is one character"
reset_content

printf -- '---\ntitle: 无答案\n---\n\n## 问题一？\n\n## 问题二？\n\n回答。\n' > "$work/content/faq/empty.md"
expect_error "FAQ question without an answer" "faq/empty.md:5: question '问题一？' has no answer"
reset_content

# ---- check, new, template ---------------------------------------------------
# the fixture's <script> line is a warning in check (HTML is not published)
sed -i '/<script>/d' "$work/content/guides/repay.md"
"$SG" check --content "$work/content" >"$work/log" 2>&1
check "check passes on good content" test $? -eq 0
check "check prints counts" grep -q "^ok: 1 guides, 2 notices, 2 FAQ entries" "$work/log"
printf -- '---\ntitle: 空类\n---\n\n没有问题。\n' > "$work/content/faq/none.md"
"$SG" check --content "$work/content" >"$work/log" 2>&1
check "check fails on a warning" test $? -eq 1
check "warning names the file" grep -q "faq/none.md: warning: no questions" "$work/log"
reset_content

# a clerk's folder: content/ and themes/ side by side, new's defaults
cp -r themes "$work/themes"
(cd "$work" && "$SG" new notice "关于做好2026年助学贷款工作的通知" >log 2>&1)
check "new notice named by date and pinyin" bash -c "ls '$work'/content/notices/*-*-*-guan-yu-zuo-hao-2026-nian-zhu-xue-dai.md"
check_not "a new notice is not published while it holds the placeholder" build
nf=$(ls "$work"/content/notices/*-guan-yu-*.md)
sed -i 's/^doc_number: ""/doc_number: "测〔2026〕9号"/; s/^issuer: ""/issuer: "测试中心"/; s/在这里粘贴通知正文。/正文。/' "$nf"
check "once filled in it builds" build
(cd "$work" && "$SG" new faq "测试问题" >/dev/null 2>&1 && "$SG" new guide "Repay Guide" >/dev/null 2>&1)
check "new guide named from ASCII title" test -f "$work/content/guides/repay-guide.md"
check_not "new with unknown kind fails" "$SG" new recipe "x"
reset_content

# Pages are rendered on several threads as they are read; the site must
# not depend on which thread finished first.
for i in $(seq 1 80); do
	printf -- '---\ntitle: 第%d页\ntags: [批量]\n---\n\n## 一节\n\n正文%d，见[还款](/guides/repay/)。\n' \
		"$i" "$i" > "$work/content/guides/many-$i.md"
done
build --jobs 1 --out "$work/one" >/dev/null 2>&1
build --jobs 3 --out "$work/three" >/dev/null 2>&1
check "80 more pages build" test -f "$work/three/guides/many-80/index.html"
check "one thread or three: the same bytes" diff -r "$work/one" "$work/three"
check "sitemap in URL order, whatever order pages were written" \
	bash -c "grep -o '<loc>[^<]*' '$work/three/sitemap.xml' | LC_ALL=C sort -c"
reset_content

# ---- dates a source document gives only in part -----------------------------
# date: 2024 (a bare number in YAML) and date: 2024-07 show no day; in the
# archive a partial date comes after the days within it; the feed gets a full
# time; valid_until: 2026-11 lasts to the month's end.
notice() { # file, title, date, more front matter
	printf -- '---\ntitle: %s\ndate: %s\n%b---\n\n正文。\n' "$2" "$3" "$4" \
		> "$work/content/notices/$1.md"
}
notice year 只知年份的通知 2024 ''
notice month 只知月份的通知 2024-07 'valid_until: 2026-11\n'
notice early 三月五日的通知 2024-03-05 'valid_until: 2026-10\n'
notice late 七月二十日的通知 2024-07-20 ''
build --out "$work/partial" >"$work/log" 2>&1
check "a build with partial dates" test $? -eq 0
y=$work/partial/notices/year/index.html
check "date: 2024 is shown as the year" contains "$y" '发布日期：<time datetime="2024">2024年</time>'
check_not "and with no day" grep -q "1月1日" "$y"
check "date: 2024-07 is shown as the month" contains "$work/partial/notices/month/index.html" \
	'<time datetime="2024-07">2024年7月</time>'
check "the archive lists it as 2024年, no day" contains "$work/partial/notices/index.html" \
	'<span class="nowrap">2024年</span>'
check "the archive: newest first, a partial date after the days within it" bash -c \
	"[ \"\$(grep -oE '(七月二十日|只知月份|三月五日|只知年份)的通知' '$work/partial/notices/index.html' | tr '\n' ' ')\" \
	  = '七月二十日的通知 只知月份的通知 三月五日的通知 只知年份的通知 ' ]"
check "valid_until: 2026-11 lasts through November" bash -c \
	"! grep -q 已过期 '$work/partial/notices/month/index.html'"
check "valid_until: 2026-10 is over by 2026-11-22" contains "$work/partial/notices/early/index.html" "已过期"
check "the feed dates 2024 as its first day" python3 - "$work/partial/feed.xml" <<'EOF'
import re, sys
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
feed = ET.parse(sys.argv[1]).getroot()
rfc3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
for t in feed.iter():
    if t.tag in (A + "updated", A + "published"):
        assert rfc3339.match(t.text), t.text
def published(title):
    e = [x for x in feed.iter(A + "entry") if x.find(A + "title").text == title][0]
    return e.find(A + "published").text
assert published("只知年份的通知") == "2024-01-01T00:00:00Z"
assert published("只知月份的通知") == "2024-07-01T00:00:00Z"
EOF
"$SG" check --content "$work/content" --today 2026 >"$work/log" 2>&1
check "--today still wants a day" grep -q "^--today: '2026' is not a date" "$work/log"
reset_content

# the sections' titles are site.yaml's words, not the program's
sed -i 's/^  notices: .*/  notices: 公告栏/; s/^  guides: .*/  guides: 怎么办/' "$work/content/site.yaml"
"$SG" build --content "$work/content" --out "$work/renamed" --today 2026-11-22 >"$work/log" 2>&1
check "a build with other section titles" test $? -eq 0
check "the feed is titled with the notices' title" contains "$work/renamed/feed.xml" " · 公告栏</title>"
check "the notices page too" contains "$work/renamed/notices/index.html" "公告栏"
check "a guide's breadcrumbs name its section" contains "$work/renamed/guides/repay/index.html" "怎么办"
check_not "and not the old words" grep -q "办事指南" "$work/renamed/guides/repay/index.html"
reset_content

# so are the other pages' titles and descriptions
sed -i 's/^    title: 联系我们$/    title: 联系方式/; s/^    title: 标签$/    title: 关键词/; s/^    title: 宣传资料下载$/    title: 打印资料\n    description: 可以打印的资料。/' "$work/content/site.yaml"
"$SG" build --content "$work/content" --out "$work/renamed" --today 2026-11-22 >"$work/log" 2>&1
check "a build with other page titles" test $? -eq 0
check "the offices page is titled with it" contains "$work/renamed/offices/index.html" "<h1>联系方式</h1>"
check "and the footer links to it so" contains "$work/renamed/index.html" '<a href="/offices/">联系方式</a>'
check "a tag page's crumb names the tags page" contains "$work/renamed/tags/还款/index.html" '<a href="/tags/">关键词</a>'
check "the leaflets page's description" contains "$work/renamed/leaflets/index.html" 'content="可以打印的资料。"'
check "a page without a description has the site's" contains "$work/renamed/offices/index.html" 'content="用于测试的小站点。"'
reset_content

printf '{{#items}}<li>{{name}}</li>{{/items}}{{> part}}' > "$work/t.mustache"
printf '(partial {{title}})' > "$work/part.mustache"
printf '{"items":[{"name":"甲"},{"name":"<乙>"}],"title":"T"}' > "$work/d.json"
check "template command" bash -c "[ \"\$('$SG' template '$work/t.mustache' --data '$work/d.json')\" = '<li>甲</li><li>&lt;乙&gt;</li>(partial T)' ]"
check_not "template with bad JSON fails" "$SG" template "$work/t.mustache" --data "$work/t.mustache"
check "help" "$SG" --help
check_not "unknown command fails" "$SG" frobnicate

finish
