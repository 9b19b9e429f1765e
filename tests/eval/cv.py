#!/usr/bin/env python3
"""Fit the bot's ranking weights and decision thresholds by k-fold
cross-validation, and report held-out figures.

Input: the JSON lines `askbot eval --features FILE` writes (every candidate
of every question with its features, and whether it is right). The engine
ranks by a weighted sum of the features (bot/engine.c, W_*) and decides
between an answer, a did-you-mean and a decline by thresholds
(engine_default_thresholds). Here both are fitted on k-1 folds of all the
questions pooled and scored on the fold left out, so every figure printed
under "held-out" comes from questions its weights never saw. The last part
fits on everything, its search starting also from the weights built in now:
those are the values to build in.

Aims, in order (issue 11): confident answers right at least 90% of the time,
out-of-scope questions declined at least 85%, in-scope ones declined at most
8%; within those, the most questions whose first answer is right (on an
answer or a did-you-mean) and the most right confident answers.

Usage: cv.py [--folds K] [--seed N] [--repeats R] [--relevance facts|entries]
             [--holdout SET.jsonl ...] FEATURES.jsonl ...
With --repeats R the folds are drawn R times (seeds N .. N+R-1) and the
held-out figures count every question R times; every fit (each fold's and
the built-in one) draws its inner folds R times too.
A --holdout file is never fitted on: it is scored with the weights fitted on
all the others (the blind set).
"""
import json
import multiprocessing
import os
import random
import re
import sys

FEATURES = ["cov", "cov0", "fit", "head", "bm25", "faq", "asks", "subj", "ctx", "soft"]
# the grid each weight is searched on (coordinate ascent)
GRID = {
    "cov": [0.0, 0.25, 0.5, 0.75, 1.0],
    "cov0": [0.0, 0.25, 0.5, 0.75, 1.0],
    "fit": [0.0, 0.2, 0.4, 0.6, 0.8, 1.2, 1.6],
    "head": [0.0, 0.25, 0.5, 0.75, 1.0, 1.5],
    "bm25": [0.0, 0.1, 0.2, 0.3, 0.45, 0.6],
    "faq": [0.0, 0.05, 0.1, 0.2],
    "asks": [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4],
    "subj": [0.0, 0.1, 0.2, 0.3, 0.5, 0.75],
    "ctx": [0.0, 0.05, 0.1, 0.2, 0.3, 0.5],
    "soft": [0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0],
}
RESTARTS = 3
START = {"cov": 1.0, "cov0": 0.0, "fit": 0.8, "head": 0.0, "bm25": 0.3, "faq": 0.05, "asks": 0.0,
         "subj": 0.0, "ctx": 0.0, "soft": 0.0}
T_DECLINE = [0.15, 0.2, 0.25, 0.3, 0.4]
T_UNKNOWN = [0.65, 0.85, 1.01]
T_MISS = [0.4, 0.6, 1.01]
T_GAP = [0.0, 0.03, 0.06, 0.1, 0.15, 0.2, 0.3]
T_ANSWER = [0.0, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5]  # least score of a confident answer
# least coverage where the question names the student loan (bot/engine.h)
T_DECLINE_NAMED = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]
# most unknown share where the question speaks of no loan at all (1.01: as
# any other question)
T_UNKNOWN_BARE = [0.3, 0.4, 0.5, 0.6, 0.7, 1.01]

TARGET_OOS, TARGET_DECL = 0.85, 0.08
# The aim for right confident answers is 90%, fitted to with a margin: the
# thresholds are fitted to rankings by weights that did not see the
# question (fit()), yet chosen as the best of many on those same rankings,
# which flatters them a little. Fitted to 90%, the shared real set's
# held-out confident answers were 87.9% right; to 92%, 89.2% (2026-12-03).
FIT_RIGHT = 0.92
BY_ENTRIES = False


def load(paths):
    qs = []
    for p in paths:
        for line in open(p, encoding="utf-8"):
            r = json.loads(line)
            qs.append(r)
    return qs


def ranked(q, w):
    """The candidates in rank order under weights w, each (score, cand)."""
    out = []
    for c in q["cands"]:
        f = c["f"]
        s = sum(w[k] * f[k] for k in FEATURES)
        out.append((s, c))
    out.sort(key=lambda x: -x[0])
    return out


