#!/usr/bin/python3
"""Reads each feed URL given on stdin (a JSON list) with Debian's python3-feedparser and prints, as JSON, what it saw:
whether it called the feed well-formed (bozo), its version, and each entry's id, title and link."""
import json
import sys

import feedparser

report = {}
for url in json.load(sys.stdin):
    parsed = feedparser.parse(url)
    report[url] = {
        "status": parsed.get("status"),
        "bozo": bool(parsed.bozo),
        "bozo_exception": repr(parsed.get("bozo_exception")) if parsed.bozo else None,
        "version": parsed.version,
        "title": parsed.feed.get("title"),
        "entries": [{"id": e.get("id"), "title": e.get("title"), "link": e.get("link")} for e in parsed.entries],
    }
json.dump(report, sys.stdout, ensure_ascii=False)
