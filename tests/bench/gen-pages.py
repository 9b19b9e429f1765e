#!/usr/bin/env python3
"""Write N pages of realistic Chinese Markdown (about 8 KB each: headings,
paragraphs, lists, a table, links to other pages) twice: as Mingbai content
and as a Hugo site with the same bodies. Deterministic for a given N."""
import os, random, sys

n = int(sys.argv[1]); root = sys.argv[2]
rng = random.Random(n)
words = ("生源地 信用 助学贷款 学生 家长 共同借款人 县级 资助 管理中心 受理 证明 回执 高校 "
         "录入 续贷 声明 首贷 预申请 家庭经济困难 认定 户籍 全日制 本专科 研究生 额度 利率 "
         "贴息 宽限期 还款 提前 逾期 征信 毕业 确认 学籍 变动 休学 救助 免息 本金 延期 "
         "诈骗 手续费 国家开发银行 呼叫中心 合同 签订 材料 身份证 户口簿 录取通知书 "
         "学费 住宿费 生活费 退还 账户 到账 发放 审批 每年 办理 线上 预约 叫号 错峰").split()
def sentence():
    s = "".join(rng.choice(words) for _ in range(rng.randint(6, 14)))
    return s + rng.choice("。。。，；") if rng.random() < .2 else s + "。"
def para(k): return "".join(sentence() for _ in range(k))
def body(i):
    out = [para(3), ""]
    for h in range(6):
        out += [f"## 第{h+1}部分 {rng.choice(words)}{rng.choice(words)}", "", para(5), ""]
        out += [f"- {para(1)}" for _ in range(4)] + [""]
        if h == 2:
            out += ["| 项目 | 说明 | 时间 |", "| --- | --- | --- |"]
            out += [f"| {rng.choice(words)} | {para(1)} | {rng.randint(1,12)}月{rng.randint(1,28)}日 |" for _ in range(5)]
            out += [""]
        j = rng.randrange(n)
        out += [f"详见[第{j}页](/guides/p{j:05d}/)和**{rng.choice(words)}**的说明。{para(2)}", ""]
    return "\n".join(out) + "\n"

mb = os.path.join(root, "mingbai"); hg = os.path.join(root, "hugo")
os.makedirs(os.path.join(mb, "guides"), exist_ok=True)
os.makedirs(os.path.join(hg, "content", "guides"), exist_ok=True)
with open(os.path.join(mb, "site.yaml"), "w") as f:
    f.write("title: 基准站\nowner: 基准\nbase_url: http://127.0.0.1/\n"
            "sections:\n  guides: 办事指南\n  notices: 通知公告\n  faq: 常见问题\n  leaflets: 宣传资料\n"
            "pages:\n  offices: {title: 联系我们}\n  ask: {title: 在线咨询}\n"
            "  leaflets: {title: 宣传资料下载}\n  tags: {title: 标签}\n  not_found: {title: 页面没有找到}\n"
            "hotlines:\n  - name: 热线\n    phone: \"95593\"\npolicy:\n  x: \"1\"\n")
for i in range(n):
    b = body(i)
    fm = f"---\ntitle: 第{i}页 {rng.choice(words)}指南\ndate: 2026-01-01\nsummary: {para(1)}\n"
    with open(os.path.join(mb, "guides", f"p{i:05d}.md"), "w") as f:
        f.write(fm + "---\n\n" + b)
    with open(os.path.join(hg, "content", "guides", f"p{i:05d}.md"), "w") as f:
        f.write(fm + "---\n\n" + b)