def summary(q, w):
    """What deciding needs of one question under weights w."""
    r = ranked(q, w)
    sig = q.get("signals") or {}
    other = bool(sig.get("other"))
    if not r:
        return dict(set=q["set"], n=0, other=other, unknown=sig.get("unknown", 1), inq=q["in"])
    top = r[0][1]
    gap = 1.0
    for s, c in r[1:]:
        if c["url"] != top["url"]:
            gap = r[0][0] - s
            break
    return dict(set=q["set"], n=len(r), other=other, unknown=sig.get("unknown", 1), inq=q["in"],
                ours=bool(sig.get("ours")), bare=bool(sig.get("bare")), cov=top["f"]["cov"], miss=top["f"]["miss"], gap=gap, score=r[0][0],
                right1=bool(top.get("right")), right3=any(c.get("right") for _, c in r[:3]))


def decide(s, t):
    dec, unk, miss, gap, ans, dec_named, unk_bare = t
    least = dec_named if s.get("ours") else dec
    if s.get("bare"):
        unk = min(unk, unk_bare)
    if not s["n"] or s["other"] or s["cov"] < least or s["unknown"] > unk or s["miss"] > miss:
        return "decline"
    if s["gap"] < gap or s["score"] < ans:
        return "did_you_mean"
    return "answer"


def score(sums, t):
    m = dict(inq=0, oos=0, top1=0, top3=0, decl=0, ans=0, ans_right=0, oos_decl=0, oos_dym=0)
    for s in sums:
        k = decide(s, t)
        if s["inq"]:
            m["inq"] += 1
            shown = k != "decline"
            m["top1"] += shown and s["right1"]
            m["top3"] += shown and s["right3"]
            m["decl"] += k == "decline"
            m["ans"] += k == "answer"
            m["ans_right"] += k == "answer" and s["right1"]
        else:
            m["oos"] += 1
            m["oos_decl"] += k == "decline"
            m["oos_dym"] += k == "did_you_mean"
            m["ans"] += k == "answer"
    return m


def rates(m):
    d = lambda a, b: a / b if b else 0.0
    return dict(top1=d(m["top1"], m["inq"]), top3=d(m["top3"], m["inq"]),
                decl=d(m["decl"], m["inq"]), oos=d(m["oos_decl"], m["oos"]) if m["oos"] else 1.0,
                right=d(m["ans_right"], m["ans"]) if m["ans"] else 1.0,
                conf=d(m["ans_right"], m["inq"]))


def objective(m):
    r = rates(m)
    short = (max(0, FIT_RIGHT - r["right"]) + max(0, TARGET_OOS - r["oos"]) +
             max(0, r["decl"] - TARGET_DECL))
    return r["top1"] + 0.5 * r["conf"] - 4 * short


def fit_weights(qs, seed=1, also=None):
    """Coordinate ascent on the ranking alone, from the hand-set start and
    from random starts, so the fit is not held to the point the weights were
    hand-set at; with also, from those weights too. A candidate is relevant when it holds the expected facts,
    as the figures count it; with --relevance entries, when it is one of the
    entries a set names (where it names some), which rewards an entry for
    being about the question rather than for mentioning its words."""
    rows = []
    for q in qs:
        if not q["in"] or not q["cands"]:
            continue
        named = BY_ENTRIES and any("entry" in c for c in q["cands"])
        rel = [bool(c.get("entry") if named else c.get("right")) for c in q["cands"]]
        if not any(rel):
            continue  # no weights can rank it right
        rows.append(([tuple(c["f"][k] for k in FEATURES) for c in q["cands"]], rel))

    def scores(w):
        wt = tuple(w[k] for k in FEATURES)
        return [[sum(a * b for a, b in zip(wt, f)) for f in feats] for feats, _ in rows]

    def rank_score(base, j=0, dv=0.0):
        """The ranking's merit with base scores, feature j moved by dv: one
        weight changes at a time, so a candidate's score is its base plus
        dv times that feature (the sums need not be made anew)."""
        t1 = t3 = 0
        for (feats, rel), b in zip(rows, base):
            sc = [x + dv * f[j] for x, f in zip(b, feats)] if dv else b
            order = sorted(range(len(sc)), key=sc.__getitem__, reverse=True)[:3]
            t1 += rel[order[0]]
            t3 += any(rel[i] for i in order)
        return t1 + 0.25 * t3

    rnd = random.Random(seed)
    starts = [dict(START)] + [{k: rnd.choice(GRID[k]) for k in FEATURES} for _ in range(RESTARTS)]
    if also:
        starts.append(dict(also))
    best_w, best = None, None
    for w in starts:
        base = scores(w)
        cur = rank_score(base)
        for _ in range(3):
            moved = False
            for j, k in enumerate(FEATURES):
                for v in GRID[k]:
                    if v == w[k]:
                        continue
                    s = rank_score(base, j, v - w[k])
                    if s > cur + 1e-9:
                        cur, w, moved = s, dict(w, **{k: v}), True
                        base = scores(w)
            if not moved:
                break
        if best is None or cur > best + 1e-9:
            best, best_w = cur, w
    return best_w


