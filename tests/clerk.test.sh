#!/usr/bin/env bash
# The clerk's workflow (issue 12): one build publishes the pages and the
# bot's index together; checks that catch a clerk's mistakes, each with
# file:line; true dates; sitegen new, --version and --help.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
use_servers
SG=$BIN/sitegen
# PDFs are the leaflets test's business; here they would only cost time.
export MINGBAI_WEASYPRINT=

# ---- one step to publish -----------------------------------------------
cp -r content "$work/content"
"$SG" build --content "$work/content" --out "$work/public" >"$work/build.log" 2>&1
check "build succeeds and indexes" test $? -eq 0
check "the build made the index beside its output" test -s "$work/var/askbot.db"
check "the build says it indexed" grep -q "^indexed [0-9]* entries" "$work/build.log"
P=$(free_port)
"$BIN/askbot" serve --site "$work/public" --db "$work/var/askbot.db" --listen 127.0.0.1:$P \
	--log "$work/q.db" --rate-limit 0 --quiet >/dev/null 2>"$work/serve.log" &
pids+=($!)
wait_up $P
check "the bot answers the old figure first" bash -c \
	"curl -s 'http://127.0.0.1:$P/api/ask?q=%E6%9C%AC%E4%B8%93%E7%A7%91%E4%B8%80%E5%B9%B4%E6%9C%80%E5%A4%9A%E8%83%BD%E8%B4%B7%E5%A4%9A%E5%B0%91' | grep -q 20000"
sed -i 's/^  loan_max_undergrad: "20000"/  loan_max_undergrad: "23456"/' "$work/content/site.yaml"
# Ask in a loop on four connections while the site is rebuilt: every
# request must succeed, and the new figure must come within seconds.
python3 - "$P" >"$work/load.log" 2>&1 <<'PY' &
import http.client, json, sys, threading, time, urllib.parse
port = int(sys.argv[1])
q = "/api/ask?q=" + urllib.parse.quote("本专科一年最多能贷多少")
fails, asked, seen_new = [], [0], [None]
start = time.time()
def ask():
    while time.time() - start < 20 and seen_new[0] is None:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", q)
            r = c.getresponse(); body = r.read().decode()
            c.close()
            asked[0] += 1
            # the first answer (confident or the first choice) holds the
            # figure, old or new: a half-built index would show neither
            top = json.loads(body)["answers"][:1] if r.status == 200 else []
            if not top or not ("20000" in top[0]["text"] or "23456" in top[0]["text"]):
                fails.append(r.status)
            elif "23456" in body and seen_new[0] is None:
                seen_new[0] = time.time() - start
        except Exception as e:
            fails.append(repr(e))
