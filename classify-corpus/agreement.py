#!/usr/bin/env python3
"""How often two people agree on a document's type, and how the classifier compares (standard library only).

    java -jar target/dmp-ingest.jar classify --json classify-corpus/independent > /tmp/predictions.jsonl
    python3 classify-corpus/agreement.py /tmp/predictions.jsonl

independent/labels.csv is the label its writer gave each document; independent/second-indexer.csv the label a
second person gave it, reading the document alone (never the writer's label, the other documents' labels nor any
prediction). A classifier cannot be expected to agree with a writer more often than a second careful reader does.
"""
import collections
import csv
import json
import os
import sys

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "independent")


def main(predictions_file):
    writer = {r["file"]: r["label"] for r in csv.DictReader(open(os.path.join(HERE, "labels.csv"), encoding="utf-8"))}
    second = {r["file"]: r["label"] for r in csv.DictReader(open(os.path.join(HERE, "second-indexer.csv"), encoding="utf-8"))}
    predicted = {}
    for line in open(predictions_file, encoding="utf-8"):
        d = json.loads(line)
        predicted[os.path.basename(d["file"])] = d["typeCode"] if d["accepted"] else None
    docs = sorted(f for f in second if f in writer and f in predicted)
    clinical = [f for f in docs if writer[f] != "UNKNOWN"]
    agree = [f for f in docs if second[f] == writer[f]]
    print(f"{len(docs)} documents read by a second indexer ({len(clinical)} clinical by their writer)")
    print(f"second indexer = writer: {100 * len(agree) / len(docs):.1f} % of all, "
          f"{100 * sum(second[f] == writer[f] for f in clinical) / len(clinical):.1f} % of the clinical ones")
    print("they differ on (writer -> second indexer):",
          ", ".join(f"{w}->{s} x{n}" for (w, s), n in collections.Counter(
              (writer[f], second[f]) for f in docs if second[f] != writer[f]).most_common()))

    def score(files, truth):
        typed = [f for f in files if truth[f] != "UNKNOWN"]
        accepted = [f for f in typed if predicted[f]]
        unknown_accepted = sum(1 for f in files if truth[f] == "UNKNOWN" and predicted[f])
        right = sum(predicted[f] == truth[f] for f in accepted)
        return (100 * len(accepted) / max(1, len(typed)), 100 * right / max(1, len(accepted) + unknown_accepted),
                right, len(accepted) + unknown_accepted)

    for name, files, truth in (("against the writers", docs, writer), ("against the second indexer", docs, second),
                               ("where writer and second indexer agree", agree, writer)):
        a, r, right, n = score(files, truth)
        print(f"classifier {name}: accepted {a:.1f} %, right on accepted {r:.2f} % ({right}/{n})")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
