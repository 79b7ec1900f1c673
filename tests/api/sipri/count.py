#!/usr/bin/env python3
"""Counts in SIPRI's two exports what the tests of `import_sipri.rs` and `arms.rs` state,
apart from uprgraph: its own reading of the CSV (Python's `csv`), its own matching of
state names (the alias tables of `crates/migrations/data`, folded as `normalize_name` folds
them) and exact decimals. Run from the project root with the real files in
../shared/datasets (or UPRGRAPH_DATASETS); `--write` rewrites the left-out tables
`tests/api/sipri/left_out_*.csv`."""

import collections
import csv
import io
import os
import re
import sys
import unicodedata
from decimal import Decimal

DATA = os.environ.get("UPRGRAPH_DATASETS", "../shared/datasets")


def norm(name):
    """`uprgraph_domain::normalize_name`: lower case, no diacritics, `&` as `and`,
    punctuation dropped, a leading `the` dropped."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().replace("&", " and ")
    words = []
    for w in re.split(r"[^\w'’]|_", s):
        w = "".join(c for c in w if c.isalnum())
        if w:
            words.append(w)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


NAMES = {}
for r in csv.DictReader(open("crates/migrations/data/states.csv", encoding="utf-8")):
    NAMES[norm(r["short_name"])] = r["alpha3"]
    NAMES[norm(r["official_name"])] = r["alpha3"]
for f in ["state_aliases.csv", "sipri_state_aliases.csv"]:
    for r in csv.DictReader(open("crates/migrations/data/" + f, encoding="utf-8")):
        NAMES[norm(r["alias"])] = r["alpha3"]


def res(name):
    return NAMES.get(norm(name))


def left_out_reason(supplier, recipient):
    s, r = res(supplier), res(recipient)
    if s and r:
        return None
    if not s and r:
        return "supplier is not a UN member or observer state: " + supplier
    if s and not r:
        return "recipient is not a UN member or observer state: " + recipient
    return "neither party is a UN member or observer state: %s to %s" % (supplier, recipient)


def table(path, encoding):
    text = open(os.path.join(DATA, path), "rb").read().decode(encoding)
    rows = list(csv.reader(io.StringIO(text)))
    start = next(i for i, r in enumerate(rows) if len(r) > 1) + 1
    return [r for r in rows[start:] if r and not (len(r) == 1 and not r[0].strip())]


# The register: Latin-1, one row per deal; two deals are cut by an unquoted line break.
records = table("sipri/trade-register.csv", "latin-1")
register = []
i = 0
while i < len(records):
    r = records[i]
    if len(r) == 13 and i + 1 < len(records) and len(records[i + 1]) == 4:
        register.append(r[:12] + [r[12] + records[i + 1][0]] + records[i + 1][1:])
        i += 2
    else:
        register.append(r)
        i += 1
left = collections.Counter()
deals = []
for r in register:
    why = left_out_reason(r[1], r[0])
    if why:
        left[why] += 1
    else:
        deals.append(r)


def years(r):
    return sorted(set(r[10].split("; "))) if r[10] else []


print("register: records", len(records), "deals", len(register), "taken", len(deals),
      "left out", sum(left.values()), "deliveries", sum(len(years(r)) for r in deals))
usa_isr = [r for r in deals if res(r[1]) == "USA" and res(r[0]) == "ISR"]
per = collections.defaultdict(lambda: [0, 0, Decimal(0)])
for r in usa_isr:
    ys = years(r)
    for y in ys:
        per[y][0] += 1
        if len(ys) == 1:
            per[y][1] += 1
            per[y][2] += Decimal(r[15])
print("register: USA to ISR deals", len(usa_isr), "TIV delivered", sum(Decimal(r[15]) for r in usa_isr))
print("register: USA to ISR by year (deliveries, with a TIV, TIV):", dict(sorted(per.items())))

# The layout with ids: UTF-8, one row per deal and year of delivery.
rows = table("sipri/trade-register-2000-2023-with-ids.csv", "utf-8")
left_ids = collections.Counter()
taken = []
for r in rows:
    why = left_out_reason(r[1], r[2])
    if why:
        left_ids[why] += 1
    else:
        taken.append(r)
print("with ids: rows", len(rows), "left out", sum(left_ids.values()),
      "deals", len({r[0] for r in taken}), "deliveries", len(taken))
per = collections.defaultdict(lambda: [0, Decimal(0)])
for r in taken:
    if res(r[1]) == "USA" and res(r[2]) == "ISR":
        per[r[10]][0] += 1
        per[r[10]][1] += Decimal(r[15])
print("with ids: USA to ISR by year (deliveries, TIV):", dict(sorted(per.items())))

# Where the layouts overlap: per supplier, recipient and year of delivery 2000-2023.
reg = collections.defaultdict(lambda: [Decimal(0), False])
for r in deals:
    ys = years(r)
    for y in ys:
        if "2000" <= y <= "2023":
            key = (res(r[1]), res(r[0]), y)
            if len(ys) == 1:
                reg[key][0] += Decimal(r[15])
            else:
                reg[key][1] = True
ids = collections.defaultdict(Decimal)
for r in taken:
    ids[(res(r[1]), res(r[2]), r[10])] += Decimal(r[15])
kinds = collections.Counter()
for key in set(reg) | set(ids):
    if key not in ids:
        kinds["only in the register"] += 1
    elif key not in reg:
        kinds["only in the layout with ids"] += 1
    elif reg[key][1]:
        kinds["the register does not split the year's TIV"] += 1
    elif reg[key][0] == ids[key]:
        kinds["the same TIV"] += 1
    else:
        kinds["a different TIV"] += 1
print("overlap:", dict(kinds))

# Sums the API tests state: Israel's suppliers 2019-2023, per dataset.
for name, source in [("register", deals), ("with ids", taken)]:
    by = collections.defaultdict(lambda: [Decimal(0), 0, 0, set()])
    for n, r in enumerate(source):
        supplier, recipient = (r[1], r[0]) if source is deals else (r[1], r[2])
        if res(recipient) != "ISR":
            continue
        ys = years(r) if source is deals else [r[10]]
        for y in ys:
            if "2019" <= y <= "2023":
                b = by[res(supplier)]
                b[1] += 1
                b[3].add(n if source is deals else r[0])
                if source is deals and len(ys) > 1:
                    b[2] += 1
                else:
                    b[0] += Decimal(r[15])
    print("ISR 2019-2023,", name, "(TIV, deliveries, without TIV, deals):",
          {k: (v[0], v[1], v[2], len(v[3])) for k, v in by.items()})

if "--write" in sys.argv:
    for counts, path in [(left, "left_out_register.csv"), (left_ids, "left_out_with_ids.csv")]:
        with open("tests/api/sipri/" + path, "w", newline="", encoding="utf-8") as out:
            w = csv.writer(out, lineterminator="\n")
            w.writerow(["reason", "rows"])
            for reason, n in sorted(counts.items()):
                w.writerow([reason, n])
