#!/usr/bin/env python3
"""Fails if content/ copies the questions the bot is measured on.

Two checks, every question set against all of content/:
  - exact: a question of a set of six characters or more (punctuation and
    spaces aside; shorter ones are words, 贷款额度) appears in any content file;
  - close: a FAQ question or 也问 phrasing shares half or more of its
    character pairs (Jaccard) with a question of a set.
A bot measured on questions its FAQ repeats measures its FAQ, not itself.
Usage: check-copies.py CONTENT_DIR SET.tsv ..."""
import glob
import os
import re
import sys

PUNCT = r"[，。？！、：；“”‘’（）《》\s?!,.:;\"'()]"


def bare(s):
    return re.sub(PUNCT, "", s)


def pairs(s):
    s = bare(s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def questions(path):
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")[0].strip()


def main(content, sets):
    qs = [(os.path.basename(p), q) for p in sets for q in questions(p)]
    hits = 0
    files = sorted(glob.glob(os.path.join(content, "**", "*.md"), recursive=True) +
                   glob.glob(os.path.join(content, "*.yaml")))
    text = {f: bare(open(f, encoding="utf-8").read()) for f in files}
    for name, q in qs:
        b = bare(q)
        for f, t in text.items():
            if len(b) >= 6 and b in t:
                print(f"{f}: holds the question {q!r} of {name}")
                hits += 1
    for f in sorted(glob.glob(os.path.join(content, "faq", "*.md"))):
        for n, line in enumerate(open(f, encoding="utf-8"), 1):
            if line.startswith("## "):
                texts = [line[3:].strip()]
            elif line.startswith("也问："):
                texts = line[3:].strip().split("；")
            else:
                continue
            for t in texts:
                a = pairs(t)
                for name, q in qs:
                    b = pairs(q)
                    if a and b and len(a & b) / len(a | b) >= 0.5:
                        print(f"{f}:{n}: {t!r} is too close to {q!r} of {name}")
                        hits += 1
    print(f"{hits} copies of {len(qs)} questions of {len(sets)} sets")
    return 1 if hits else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
