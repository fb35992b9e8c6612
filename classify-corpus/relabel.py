#!/usr/bin/env python3
"""Writes classify-corpus/relabels.csv: generator documents (train/, eval/) whose label predates the codes
the catalogue now has. The generator (src/tools/.../ClinicalTexts) labels every care prescription 57832-8
and some discharge letters titled "compte rendu d'hospitalisation" 11490-0; codes.md has PRESC-KINE
(physiotherapy), PRESC-INF (nursing) and 34112-3 (CR hospitalier, sejour). The generated files stay as
they are (ClinicalTextsTest compares them with the generator); `classify --train/--evaluate --relabels
classify-corpus/relabels.csv` reads the corrected label instead. Python 3 standard library only.
"""
import csv, re, unicodedata
from pathlib import Path

def fold(t):
    t = unicodedata.normalize("NFD", t.upper())
    return "".join(c for c in t if not unicodedata.combining(c))

rows = []
for split in ("train", "eval"):
    d = Path("classify-corpus") / split
    for r in csv.DictReader(open(d / "labels.csv", encoding="utf-8")):
        text = fold((d / r["file"]).read_text(encoding="utf-8"))
        new = why = None
        if r["label"] == "57832-8":
            kine = re.search(r"KINESITH|MASSEUR|MASSO", text)
            inf = re.search(r"INFIRMI|\bIDE\b", text)
            if kine and not inf:
                new, why = "PRESC-KINE", "physiotherapy prescription"
            elif inf and not kine:
                new, why = "PRESC-INF", "nursing prescription"
        elif r["label"] == "11490-0":
            head = text[:600]
            if re.search(r"COMPTE[ -]RENDU D.HOSPITALISATION", head) and "LIAISON" not in head:
                new, why = "34112-3", "titled compte rendu d'hospitalisation"
        if new:
            rows.append((split, r["file"], r["label"], new, why))

with open("classify-corpus/relabels.csv", "w", encoding="utf-8", newline="") as f:
    f.write("# written by classify-corpus/relabel.py: generator labels corrected to the catalogue's codes\n")
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["folder", "file", "was", "label", "why"])
    w.writerows(rows)
print(len(rows), "relabelled")