def fit_thresholds(sums):
    """The thresholds whose worst set best meets the aims: a set fitted to
    by hand before must not hide another where answers go wrong.

    The least coverage of a question that names the loan is fitted last,
    the others held: fitted together, it lets the fit raise the common
    least coverage (declining more out-of-scope questions) at the cost of
    in-scope questions that do not name the loan, which the visible sets
    hold few of and parents' questions many (2026-12-03: blind set 1
    declined 20% of its in-scope questions that way, against 6% fitted
    in turn)."""
    sets = {}
    for s in sums:
        sets.setdefault(s["set"], []).append(s)

    def worst(t):
        return min(objective(score(v, t)) for v in sets.values())

    best, bt = None, None
    for dec in T_DECLINE:
        for unk in T_UNKNOWN:
            for miss in T_MISS:
                for gap in T_GAP:
                    for ans in T_ANSWER:
                        t = (dec, unk, miss, gap, ans, dec, 1.01)
                        o = worst(t)
                        if best is None or o > best + 1e-9:
                            best, bt = o, t
    for named in T_DECLINE_NAMED:
        t = bt[:5] + (named,) + bt[6:]
        if named < bt[0] and worst(t) > best + 1e-9:
            best, bt = worst(t), t
    for bare in T_UNKNOWN_BARE:
        t = bt[:6] + (bare,)
        if bare < bt[1] and worst(t) > best + 1e-9:
            best, bt = worst(t), t
    return bt


INNER_FOLDS = 5  # 0: thresholds fitted on the rankings of the questions fitted to


def split(qs, folds, seed, f):
    """Fold f of qs drawn into folds by seed, and the rest: (train, test)."""
    idx = list(range(len(qs)))
    random.Random(seed).shuffle(idx)
    fold_of = {q: n % folds for n, q in enumerate(idx)}
    return ([qs[i] for i in range(len(qs)) if fold_of[i] != f],
            [qs[i] for i in range(len(qs)) if fold_of[i] == f])


def inner_split(job):
    """How the questions of one inner fold rank under weights fitted on
    the other folds of that split."""
    qs, seed, f = job
    train, test = split(qs, INNER_FOLDS, seed, f)
    wf = fit_weights(train)
    return [summary(q, wf) for q in test]


def fit(qs, repeats=1, pool=None, also=None):
    """Weights fitted on qs; thresholds fitted on how those questions rank
    under weights that did not see them (inner folds of qs, drawn repeats
    times). Ranked by weights fitted to it, a question comes out right
    more often than a new one does, and thresholds fitted there answer too
    readily: fitted so, the real set's held-out confident answers were 87%
    right where 95% was aimed at (2026-12-03)."""
    w = fit_weights(qs, also=also)
    if not INNER_FOLDS:
        return w, fit_thresholds([summary(q, w) for q in qs])
    jobs = [(qs, len(qs) + r, f) for r in range(repeats) for f in range(INNER_FOLDS)]
    parts = pool.map(inner_split, jobs) if pool else [inner_split(j) for j in jobs]
    return w, fit_thresholds([s for p in parts for s in p])


def fmt(label, m):
    r = rates(m)
    return ("%s: top-1 %.1f%%, top-3 %.1f%%, in-scope declined %.1f%%, out-of-scope declined "
            "%.1f%% (did-you-mean %d of %d), confident answers right %.1f%% (%d/%d) "
            "[%d in scope]" % (label, 100 * r["top1"], 100 * r["top3"], 100 * r["decl"],
                               100 * r["oos"], m["oos_dym"], m["oos"], 100 * r["right"],
                               m["ans_right"], m["ans"], m["inq"]))


def add(a, b):
    for k in b:
        a[k] = a.get(k, 0) + b[k]
    return a


# bot/engine.c's W_ constants, by feature
ENGINE_C = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bot", "engine.c")
W_NAMES = {"cov": "W_COV", "cov0": "W_COV0", "fit": "W_FIT", "head": "W_HEAD", "bm25": "W_BM25",
           "faq": "W_FAQ", "asks": "W_KIND", "subj": "W_SUBJ", "ctx": "W_CTX", "soft": "W_SOFT"}


