#!/usr/bin/env python3
"""Writes Sanctum JSON exports holding N interruptions (a heavy user's years of fires, oldest
first, spread evenly up to now) and three weekly focus blocks, in files small enough for
`sanctum import` (which reads at most 50 MiB per file).

Usage: python3 scripts/seed-fires.py N OUT_DIR   then   sanctum import OUT_DIR/fires-*.json
"""
import json
import random
import sys
import time
from pathlib import Path

ROWS_PER_FILE = 200_000
SOURCES = ["Sam", "Priya", "Ana", "Jonas", "Mei", "Tomás", "Olu", "Kirsten", "Ravi", "Lena",
           "Vendor desk", "Finance", "Legal", "CEO", "Support", "Ops on-call"]
CATEGORIES = ["vendor", "people", "billing", "incident", "hiring", "reporting", "access", None]
CHANNELS = ["slack", "email", "call", "in-person", "meeting", "alert"]
URGENCIES = ["low", "normal", "normal", "normal", "high", "critical"]
WORDS = ("invoices failing refund request access badge payroll question vendor contract renewal "
         "dashboard broken export late laptop onboarding escalation pager noise budget forecast "
         "quarterly numbers customer complaint shipment delayed warehouse audit prep").split()


def fire(rng, i, at):
    outcome = rng.choice(["handled", "handled", "handled", "delegated", "deferred", "declined"])
    target = {"delegated": rng.choice(SOURCES[:10]), "deferred": rng.choice([None, "Email", "Vendor calls"])}.get(outcome)
    note = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))
    return [i, at, rng.choice(SOURCES), rng.choice(CHANNELS), rng.choice(CATEGORIES),
            rng.choice(URGENCIES), rng.choice([5, 5, 10, 15, 15, 20, 30, 45, 60]), outcome, target,
            note, at, at]


def main():
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1)
    now = int(time.time())
    start = now - 10 * 365 * 86400
    step = (now - start) / max(n, 1)
    columns = ["id", "occurred_at", "source", "channel", "category", "urgency", "minutes",
               "outcome", "outcome_target", "note", "created_at", "updated_at"]
    blocks = {"name": "focus_blocks",
              "columns": ["id", "title", "intention", "repeat", "days", "start_time", "end_time",
                          "timezone", "active_from", "active_until", "paused", "created_at",
                          "updated_at"],
              "rows": [[b, f"Strategy {b}", "roadmap", "weekly", d, "13:00", "17:00",
                        "Europe/London", "2016-01-04", None, 0, start, start]
                       for b, d in [(1, 2), (2, 8), (3, 16)]]}
    files = 0
    for first in range(0, n, ROWS_PER_FILE):
        rows = [fire(rng, i + 1, int(start + i * step)) for i in range(first, min(n, first + ROWS_PER_FILE))]
        tables = [{"name": "interruptions", "columns": columns, "rows": rows}]
        if first == 0:
            tables.append(blocks)
        export = {"format": "sanctum-export", "schema_version": 7,
                  "exported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)), "tables": tables}
        path = out / f"fires-{files:03}.json"
        path.write_text(json.dumps(export, ensure_ascii=False))
        files += 1
    print(f"wrote {n} interruptions in {files} files to {out}")


if __name__ == "__main__":
    main()
