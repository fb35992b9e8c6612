#!/usr/bin/env python3
"""How much of an evaluation folder's text is found in the training folders.

    python3 classify-corpus/overlap.py [--eval classify-corpus/independent] \
        [--train classify-corpus/train classify-corpus/writers-train] [--max 5]

Text is normalised (lower case, accents removed, digits -> 0, punctuation -> space, spaces collapsed).
Sentences are cut at . ! ? ; : and line ends; only sentences of at least MIN_WORDS words count (a
heading such as "conclusion" or "date" is no leak). Reports, over the evaluation folder:
  - the share of its distinct normalised sentences found verbatim in the training folders,
  - the share of its distinct word 4-grams found in the training folders,
and the same weighted by occurrences. Exits 1 when a share is at or above --max percent.
Python 3 standard library only.
"""
import argparse
import re
import sys
import unicodedata
from pathlib import Path

MIN_WORDS = 5


def normalise(text):
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\d", "0", text)
    return text


def sentences(text):
    for raw in re.split(r"[.!?;:\n]+", normalise(text)):
        words = re.findall(r"[a-z0]+", raw)
        if len(words) >= MIN_WORDS:
            yield " ".join(words)


def grams(text, n=4):
    words = re.findall(r"[a-z0]+", normalise(text))
    for i in range(len(words) - n + 1):
        yield " ".join(words[i:i + n])


def texts(folder):
    return [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))]


def shares(eval_texts, train_texts):
    ref_sent = {s for t in train_texts for s in sentences(t)}
    ref_grams = {g for t in train_texts for g in grams(t)}
    out = {}
    for name, fn, ref in (("sentences", sentences, ref_sent), ("4-grams", grams, ref_grams)):
        distinct = {g for t in eval_texts for g in fn(t)}
        out[name] = 100.0 * len(distinct & ref) / max(1, len(distinct))
    return out


def within(a):
    all_texts = texts(a.eval)
    size = len(all_texts) // a.within
    blocks = [all_texts[i * size:(i + 1) * size] for i in range(a.within)]
    for i, block in enumerate(blocks):
        others = [t for j, b in enumerate(blocks) if j != i for t in b]
        s = shares(block, others)
        print(f"block {i + 1} vs the {a.within - 1} others: sentences {s['sentences']:.2f} %, 4-grams {s['4-grams']:.2f} %")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", default="classify-corpus/independent")
    ap.add_argument("--train", nargs="+", default=["classify-corpus/train", "classify-corpus/writers-train"])
    ap.add_argument("--max", type=float, default=5.0, help="fail at or above this percentage")
    ap.add_argument("--within", type=int, default=0, metavar="N",
                    help="reference level instead: cut the eval folder (files in name order) into N equal blocks"
                         " (one per writer) and measure each block against the other blocks")
    a = ap.parse_args()
    if a.within:
        return within(a)

    train_sent, train_grams = set(), set()
    for folder in a.train:
        for t in texts(folder):
            train_sent.update(sentences(t))
            train_grams.update(grams(t))
    eval_texts = texts(a.eval)
    results = {}
    for name, fn, ref in (("sentences", sentences, train_sent), ("4-grams", grams, train_grams)):
        occurrences = [g for t in eval_texts for g in fn(t)]
        distinct = set(occurrences)
        shared = distinct & ref
        results[name] = 100.0 * len(shared) / max(1, len(distinct))
        weighted = 100.0 * sum(1 for g in occurrences if g in ref) / max(1, len(occurrences))
        print(f"{name}: {len(shared)}/{len(distinct)} distinct = {results[name]:.2f} %"
              f" (by occurrence {weighted:.2f} %) of {a.eval} found in {' + '.join(a.train)}")
    worst = max(results.values())
    if worst >= a.max:
        print(f"overlap {worst:.2f} % is at or above {a.max} %", file=sys.stderr)
        return 1
    print(f"overlap under {a.max} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