def built_in(path=ENGINE_C):
    """The weights bot/engine.c builds in (#define W_COV 1.0 …), or None."""
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        return None
    w = {}
    for k, name in W_NAMES.items():
        m = re.search(r"^#define %s ([0-9.]+)$" % name, text, re.M)
        if not m:
            return None
        w[k] = float(m.group(1))
    return w


def held_out(qs, folds, seed, inner):
    """Every question of qs scored by the weights and thresholds fitted on
    the folds it is not in, the folds drawn by seed: per set, the counts
    score() adds up; and each fold's fit. Each fold is fitted as the
    built-in values are, its inner folds drawn `inner` times: with one
    draw, the thresholds of a fold swung with the draw (a confident answer
    from 0.8 in one, from 1.4 in the next), and the real set's held-out
    confident answers were 85% right; with three draws, 91% (2026-12-03)."""
    per_set, fits = {}, []
    for f in range(folds):
        train, test = split(qs, folds, seed, f)
        w, t = fit(train, inner)
        for q in test:
            add(per_set.setdefault(q["set"], {}), score([summary(q, w)], t))
        fits.append((w, t))
    return per_set, fits


def one_repeat(job):
    qs, folds, seed, inner = job
    return held_out(qs, folds, seed, inner)


def main(argv):
    folds, seed, repeats, holdout, paths = 5, 11, 1, [], []
    i = 0
    while i < len(argv):
        if argv[i] == "--folds":
            folds = int(argv[i + 1]); i += 2
        elif argv[i] == "--seed":
            seed = int(argv[i + 1]); i += 2
        elif argv[i] == "--inner":
            global INNER_FOLDS
            INNER_FOLDS = int(argv[i + 1]); i += 2
        elif argv[i] == "--repeats":
            repeats = int(argv[i + 1]); i += 2
        elif argv[i] == "--relevance":
            global BY_ENTRIES
            BY_ENTRIES = argv[i + 1] == "entries"; i += 2
        elif argv[i] == "--holdout":
            holdout.append(argv[i + 1]); i += 2
        else:
            paths.append(argv[i]); i += 1
    qs = load(paths)
    print("cross-validation: %d folds over %d questions of %d sets, %d time(s) with the "
          "questions shuffled anew (seeds %d-%d)" %
          (folds, len(qs), len(paths), repeats, seed, seed + repeats - 1))
    # One split into folds moves a set's figures by several points (which
    # question lands in which fold); the mean over repeats is steadier.
    jobs = [(qs, folds, seed + r, repeats) for r in range(repeats)]
    if repeats > 1:
        with multiprocessing.Pool(min(repeats, os.cpu_count() or 1)) as pool:
            results = pool.map(one_repeat, jobs)
    else:
        results = [one_repeat(jobs[0])]
    per_set = {}
    for r, (ps, fits) in enumerate(results):
        for s, m in ps.items():
            add(per_set.setdefault(s, {}), m)
        for f, (w, t) in enumerate(fits):
            print("  seed %d fold %d: weights %s thresholds %s" %
                  (seed + r, f + 1, " ".join("%s=%g" % (k, w[k]) for k in FEATURES), t))
    total = {}
    for s in sorted(per_set):
        print(fmt("held-out " + s, per_set[s]))
        add(total, per_set[s])
    print(fmt("held-out, all sets", total))
    # the thresholds built in: fitted on every question ranked out of
    # fold, the inner folds drawn as many times as the outer ones. The
    # weights' search also starts from those built in now, and leaves them
    # only for weights that rank the questions better: from its usual starts
    # alone it can end on another local optimum that ranks them worse, and a
    # change to one question flipped the built-in weights so (2026-12-03:
    # 366.75 against 368.0 for the weights built in). The folds above do not
    # start there: those weights saw every fold's questions.
    with multiprocessing.Pool(os.cpu_count() or 1) as pool:
        w, t = fit(qs, repeats, pool, also=built_in())
    print("fitted on all: weights %s; thresholds decline %.2f unknown %.2f miss %.2f "
          "gap %.2f answer %.2f decline if named %.2f unknown if no loan named %.2f" % (" ".join("%s=%g" % (k, w[k]) for k in FEATURES), *t))
    print(fmt("on the questions fitted to (not a result)", score([summary(q, w) for q in qs], t)))
    for h in holdout:
        hq = load([h])
        print(fmt("never fitted on " + (hq[0]["set"] if hq else h),
                  score([summary(q, w) for q in hq], t)))


if __name__ == "__main__":
    main(sys.argv[1:])