ts = [threading.Thread(target=ask) for _ in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
print("asked", asked[0], "failed", len(fails), fails[:5], "new after", seen_new[0])
sys.exit(0 if not fails and seen_new[0] is not None else 1)
PY
load=$!
sleep 0.5
"$SG" build --content "$work/content" --out "$work/public" >"$work/build2.log" 2>&1
check "rebuild with a new loan_max_undergrad succeeds" test $? -eq 0
wait $load
check "the bot answers the new figure within seconds, no request failing on the way" test $? -eq 0
sed "s/^/  load: /" "$work/load.log"
check "the page says the new figure too" grep -rq 23456 "$work/public/faq"
"$SG" build --content "$work/content" --out "$work/public2" --no-index >/dev/null 2>&1
check "--no-index leaves the index alone" test ! -e "$work/var/askbot.db.tmp" -a ! -e "$work/public2.db"
check_not "--no-index does not index" grep -q indexed <("$SG" build --content "$work/content" --out "$work/public2" --no-index 2>&1)

# ---- checks that catch a clerk's mistakes --------------------------------
# Each case starts from the mini fixture, makes one mistake, and expects
# `sitegen check` to exit 1 with the message at file:line, as an error or
# a warning (the summary's counts say which).
export LC_ALL=C LANG=C LANGUAGE=
# (the fixture's <script> line is there to prove it is never published;
# here it would be one more warning in every count)
fresh() { rm -rf "$work/c"; cp -r tests/fixtures/mini "$work/c"; sed -i '/<script>/d' "$work/c/guides/repay.md"; }
expect() { # description, "E W" (errors warnings), pattern, [check options]
	local what=$1 counts=$2 pat=$3; shift 3
	"$SG" check --content "$work/c" "$@" >"$work/c.log" 2>&1
	local rc=$? e=${counts% *} w=${counts#* }
	local want=$(( e + w > 0 ? 1 : 0 ))
	if [ $rc -eq $want ] && grep -q "; $e errors, $w warnings" "$work/c.log" &&
	   grep -qE -- "$pat" "$work/c.log"; then
		ok
	else
		not_ok "$what (exit $rc)"
		sed 's/^/    /' "$work/c.log" >&2
	fi
}
line_of() { grep -nF -- "$2" "$1" | head -n 1 | cut -d: -f1; }
fresh
expect "the mini fixture is clean" "0 0" "^ok:"

fresh
printf '\n## 能贷多少\n\n另一个回答：每年一万。\n' >>"$work/c/faq/money.md"
L=$(grep -n '^## 能贷多少$' "$work/c/faq/money.md" | cut -d: -f1)
expect "the same question twice in a file is an error at the second" "1 0" \
	"faq/money.md:$L: the question '能贷多少' is already asked at line $(line_of "$work/c/faq/money.md" "## 能贷多少？")"

fresh
printf '\n## 钱什么时候到？\n\n也问：贷多少钱；到账时间；到账时间\n\n十一月前后。\n' >>"$work/c/faq/money.md"
L=$(line_of "$work/c/faq/money.md" "也问：贷多少钱；到账")
expect "a 也问 phrase under two questions is a warning" "0 2" \
	"faq/money.md:$L: warning: 也问 '贷多少钱' is also under the question at line $(line_of "$work/c/faq/money.md" "## 能贷多少？")"
expect "a 也问 phrase written twice is a warning" "0 2" \
	"faq/money.md:$L: warning: 也问 '到账时间' is written twice"

fresh
printf '\n##没有空格的问题\n\n回答。\n' >>"$work/c/faq/money.md"
L=$(line_of "$work/c/faq/money.md" "##没有空格")
expect "##问题 without a space is an error" "1 0" "faq/money.md:$L: '##没有空格的问题' is not a heading: put a space after ##"

fresh
printf '\n看[还款指南](guides/repay/)。\n' >>"$work/c/guides/repay.md"
L=$(line_of "$work/c/guides/repay.md" "(guides/repay/)")
expect "a relative link is an error" "1 0" "guides/repay.md:$L: link 'guides/repay/' is relative .*/guides/repay/"

fresh
printf '\n最多 {policy.loan_max} 元。\n' >>"$work/c/guides/repay.md"
L=$(line_of "$work/c/guides/repay.md" " {policy.loan_max} ")
expect "a variable in single braces is an error" "1 0" "guides/repay.md:$L: a variable needs two half-width braces"
fresh
printf '\n最多 ｛｛policy.loan_max｝｝ 元。\n' >>"$work/c/guides/repay.md"
L=$(line_of "$work/c/guides/repay.md" "policy.loan_max｝")
expect "a variable in full-width braces is an error" "1 0" "guides/repay.md:$L: a variable needs two half-width braces"

fresh
printf '\n<div class="x">这段话会丢</div>\n' >>"$work/c/guides/repay.md"
L=$(line_of "$work/c/guides/repay.md" '<div class="x">')
expect "raw HTML is a warning (the page is safe, only shorter)" "0 1" "guides/repay.md:$L: warning: HTML is not published"

fresh
"$SG" new notice 关于测试的通知 --content "$work/c" >"$work/new.log" 2>&1
n=$(sed -n 's/^created //p' "$work/new.log")
expect "a new notice left as it is: the placeholder text is an error" "3 0" \
	"$(basename "$n"):[0-9]+: the placeholder text of 'sitegen new' is still here"
expect "... and its empty 文号 is an error at its line" "3 0" \
	"$(basename "$n"):4: 'doc_number' is empty"
expect "... and its empty issuer" "3 0" "$(basename "$n"):5: 'issuer' is empty"

fresh
sed -i 's/^date: .*/date: 2026-13-01/' "$work/c/notices/new.md"
L=$(line_of "$work/c/notices/new.md" "date: 2026-13-01")
expect "a bad date names its line" "1 0" "notices/new.md:$L: 'date: 2026-13-01' is not a date"

fresh
mkdir -p "$work/c/leaflets"
printf -- '---\ntitle: 明白卡\nlayout: card\n---\n\n每年最多 {{policy.loan_max}} 元。\n' >"$work/c/leaflets/card.md"
expect "leaflets with a public base_url are fine" "0 0" "^ok:"
expect "without the engine check says it cannot count leaflet pages" "0 0" \
	"note: leaflet page counts not checked: the PDF engine is not installed"
sed -i 's#^base_url: .*#base_url: http://127.0.0.1:8080/#' "$work/c/site.yaml"
L=$(line_of "$work/c/site.yaml" "base_url:")
expect "base_url on loopback with leaflets is a warning in check" "0 1" \
	"site.yaml:$L: warning: base_url 'http://127.0.0.1:8080/' is a local address"
sed -i 's#^base_url: .*#base_url: http://192.168.1.20/#' "$work/c/site.yaml"
expect "... and on a private address" "0 1" "site.yaml:$L: warning: base_url 'http://192.168.1.20/' is a local address"
"$SG" build --content "$work/c" --out "$work/rel/public" --release >"$work/rel.log" 2>&1
check "build --release refuses it (exit 1)" test $? -eq 1
check "as an error at its line" grep -q "site.yaml:$L: base_url 'http://192.168.1.20/' is a local address" "$work/rel.log"
check "and publishes nothing" test ! -e "$work/rel/public"
"$SG" build --content "$work/c" --out "$work/rel/public" --no-index >"$work/rel.log" 2>&1
check "a build without --release only warns" test $? -eq 0

# ---- dates that are true ------------------------------------------------
fresh
sed -i 's/{{policy.start}}起/2025年7月1日起/' "$work/c/site.yaml"
L=$(line_of "$work/c/site.yaml" "- label: 受理")
expect "last year's key date is a warning in check" "0 1" \
	"site.yaml:$L: warning: key date '受理' is for 2025, not 2026" --today 2026-03-01
expect "this year's is not" "0 0" "^ok:" --today 2025-03-01
"$SG" build --content "$work/c" --out "$work/d/public" --today 2026-03-01 --no-index >/dev/null 2>&1
check "the home page says which year it is for" grep -q "2025年7月1日起（这是2025年的安排，今年的以当年通知为准）" "$work/d/public/index.html"
"$SG" build --content "$work/c" --out "$work/d/public" --today 2025-03-01 --no-index >/dev/null 2>&1
check_not "... and says nothing when it is this year's" grep -q "这是2025年的安排" "$work/d/public/index.html"
printf 'demo: 本站是演示站点，数据是旧的。\n' >>"$work/c/site.yaml"
expect "a demo site only notes old dates" "0 0" "note: key date '受理' is for 2025" --today 2026-03-01
"$SG" build --content "$work/c" --out "$work/d/public" --today 2026-03-01 --no-index >/dev/null 2>&1
check "a demo site says so on its home page" grep -q "本站是演示站点，数据是旧的。" "$work/d/public/index.html"
"$SG" build --content "$work/c" --out "$work/d/public" --today 2026-03-01 --release --no-index >"$work/d.log" 2>&1
check "build --release refuses a demo site" grep -q "a demonstration site (site.yaml 'demo:') is not for release" "$work/d.log"
"$SG" check --content content >"$work/demo.log" 2>&1
check "the demo content checks clean (notes only)" test $? -eq 0
check "the demo's old acceptance window is noted" grep -q "note: key date '现场受理" "$work/demo.log"
check_not "the content cites no 文号 for the 2024 limits" grep -rqE "额度按.*教财〔2023〕4号|额度按.*loan_limits_doc" content/guides content/notices content/site.yaml

# ---- sitegen new, --version, --help, askbot ask before an index -----------
fresh
"$SG" new notice 关于做好2026年生源地信用助学贷款工作的通知 --content "$work/c" >"$work/new.log" 2>&1
check "new notice: date plus the title in pinyin" bash -c "ls '$work'/c/notices/ | grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}-guan-yu-zuo-hao-2026-nian-sheng-yuan-de\.md$'"
check "new says the page's address" grep -q "/notices/[0-9-]*-guan-yu-zuo-hao-2026-nian-sheng-yuan-de/" "$work/new.log"
"$SG" new notice 关于做好2026年生源地信用助学贷款工作的通知 --content "$work/c" >/dev/null 2>&1
check "the same title again gets -2" bash -c "ls '$work'/c/notices/ | grep -q 'sheng-yuan-de-2\.md$'"
"$SG" new notice 关于贷款工作的通知 --slug daikuan-gongzuo --content "$work/c" >/dev/null 2>&1
check "--slug chooses the name" bash -c "ls '$work'/c/notices/ | grep -qE '^[0-9-]{10}-daikuan-gongzuo\.md$'"
"$SG" new guide 还款须知 --content "$work/c" >/dev/null 2>&1
check "a guide is named in pinyin, without the date" test -f "$work/c/guides/hai-kuan-xu-zhi.md"
check_not "a --slug with Chinese or spaces is refused" "$SG" new faq 问题 --slug "我的 问题" --content "$work/c"
# The page new writes is the theme's archetype (new/KIND.md), and check
# reports that archetype's placeholder lines: a county's own wording is
# both what new writes and what check looks for.
fresh
cp -r themes/default "$work/theme"
cat >"$work/theme/new/guide.md" <<'EOF'
---
title: "{{title}}"
updated: {{date}}
county: 测试县   # a field of the county's own
---

## 先看这里

请在这里写办理步骤。

---

来源：
EOF
"$SG" new guide 自定义指南 --theme "$work/theme" --content "$work/c" >"$work/new.log" 2>&1
check "new with a theme of the county's own succeeds" test $? -eq 0
g=$work/c/guides/zi-ding-yi-zhi-nan.md
check "new writes that theme's archetype, title and date filled in" cmp -s "$g" \
	<(sed "s/{{title}}/自定义指南/; s/{{date}}/$(date +%F)/" "$work/theme/new/guide.md")
expect "check reports the archetype's placeholder line" "2 0" \
	"guides/zi-ding-yi-zhi-nan.md:$(line_of "$g" 请在这里写办理步骤): the placeholder text of 'sitegen new'" --theme "$work/theme"
expect "... and its label left alone (来源：)" "2 0" \
	"guides/zi-ding-yi-zhi-nan.md:$(grep -n '^来源：$' "$g" | cut -d: -f1): the placeholder text of 'sitegen new'" --theme "$work/theme"
sed -i 's/^请在这里写办理步骤。$/带上身份证去资助中心。/; s/^来源：$/来源：测试县的通知。/' "$g"
printf '\n写下家长要做的第一件事。\n' >>"$g"
expect "filled in, it passes; the default theme's placeholder is not this theme's" "0 0" "^ok:" --theme "$work/theme"
expect "... but is the default theme's" "1 0" \
	"guides/zi-ding-yi-zhi-nan.md:$(line_of "$g" 写下家长要做的第一件事): the placeholder text of 'sitegen new'"
rm "$work/theme/new/faq.md"
"$SG" new faq 问题 --theme "$work/theme" --content "$work/c" >"$work/new.log" 2>&1
check "new without the kind's archetype fails (exit 2)" test $? -eq 2
check "naming the file it needs" grep -qF "$work/theme/new/faq.md: cannot read the archetype of 'sitegen new faq'" "$work/new.log"
check "and makes no page" test ! -e "$work/c/faq/wen-ti.md"
LC_ALL= LANG=zh_CN.UTF-8 "$SG" new faq 问题 --theme "$work/theme" --content "$work/c" >"$work/new.log" 2>&1
check "in Chinese too" grep -qF "$work/theme/new/faq.md: 读不了“sitegen new faq”用的样板页" "$work/new.log"
expect "check without an archetype is an error at its path" "1 0" \
	"$work/theme/new/faq.md: cannot read the archetype" --theme "$work/theme"
check "sitegen --version" bash -c "'$SG' --version | grep -qE '^sitegen \(Mingbai\) [0-9]+\.[0-9]+'"
check "askbot --version" bash -c "'$BIN/askbot' --version | grep -qE '^askbot \(Mingbai\) [0-9]+\.[0-9]+'"
"$SG" build --help >"$work/help.log" 2>&1
check "build --help exits 0" test $? -eq 0
check "build --help gives the build's own options" grep -q -- "--no-index" "$work/help.log"
check_not "build --help is not the general usage" grep -q "template FILE" "$work/help.log"
check "new --help gives --slug" bash -c "'$SG' new --help | grep -q -- --slug"
"$BIN/askbot" ask --db "$work/none/askbot.db" 能贷多少 >"$work/ask.log" 2>&1
check "askbot ask before any index fails" test $? -eq 1
check "and says what to run" grep -q "run sitegen build (or askbot index) first" "$work/ask.log"
LC_ALL= LANG=zh_CN.UTF-8 "$BIN/askbot" ask --db "$work/none/askbot.db" 能贷多少 >"$work/ask.log" 2>&1
check "in Chinese too: 先运行" grep -q "先运行 sitegen build" "$work/ask.log"

# ---- Chinese for the clerk (gettext) ---------------------------------------
check "msgfmt made the Chinese catalogue beside the programs" test -s "$BIN/locale/zh_CN/LC_MESSAGES/mingbai.mo"
fresh
printf 'title: 测试站\npolicy:\n  loan_max: "1"\n   start: "2"\n' >"$work/c/site.yaml"
LC_ALL= LANG=zh_CN.UTF-8 "$SG" check --content "$work/c" >"$work/zh.log" 2>&1
check "a libyaml error in Chinese, for a person, with its line" grep -q "site.yaml:4: 这一行的缩进和上面几行对不上" "$work/zh.log"
check "the summary in Chinese" grep -q "^检查未通过：.*错误 1 个" "$work/zh.log"
LANG=C "$SG" check --content "$work/c" >"$work/en.log" 2>&1
check "the same in English otherwise" grep -q "site.yaml:4: this line's indentation does not match the lines above it" "$work/en.log"
printf 'title: 测试站\nnote: 注意: 这里\npolicy:\n  loan_max: "1"\n' >"$work/c/site.yaml"
LC_ALL= LANG=zh_CN.UTF-8 "$SG" check --content "$work/c" >"$work/zh.log" 2>&1
check "a colon in a value: put it in quotes" grep -q "site.yaml:2: 值里面有“: ”（冒号加空格）：请把整个值放在引号里" "$work/zh.log"
printf 'policy:\n  loan_max: "1"\ntitle: "测试站\n\n' >"$work/c/site.yaml"
"$SG" check --content "$work/c" >"$work/en.log" 2>&1
check "an unclosed quote is reported where it opens" grep -q "site.yaml:3: a quotation mark opened on this line is never closed" "$work/en.log"
printf 'title: 测试站\nowner：测试中心\npolicy:\n  loan_max: "1"\n' >"$work/c/site.yaml"
"$SG" check --content "$work/c" >"$work/en.log" 2>&1
check "a full-width colon is named" grep -q "site.yaml:2: this line has no 'key: value' colon (a full-width '：'" "$work/en.log"
fresh
sed -i '/^  leaflets: /d' "$work/c/site.yaml"
LC_ALL= LANG=zh_CN.UTF-8 "$SG" check --content "$work/c" >"$work/zh.log" 2>&1
check "a section without a title, in Chinese, at the line of sections:" grep -q "site.yaml:$(grep -n '^sections:' "$work/c/site.yaml" | cut -d: -f1): sections.leaflets 需要填栏目名称" "$work/zh.log"
fresh
sed -i '/^  not_found:$/,+1d' "$work/c/site.yaml"
LC_ALL= LANG=zh_CN.UTF-8 "$SG" check --content "$work/c" >"$work/zh.log" 2>&1
check "a page without a title, in Chinese, at the line of pages:" grep -q "site.yaml:$(grep -n '^pages:' "$work/c/site.yaml" | cut -d: -f1): pages.not_found 需要填 title" "$work/zh.log"
fresh
printf '\n##没有空格\n\n回答。\n' >>"$work/c/faq/money.md"
LC_ALL= LANG=zh_CN.UTF-8 "$SG" check --content "$work/c" >"$work/zh.log" 2>&1
check "a content error in Chinese" grep -q "faq/money.md:[0-9]*: “##没有空格”不会成为标题：请在 ## 后面加一个空格" "$work/zh.log"
fresh
printf '\n详见[这里](/guides/nosuch/)。\n' >>"$work/c/faq/money.md"
LC_ALL= LANG=zh_CN.UTF-8 "$SG" check --content "$work/c" >"$work/zh-link.log" 2>&1
check "a broken link in Chinese, at its line" grep -qE "faq/[a-z]+\.md:[0-9]+: 链接到 /guides/nosuch/：没有这个页面" "$work/zh-link.log"
LC_ALL= LANG=zh_CN.UTF-8 "$SG" build --content "$work/c" --theme "$work/no-theme" --out "$work/o" >"$work/zh-theme.log" 2>&1
check "a missing theme in Chinese" grep -q "no-theme: 没有这个主题文件夹" "$work/zh-theme.log"
check "build --help in Chinese" bash -c "LC_ALL= LANG=zh_CN.UTF-8 '$SG' build --help | grep -q '^用法：sitegen build'"
check "askbot --help in Chinese" bash -c "LC_ALL= LANG=zh_CN.UTF-8 '$BIN/askbot' --help | grep -q '^用法：askbot'"
check "English when LANG is not Chinese" bash -c "LC_ALL= LANG=en_US.UTF-8 '$SG' build --help | grep -q '^usage: sitegen build'"
# askbot serve's own messages, as the operator starting it reads them.
zh() { LC_ALL= LANG=zh_CN.UTF-8 LANGUAGE= "$@"; }
en() { LC_ALL= LANG=en_US.UTF-8 LANGUAGE= "$@"; }
zh "$BIN/askbot" serve --site "$work/nonexistent" >"$work/zh.log" 2>&1
check "askbot serve without a site, in Chinese" grep -q "^askbot serve: .*/nonexistent：没有这个网站文件夹（请运行 sitegen build）" "$work/zh.log"
en "$BIN/askbot" serve --site "$work/nonexistent" >"$work/en.log" 2>&1
check "and in English" grep -q "^askbot serve: .*/nonexistent: no such site folder (run sitegen build)" "$work/en.log"
zh "$BIN/askbot" serve --bogus 1 >"$work/zh.log" 2>&1
check "an unknown serve option in Chinese" grep -q "^askbot serve: 不认识的选项 --bogus" "$work/zh.log"
check "with serve's usage in Chinese" grep -q "^用法：askbot serve" "$work/zh.log"
en "$BIN/askbot" serve --bogus 1 >"$work/en.log" 2>&1
check "an unknown serve option in English" grep -q "^askbot serve: unknown option --bogus" "$work/en.log"
check "with serve's usage in English" grep -q "^usage: askbot serve" "$work/en.log"
zh "$BIN/askbot" serve --bogus >"$work/zh.log" 2>&1
check "an option without its value, in Chinese" grep -q "^askbot serve: --bogus 后面要跟一个值" "$work/zh.log"
en "$BIN/askbot" serve --bogus >"$work/en.log" 2>&1
check "and in English" grep -q "^askbot serve: --bogus needs a value" "$work/en.log"
check "askbot serve --help in Chinese" bash -c "LC_ALL= LANG=zh_CN.UTF-8 '$BIN/askbot' serve --help | grep -q '^收到 SIGHUP 时重新载入索引'"
P=$(free_port)
LC_ALL= LANG=zh_CN.UTF-8 LANGUAGE= "$BIN/askbot" serve --site "$work/public" --db "$work/var/askbot.db" --listen 127.0.0.1:$P \
	--log "$work/zh-q.db" --quiet >"$work/zh-serve.out" 2>"$work/zh-serve.err" &
zpid=$!
pids+=($zpid)
wait_up $P
kill -HUP $zpid; sleep 0.5; kill $zpid; wait $zpid 2>/dev/null
check "askbot serve says where it serves, in Chinese" grep -q "^明白正在提供网站 .* 和问答机器人，网址 http://127.0.0.1:$P/" "$work/zh-serve.out"
check "that it reloaded, in Chinese" grep -q "^askbot serve: 已重新载入索引和回答页面" "$work/zh-serve.err"
check "and that it stops, in Chinese" grep -q "^askbot serve: 正在停止" "$work/zh-serve.err"
printf '# question\texpect\n只有问题没有答案\n' >"$work/notab.tsv"
zh "$BIN/askbot" eval --db "$work/var/askbot.db" "$work/notab.tsv" >"$work/zh.log" 2>&1
check "askbot eval's errors in Chinese" grep -q "notab.tsv:2: 问题和应有的事实之间没有 TAB（制表符）" "$work/zh.log"
zh "$BIN/askbot" eval --db "$work/var/askbot.db" "$work/none.tsv" >"$work/zh.log" 2>&1
check "a system error in a Chinese message" grep -q "none.tsv：读不了：" "$work/zh.log"
check_not "is not question marks" grep -q "??" "$work/zh.log"
zh "$BIN/askbot" ask --db "$work/public/search.json" 能贷多少 >"$work/zh.log" 2>&1
check "not an index, in Chinese" grep -q "search.json：不是明白的索引（请运行 askbot index）" "$work/zh.log"
check "make run speaks Chinese by default" grep -q "^RUN_LANG ?= zh_CN.UTF-8" Makefile
# A message marked _() but missing from po/zh_CN.po would print in English.
xgettext --from-code=UTF-8 -k_ -kN_ -kngettext:1,2 --no-location -o "$work/now.pot" \
	generator/*.c generator/base/*.c bot/*.c 2>/dev/null
msgmerge -q --no-fuzzy-matching po/zh_CN.po "$work/now.pot" -o "$work/now.po" 2>/dev/null
msgfmt --statistics -o /dev/null "$work/now.po" >"$work/stat.log" 2>&1
check "po/zh_CN.po translates every marked message" bash -c "grep -q 'translated message' '$work/stat.log' && ! grep -qE 'untranslated|fuzzy' '$work/stat.log'"

finish
