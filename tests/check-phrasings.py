#!/usr/bin/env python3
"""Every FAQ phrasing (its question and each 也问), asked of the bot as it is
written, must get a reply that offers its own entry: not a decline, and the
entry among the answers. A phrasing the bot declines or answers with other
entries is one no parent can reach the entry by, and a sign that a word list
(off_topic, another lender's product) or the ranking reads the FAQ's own
words wrong.

Usage: check-phrasings.py ASKBOT DB SEARCH_JSON [URL_PREFIX]
Prints one line per failure and a count; exit 1 if any failed."""
import json
import subprocess
import sys


def main(argv):
    askbot, db, search = argv[1:4]
    prefix = argv[4] if len(argv) > 4 else ""
    entries = json.load(open(search, encoding="utf-8"))["entries"]
    asked = failed = 0
    for e in entries:
        if e["kind"] != "faq" or not e["url"].startswith(prefix):
            continue
        for p in [e["question"]] + e.get("alt", []):
            out = subprocess.run([askbot, "ask", "--db", db, "--json", p],
                                 capture_output=True, text=True)
            asked += 1
            if out.returncode:
                print("FAIL %s: askbot exit %d: %s" % (p, out.returncode, out.stderr.strip()))
                failed += 1
                continue
            r = json.loads(out.stdout)
            urls = [a["url"] for a in r["answers"]]
            if r["kind"] == "decline" or e["url"] not in urls:
                print("FAIL %s: %s, %s (want %s)" % (p, r["kind"], urls[:3], e["url"]))
                failed += 1
    print("%d phrasings asked, %d failed" % (asked, failed))
    return 1 if failed or not asked else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
