#!/usr/bin/env python3
"""Regenerates the "## Counts" section of embeddings/seed/README.md from the seed files (run from the repository root)."""
import collections, glob, json, os, re

SURFACES = ["user_prompt", "tool_call", "tool_output", "tool_description"]
LANGS = ["en", "de", "es", "fr", "zh"]

rows = []
files = sorted(glob.glob("embeddings/seed/*.jsonl"))
per_file = {}
for path in files:
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
                n += 1
    per_file[os.path.basename(path)] = n

def table(header, lines):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    out += ["| " + " | ".join(str(c) for c in l) + " |" for l in lines]
    return "\n".join(out)

count = collections.Counter((r["label"], r["surface"]) for r in rows)
lines = []
for label in ["attack", "benign"]:
    cells = [count[(label, s)] for s in SURFACES]
    lines.append([label] + cells + [sum(cells)])
totals = [sum(count[(l, s)] for l in ["attack", "benign"]) for s in SURFACES]
lines.append(["**total**"] + totals + [sum(totals)])
out = ["## Counts", "", "Generated from the files by `python3 eng/seed-counts.py`, not counted by hand.", "", "### Per label and surface", "", table(["label"] + SURFACES + ["total"], lines), ""]

for label, title in [("attack", "Attack items per category and surface"), ("benign", "Benign items per category and surface")]:
    cats = collections.Counter(r["category"] for r in rows if r["label"] == label)
    lines = []
    for cat, _ in sorted(cats.items(), key=lambda kv: (-kv[1], kv[0])):
        cells = [sum(1 for r in rows if r["label"] == label and r["category"] == cat and r["surface"] == s) for s in SURFACES]
        extra = []
        if label == "benign":
            extra = [sum(1 for r in rows if r["label"] == label and r["category"] == cat and "hard_negative" in r.get("tags", []))]
        lines.append([f"`{cat}`"] + cells + extra + [sum(cells)])
    header = ["category"] + SURFACES + (["hard negatives"] if label == "benign" else []) + ["total"]
    out += [f"### {title}", "", table(header, lines), ""]

benign = [r for r in rows if r["label"] == "benign"]
hard = sum(1 for r in benign if "hard_negative" in r.get("tags", []))
obf = sum(1 for r in rows if r["label"] == "attack" and "obfuscated" in r.get("tags", []))
out += [f"Hard negatives: {hard} of {len(benign)} benign items ({100 * hard / len(benign):.1f}%).", "", f"Obfuscated attacks (`obfuscated` tag): {obf}.", ""]
lines = []
for lang in LANGS:
    a = sum(1 for r in rows if r["label"] == "attack" and r.get("lang", "en") == lang)
    b = sum(1 for r in rows if r["label"] == "benign" and r.get("lang", "en") == lang)
    lines.append([lang, a, b, a + b])
out += ["### Per language", "", table(["lang", "attack", "benign", "total"], lines), ""]
out += ["### Per file", "", table(["file", "items"], [[f"`{k}`", v] for k, v in per_file.items()])]

readme = "embeddings/seed/README.md"
text = open(readme, encoding="utf-8").read()
start = text.index("## Counts")
m = re.search(r"\n## (?!Counts)", text[start + 1:])
end = start + 1 + m.start() + 1 if m else len(text)
text = text[:start] + "\n".join(out) + "\n" + ("\n" + text[end:] if m else "")
open(readme, "w", encoding="utf-8").write(text)
