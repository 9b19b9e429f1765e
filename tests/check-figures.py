#!/usr/bin/env python3
"""Fails if a policy figure from site.yaml is typed literally anywhere in a
content folder except site.yaml and notices/ (documents kept as issued).
Usage: check-figures.py CONTENT_DIR"""
import os, re, sys
top = sys.argv[1]
site = open(os.path.join(top, "site.yaml"), encoding="utf-8").read()
policy = {}
inside = False
for line in site.splitlines():
    if re.match(r"^policy:\s*$", line):
        inside = True
        continue
    if inside and re.match(r"^\S", line):
        inside = False
    m = re.match(r'^\s+(\w+):\s*"([^"]*)"', line) if inside else None
    if m:
        policy[m.group(1)] = m.group(2)
assert policy, "no policy variables found in site.yaml"

def forms(v):
    """The literal ways a figure can be typed: as is, and 20000 as 2万 / 20,000."""
    out = {v}
    if re.fullmatch(r"\d{4,}", v):
        n = int(v)
        out.add(f"{n:,}")
        if n % 1000 == 0:
            w = n / 10000
            out.add(("%g" % w) + "万")
    return out

figures = {}
for name, v in policy.items():
    if len(v) < 4 or not re.search(r"\d", v):
        continue                      # too short to search for safely
    if re.fullmatch(r"(19|20)\d\d", v):
        continue                      # a bare year is not a figure
    if re.search(r"[〔【\[]", v):
        continue                      # a document number, cited as issued
    for f in forms(v):
        figures[f] = name
bad = 0
for root, _, files in os.walk(top):
    for fn in files:
        path = os.path.join(root, fn)
        rel = os.path.relpath(path, top)
        if rel == "site.yaml" or rel.startswith("notices" + os.sep):
            continue
        for i, line in enumerate(open(path, encoding="utf-8"), 1):
            for f, name in figures.items():
                # a figure inside a longer number (120000) is not this figure
                for m in re.finditer(re.escape(f), line):
                    a, b = m.start(), m.end()
                    if (a and line[a-1].isdigit()) or (b < len(line) and line[b].isdigit() and f[-1].isdigit()):
                        continue
                    print(f"{path}:{i}: literal {f!r}; write {{{{policy.{name}}}}}")
                    bad += 1
print(f"{len(figures)} figure forms checked, {bad} literal")
sys.exit(1 if bad else 0)
