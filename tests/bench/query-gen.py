#!/usr/bin/env python3
"""A synthetic search.json of N entries for the query benchmark.

Usage: query-gen.py SOURCE/search.json N OUTDIR

Each new entry recombines real material: a question and phrasings from one
entry, sentences drawn from several others, a category from another, so the
vocabulary, lengths and word frequencies stay those of real FAQ text while
the index grows. Seeded: the same input gives the same output.
"""
import json, random, re, sys, os

src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
d = json.load(open(src, encoding="utf-8"))
random.seed(1)
entries = d["entries"]
sentences = [s for e in entries for s in re.split(r"(?<=[。！？\n])", e["text"]) if s.strip()]
new = list(entries)
i = 0
while len(new) < n:
    base = random.choice(entries)
    text = "".join(random.sample(sentences, k=min(len(sentences), random.randint(2, 6))))
    new.append({
        "id": f"synthetic/{i}", "kind": base["kind"],
        "category": random.choice(entries)["category"],
        "question": base["question"] if random.random() < 0.5
        else random.choice(sentences).strip()[:30],
        "alt": random.sample(base["alt"], k=len(base["alt"])),
        "text": text, "url": f"/synthetic/{i}/"})
    i += 1
d["entries"] = new
os.makedirs(out, exist_ok=True)
json.dump(d, open(os.path.join(out, "search.json"), "w", encoding="utf-8"), ensure_ascii=False)
