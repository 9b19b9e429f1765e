#!/usr/bin/env python3
"""Checks of tests/eval/cv.py, the script every figure `make eval` reports
comes from: how a reply is decided and counted, how folds are drawn, that
the weight search finds a weight that ranks right, and that a --holdout set
is never fitted on. Synthetic questions, so each check knows its answer.
Ends with the "N passed, N failed" line tests/run.sh reads."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cv  # noqa: E402

passed = failed = 0


def check(what, cond):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what)


def feats(**kw):
    f = {k: 0.0 for k in cv.FEATURES}
    f["miss"] = 0.0
    f.update(kw)
    return f


def question(set_, inq, cands, unknown=0.0, other=False, ours=False):
    """cands: (url, right, features) in any order."""
    return {"set": set_, "q": "q", "in": inq,
            "signals": {"unknown": unknown, "other": other, "ours": ours},
            "cands": [{"id": u, "url": u, "f": f, "right": r} for u, r, f in cands]}


# ---- decide: every threshold as engine.h documents it -------------------------
T = (0.2, 0.85, 0.6, 0.06, 1.2, 0.0, 0.5)  # decline unknown miss gap answer named bare
base = dict(n=3, other=False, unknown=0.1, ours=False, cov=0.5, miss=0.1, gap=0.5, score=1.5)
check("a clear lead is an answer", cv.decide(base, T) == "answer")
check("no candidate is a decline", cv.decide(dict(base, n=0), T) == "decline")
check("another lender's product is a decline", cv.decide(dict(base, other=True), T) == "decline")
check("low coverage is a decline", cv.decide(dict(base, cov=0.1), T) == "decline")
check("low coverage, the loan named: its own least coverage",
      cv.decide(dict(base, cov=0.1, ours=True), T) == "answer")
check("too much unknown is a decline", cv.decide(dict(base, unknown=0.9), T) == "decline")
check("a question naming no loan has its own most unknown",
      cv.decide(dict(base, unknown=0.6, bare=True), T) == "decline" and
      cv.decide(dict(base, unknown=0.6), T) == "answer")
check("a heavy missed word is a decline", cv.decide(dict(base, miss=0.7), T) == "decline")
check("a small lead is a did-you-mean", cv.decide(dict(base, gap=0.03), T) == "did_you_mean")
check("a low score is a did-you-mean", cv.decide(dict(base, score=1.0), T) == "did_you_mean")

# ---- summary: the lead is over the next answer on another page ----------------
q = question("s", True, [("/a#1", True, feats(cov=1.0)), ("/a#1", False, feats(cov=0.9)),
                         ("/b#2", False, feats(cov=0.5))])
w = {k: 0.0 for k in cv.FEATURES}
w["cov"] = 1.0
s = cv.summary(q, w)
check("summary: best is first", s["right1"] and abs(s["score"] - 1.0) < 1e-9)
check("summary: two answers on one page are one", abs(s["gap"] - 0.5) < 1e-9)

# ---- score: what counts where ----------------------------------------------
ans_in_right = dict(base, set="s", inq=True, right1=True, right3=True)
ans_in_wrong = dict(ans_in_right, right1=False)
dym_in_right = dict(ans_in_right, gap=0.0)
decl_in_right = dict(ans_in_right, cov=0.05)
ans_oos = dict(base, set="s", inq=False, right1=False, right3=False)
dym_oos = dict(ans_oos, gap=0.0)
decl_oos = dict(ans_oos, other=True)
m = cv.score([ans_in_right, ans_in_wrong, dym_in_right, decl_in_right, ans_oos, dym_oos, decl_oos], T)
check("score: in scope and out counted", m["inq"] == 4 and m["oos"] == 3)
check("score: top-1 counts answers and did-you-means, not declines", m["top1"] == 2)
check("score: a declined in-scope question counts as declined", m["decl"] == 1)
check("score: an answered out-of-scope question is a confident answer, never right",
      m["ans"] == 3 and m["ans_right"] == 1)
check("score: out-of-scope declines and did-you-means", m["oos_decl"] == 1 and m["oos_dym"] == 1)
r = cv.rates(m)
check("rates: confident answers right is right answers over all answers",
      abs(r["right"] - 1 / 3) < 1e-9)

# ---- fit_thresholds: the least coverage that parts in scope from out ------
sums = ([dict(base, set="s", inq=True, cov=0.5, right1=True, right3=True)] * 20 +
        [dict(base, set="s", inq=False, cov=0.17, right1=False, right3=False)] * 10)
ft = cv.fit_thresholds(sums)
fm = cv.rates(cv.score(sums, ft))
check("fit_thresholds: every out-of-scope question declined", fm["oos"] == 1.0)
check("fit_thresholds: no in-scope question declined", fm["decl"] == 0.0)
# questions that name no loan: the out-of-scope ones mostly in words the
# pages lack, the in-scope ones not; only the bare threshold parts them
sums = ([dict(base, set="s", inq=True, bare=True, unknown=0.35, right1=True, right3=True)] * 20 +
        [dict(base, set="s", inq=True, unknown=0.75, right1=True, right3=True)] * 5 +
        [dict(base, set="s", inq=False, bare=True, unknown=0.65, right1=False, right3=False)] * 10)
ft = cv.fit_thresholds(sums)
fm = cv.rates(cv.score(sums, ft))
check("fit_thresholds: a bare question mostly unknown declined", fm["oos"] == 1.0)
check("fit_thresholds: the loan named, as much unknown is not declined", fm["decl"] == 0.0)
check("fit_thresholds: the bare threshold lies between them", 0.35 <= ft[6] < 0.65)

# ---- split: folds are disjoint and cover every question ----------------------
qs = [question("s", True, [("/x", True, feats())]) for _ in range(23)]
for i, x in enumerate(qs):
    x["q"] = str(i)
seen = []
for f in range(5):
    train, test = cv.split(qs, 5, 7, f)
    tr = {x["q"] for x in train}
    te = {x["q"] for x in test}
    check("split: fold %d's test questions are not in its training set" % f, not (tr & te))
    check("split: fold %d's two parts make the whole" % f, len(tr | te) == len(qs))
    seen += list(te)
check("split: each question is tested exactly once", sorted(seen) == sorted(x["q"] for x in qs))


# ---- fit_weights: the search finds the weight that ranks right ---------------
def ranked_by(feature, n=30, set_="s", against="bm25"):
    """Questions whose right entry is the one high on feature, and whose
    wrong one is high on another, which the built-in start weighs."""
    out = []
    for i in range(n):
        good = feats(**{feature: 0.9})
        bad = feats(**{against: 0.9})
        # the wrong one first, so that a tie does not rank the right one first
        out.append(question(set_, True, [("/bad%d" % i, False, bad), ("/good%d" % i, True, good)]))
    return out


# from the built-in start alone, so the search, not a lucky random start,
# must find it
restarts, cv.RESTARTS = cv.RESTARTS, 0
fw = cv.fit_weights(ranked_by("soft"))
cv.RESTARTS = restarts
check("fit_weights: the feature that ranks right gets weight", fw["soft"] > 0)
rk = [cv.ranked(x, fw)[0][1]["right"] for x in ranked_by("soft")]
check("fit_weights: every question ranked right", all(rk))

# a start the search cannot leave for the better weights one step at a time
# (the wrong entry high on everything the start weighs), and those weights
# given as a start of their own: the fit keeps them
hard = []
for i in range(20):
    bad = feats(cov=0.9, fit=0.9, bm25=0.9, faq=1.0)
    hard.append(question("s", True, [("/bad%d" % i, False, bad), ("/good%d" % i, True, feats(soft=0.9))]))
restarts, cv.RESTARTS = cv.RESTARTS, 0
alone = cv.fit_weights(hard)
given = cv.fit_weights(hard, also={k: (1.0 if k == "soft" else 0.0) for k in cv.FEATURES})
cv.RESTARTS = restarts
check("fit_weights: from the usual start alone the search stays short",
      not all(cv.ranked(x, alone)[0][1]["right"] for x in hard))
check("fit_weights: a better start given is kept",
      all(cv.ranked(x, given)[0][1]["right"] for x in hard))
bi = cv.built_in()
check("built_in: every feature's weight read from bot/engine.c",
      bi is not None and set(bi) == set(cv.FEATURES))


# ---- main: a --holdout set is scored, never fitted on ------------------------
def fitted_line(paths, holdout):
    args = [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "cv.py"),
            "--folds", "2", "--inner", "2"] + paths
    for h in holdout:
        args += ["--holdout", h]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    fit = [line for line in out.splitlines() if line.startswith("fitted on all")]
    held = [line for line in out.splitlines() if line.startswith("never fitted on")]
    return (fit[0] if fit else None), held


with tempfile.TemporaryDirectory() as d:
    def write(name, rows):
        p = os.path.join(d, name)
        with open(p, "w", encoding="utf-8") as fh:
            for x in rows:
                fh.write(json.dumps(x, ensure_ascii=False) + "\n")
        return p

    main_set = write("main.jsonl", ranked_by("cov", 20, "main"))
    # a blind set that, were it fitted on, would pull the weights to `bm25`
    blind = write("blind.jsonl", ranked_by("bm25", 60, "blind", against="cov"))
    alone, _ = fitted_line([main_set], [])
    with_blind, held = fitted_line([main_set], [blind])
    check("main: the fit is printed", alone is not None)
    check("main: a --holdout set does not move the fitted weights", alone == with_blind)
    check("main: a --holdout set is scored", len(held) == 1 and "blind" in held[0])

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
