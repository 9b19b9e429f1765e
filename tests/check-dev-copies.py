#!/usr/bin/env python3
"""Fails if a FAQ question or alternate phrasing copies or closely
paraphrases a question of the shared dev set (the bot is measured on it).
Character-pair overlap (Jaccard) of 0.5 or more counts as a copy.
Usage: check-dev-copies.py DEV_TSV CONTENT_DIR"""
import glob, os, re, sys

def pairs(s):
    s = re.sub(r"[，。？！、：；\s?!,.]", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)}

dev = [l.split("\t")[0].strip() for l in open(sys.argv[1], encoding="utf-8")
       if l.strip() and not l.startswith("#")]
hits = 0
for f in sorted(glob.glob(os.path.join(sys.argv[2], "faq", "*.md"))):
    for n, line in enumerate(open(f, encoding="utf-8"), 1):
        if line.startswith("## "):
            texts = [line[3:].strip()]
        elif line.startswith("也问："):
            texts = line[3:].strip().split("；")
        else:
            continue
        for t in texts:
            for d in dev:
                a, b = pairs(t), pairs(d)
                if a and b and len(a & b) / len(a | b) >= 0.5:
                    print(f"{f}:{n}: {t!r} is too close to dev question {d!r}")
                    hits += 1
print(f"{hits} FAQ phrasings too close to the dev set")
sys.exit(1 if hits else 0)
