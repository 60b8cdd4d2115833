#!/usr/bin/env python3
"""fit_dump_model.py - fit the text-dump block model (parse/textdump_model.c).

Usage: bench/fit_dump_model.py [--tools "lynx w3m html2text"] [--bin DIR]
                               [--data DIR] [--cache DIR] [--epochs N]
                               [--write]

The pages are the annotated pages of ../shared/data/extraction-dev.  Each
is flattened by each tool (bench/dump_page.sh TOOL PAGE -- cat; the dumps
are kept in --cache, default /tmp/cqa-dump-model, and made again only when
missing), and cqa-bench-dump-features prints every block's features.  A
block the line rules leave open is labelled by the page's annotation: 1
when it holds one of the main-content segments ("with"), 0 when it holds a
boilerplate segment ("without"), unused when it holds neither or both --
except the title line, which is 1 when it holds neither (TITLE_WHYS).

The vocabulary features (parse/textdump_words.h) are counted here: for
every word of the labelled blocks, the smoothed log-odds that a block
holding it (or beginning with it) is labelled 1, kept for words of at
least MIN_COUNT blocks.  A block's features from a vocabulary counted on
its own label would be worth more in the fit than they are on new
sites, so the blocks the model is fitted on get theirs from a vocabulary
counted on the other quarters of the fitting pages (split by host
again), as in stacking.

A logistic regression (L2-regularised, Adam on mini-batches, the weights
averaged over the second half of the steps) is fitted, and its bias then
shifted to the best F on the pages it was fitted on:

  - twice on half of the sites and scored on the other half (pages are
    split by host, so no site is on both sides): the held-out score, by
    the same substring matching as score_extraction.py, of the text the
    model keeps (the open blocks it scores above 0 and the blocks the rules
    already keep), beside the same pages with the open blocks of the body
    span kept (the rules without the model);
  - once on every page, for the weights and the vocabulary: printed as C
    (the weights; the vocabulary's size), and with --write put in
    parse/textdump_model.c and parse/textdump_vocab.c between their
    marker lines.

The L2 weight, 1e-3, was chosen on the held-out rows: 1e-4, 1e-3 and
3e-3 gave F within 0.002 of one another, 1e-3 the best on lynx.

Pure Python, no packages: a few minutes for the three tools.  Like every
benchmark it never fails a build.
"""
import argparse
import concurrent.futures as cf
import gzip
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import zlib
from urllib.parse import urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def make_dumps(tool, items, data, cache, jobs=2):
    out = os.path.join(cache, tool)
    os.makedirs(out, exist_ok=True)
    os.makedirs(os.path.join(cache, "html"), exist_ok=True)

    def one(k):
        i, (url, item) = k
        dst = os.path.join(out, "%04d.txt" % i)
        if os.path.exists(dst):
            return dst
        page = os.path.join(cache, "html", "%04d.html" % i)
        if not os.path.exists(page):
            with gzip.open(os.path.join(data, "html", item["file"] + ".gz")) as f:
                open(page, "wb").write(f.read())
        r = subprocess.run(["bash", os.path.join(HERE, "dump_page.sh"), tool,
                            page, "--", "cat"], capture_output=True)
        with open(dst + ".tmp", "wb") as f:
            f.write(r.stdout)
        os.rename(dst + ".tmp", dst)
        return dst

    with cf.ThreadPoolExecutor(jobs) as ex:
        return list(ex.map(one, enumerate(items)))


def features(binary, files):
    """{file: [block, ...]} from cqa-bench-dump-features, 200 files a run."""
    blocks = {}
    names = None
    for s in range(0, len(files), 200):
        r = subprocess.run([binary] + files[s:s + 200], capture_output=True,
                           check=True)
        for line in r.stdout.decode("utf-8", "replace").split("\n"):
            if not line:
                continue
            o = json.loads(line)
            if "features" in o:
                names = o["features"]
                continue
            blocks.setdefault(o["file"], []).append(o)
    return names, blocks


# The line the rules take for the title: the annotations seldom hold a
# page's headline as a segment, so most title blocks would go unlabelled,
# and those labelled are mostly the rules' mistakes (a banner, a
# reading-time line) -- fitted on those alone, the model would learn to
# drop titles.  A title block that holds no segment is the article's.
TITLE_WHYS = ("headline", "title-like")


def label_blocks(blocks, item):
    texts = [norm(b["text"]) for b in blocks]
    lab = [None] * len(blocks)
    for key, value in (("with", 1), ("without", 0)):
        for w in item[key]:
            w = norm(w)
            if not w:
                continue
            for j, t in enumerate(texts):
                if w in t:
                    lab[j] = value if lab[j] in (None, value) else "both"
    for j, b in enumerate(blocks):
        if lab[j] is None and b["open"] and b["why"] in TITLE_WHYS:
            lab[j] = 1
    return texts, lab


# The vocabulary: words of at least MIN_COUNT labelled blocks, their
# log-odds clipped to +-CLIP (a word seen only in template blocks is not
# proof), at most KEEP_ANY words and KEEP_FIRST first words, those with
# the largest |log-odds| * sqrt(blocks) (strong and well attested).
MIN_COUNT = 5
CLIP = 3.0
KEEP_ANY = 3000
KEEP_FIRST = 600
QUARTERS = 4


def count_vocabulary(pages):
    """{word: (any, first)} from the labelled open blocks of pages."""
    import collections
    seen = [collections.Counter(), collections.Counter()]
    first = [collections.Counter(), collections.Counter()]
    n = [0, 0]
    for blocks, texts, lab, item in pages:
        for b, l in zip(blocks, lab):
            if b["open"] and l in (0, 1):
                n[l] += 1
                seen[l].update(b["words"])
                if b["first"]:
                    first[l][b["first"]] += 1

    def odds(c):
        out = {}
        for w in set(c[0]) | set(c[1]):
            a, z = c[1][w], c[0][w]
            if a + z >= MIN_COUNT:
                lo = math.log((a + 1) / (n[1] + 1)) - math.log(
                    (z + 1) / (n[0] + 1))
                out[w] = (max(-CLIP, min(CLIP, lo)), a + z)
        return out

    def top(o, keep):
        best = sorted(o, key=lambda w: (-abs(o[w][0]) * math.sqrt(o[w][1]),
                                        w))[:keep]
        return {w: round(o[w][0], 2) for w in best}

    a = top(odds(seen), KEEP_ANY)
    f = top(odds(first), KEEP_FIRST)
    return {w: (a.get(w, 0.0), f.get(w, 0.0)) for w in set(a) | set(f)}


def with_vocabulary(pages, vocab, names):
    """pages with their blocks' vocabulary features from vocab, as
    textdump_words.c computes them."""
    own = names.index("vocabulary")
    fw = names.index("first_word")
    near = [(names.index(p + "_vocabulary"), d) for p, d in
            (("prev", -1), ("next", 1), ("prev2", -2), ("next2", 2))]
    out = []
    for blocks, texts, lab, item in pages:
        v = [sum(vocab.get(w, (0, 0))[0] for w in b["words"]) /
             math.sqrt(len(b["words"])) if b["words"] else 0.0
             for b in blocks]
        nb = []
        for i, b in enumerate(blocks):
            f = list(b["f"])
            if f:
                f[own] = v[i]
                f[fw] = vocab.get(b["first"], (0, 0))[1]
                for k, d in near:
                    f[k] = v[i + d] if 0 <= i + d < len(blocks) else 0.0
            nb.append(dict(b, f=f))
        out.append((nb, texts, lab, item))
    return out


def stacked(pages, hosts, names):
    """The pages with vocabulary features each from a vocabulary counted
    on the other quarters of the pages (by host)."""
    quarter = [(zlib.crc32(h.encode()) >> 1) % QUARTERS for h in hosts]
    out = [None] * len(pages)
    for q in range(QUARTERS):
        vocab = count_vocabulary(
            [p for p, k in zip(pages, quarter) if k != q])
        idx = [i for i, k in enumerate(quarter) if k == q]
        for i, p in zip(idx, with_vocabulary([pages[i] for i in idx], vocab,
                                             names)):
            out[i] = p
    return out


def c_vocabulary(vocab):
    lines = ["const dump_word dump_vocab[] = {"]
    for w in sorted(vocab, key=lambda w: w.encode()):
        a, f = vocab[w]
        lines.append("    {%s, %.2ff, %.2ff}," % (json.dumps(
            w, ensure_ascii=False), a, f))
    lines.append("};")
    lines.append("const size_t dump_vocab_count = %d;" % len(vocab))
    return "\n".join(lines)


def write_between(path, begin, end, text):
    src = open(path).read()
    b = src.index(begin) + len(begin)
    e = src.index(end)
    open(path, "w").write(src[:b] + text + "\n" + src[e:])


def sigmoid(z):
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def fit(X, Y, epochs, l2=1e-3, rate=0.05, batch=256, seed=7):
    d = len(X[0])
    w = [0.0] * (d + 1)  # the bias last
    m = [0.0] * (d + 1)
    v = [0.0] * (d + 1)
    idx = list(range(len(X)))
    rnd = random.Random(seed)
    t = 0
    # the mean of the weights over the second half of the steps (Polyak
    # averaging): Adam at a fixed rate keeps moving around the optimum,
    # and where it stops would move the fit by a few thousandths of F
    # from one change of the data to the next
    avg = [0.0] * (d + 1)
    averaged = 0
    for epoch in range(epochs):
        rnd.shuffle(idx)
        for s in range(0, len(idx), batch):
            g = [0.0] * (d + 1)
            part = idx[s:s + batch]
            for i in part:
                x = X[i]
                z = w[d] + sum(a * b for a, b in zip(w, x))
                e = sigmoid(z) - Y[i]
                for k in range(d):
                    g[k] += e * x[k]
                g[d] += e
            t += 1
            for k in range(d + 1):
                gk = g[k] / len(part) + (l2 * w[k] if k < d else 0)
                m[k] = 0.9 * m[k] + 0.1 * gk
                v[k] = 0.999 * v[k] + 0.001 * gk * gk
                w[k] -= rate * (m[k] / (1 - 0.9 ** t)) / (
                    math.sqrt(v[k] / (1 - 0.999 ** t)) + 1e-8)
            if epoch >= epochs // 2:
                averaged += 1
                for k in range(d + 1):
                    avg[k] += (w[k] - avg[k]) / averaged
    return avg if averaged else w


def score(runs):
    """P, R, F over [(pages, keep)]: the annotated segments found in the
    text of the blocks keep() keeps, as score_extraction.py finds them."""
    tp = fp = fn = 0
    for pages, keep in runs:
        for blocks, texts, lab, item in pages:
            out = " ".join(t for b, t in zip(blocks, texts) if keep(b))
            t = sum(norm(x) in out for x in item["with"])
            tp += t
            fn += len(item["with"]) - t
            fp += sum(norm(x) in out for x in item["without"])
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / (tp + fn) if tp + fn else 0
    return p, r, (2 * p * r / (p + r) if p + r else 0)


def model_keep(w, in_body):
    """Which blocks a run keeps: those the rules keep, and of the open
    ones those in the body span (w None) or those the model scores above
    0."""
    def keep(b):
        if not b["open"]:
            return b["content"]
        if w is None:
            return b["f"][in_body] > 0
        return w[-1] + sum(a * x for a, x in zip(w, b["f"])) > 0
    return keep


def best_shift(pages, w, in_body):
    """The shift of the bias, in tenths from -2 to +1, that gives the
    best F on pages: the block labels weigh every block alike, the score
    counts segments."""
    best = None
    for k in range(-20, 11):
        shifted = w[:-1] + [w[-1] + k / 10]
        f = score([(pages, model_keep(shifted, in_body))])[2]
        if best is None or f > best[0]:
            best = (f, k / 10)
    return w[:-1] + [w[-1] + best[1]]


def samples(pages):
    X, Y = [], []
    for blocks, texts, lab, item in pages:
        for b, l in zip(blocks, lab):
            if b["open"] and l in (0, 1):
                X.append(b["f"])
                Y.append(l)
    return X, Y


def c_table(names, w):
    d = len(w) - 1
    lines = ["static const double dump_model_bias = %.4f;" % w[d],
             "static const double dump_model_weights[DUMP_FEATURES] = {"]
    for n, x in zip(names, w):
        lines.append("    %+.4f, /* %s */" % (x, n))
    lines.append("};")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tools", default="lynx w3m html2text")
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--data", default=os.path.join(
        ROOT, "..", "shared", "data", "extraction-dev"))
    ap.add_argument("--cache", default="/tmp/cqa-dump-model")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args()
    ev = os.path.join(a.data, "evaldata.json")
    if not os.path.exists(ev):
        print("fit_dump_model.py: %s not found: no annotated pages; skipped"
              % ev)
        return 0
    binary = os.path.join(a.bin, "cqa-bench-dump-features")
    if not os.access(binary, os.X_OK):
        print("fit_dump_model.py: %s not found; build it first; skipped"
              % binary)
        return 0
    items = sorted(json.load(open(ev)).items())
    hosts = [urlparse(u).hostname or u for u, _ in items]
    fold = [zlib.crc32(h.encode()) % 2 for h in hosts]
    per_tool = {}
    names = None
    for tool in a.tools.split():
        # a dump made without the tool would be cached empty
        if not shutil.which(tool):
            print("fit_dump_model.py: %s is not installed (bench/dumps.sh "
                  "installs it); left out" % tool)
            continue
        files = make_dumps(tool, items, a.data, a.cache)
        names, blocks = features(binary, files)
        pages = []
        for f, (url, item) in zip(files, items):
            bl = blocks.get(f, [])
            texts, lab = label_blocks(bl, item)
            pages.append((bl, texts, lab, item))
        per_tool[tool] = pages
    if not per_tool:
        print("fit_dump_model.py: none of the tools is installed; skipped")
        return 0
    in_body = names.index("in_body")
    print("pages: %d annotated, %d and %d in the two halves (split by host)"
          % (len(items), fold.count(0), fold.count(1)))
    weights = []
    held_out = {tool: [None, None] for tool in per_tool}
    for k in (0, 1):
        train, train_hosts = [], []
        for pages in per_tool.values():
            for p, h, f in zip(pages, hosts, fold):
                if f != k:
                    train.append(p)
                    train_hosts.append(h)
        vocab = count_vocabulary(train)
        train = stacked(train, train_hosts, names)
        X, Y = samples(train)
        weights.append(best_shift(train, fit(X, Y, a.epochs), in_body))
        for tool, pages in per_tool.items():
            held_out[tool][k] = with_vocabulary(
                [p for p, f in zip(pages, fold) if f == k], vocab, names)
    fmt = "%-10s %-30s %6s %6s %6s"
    print(fmt % ("tool", "each half, fitted on the other", "P", "R", "F"))
    for tool, pages in per_tool.items():
        for name, model in (("rules (body span)", False),
                            ("rules + model", True)):
            runs = [(held_out[tool][k],
                     model_keep(weights[k] if model else None, in_body))
                    for k in (0, 1)]
            print(fmt % ((tool, name) + tuple(
                "%.3f" % x for x in score(runs))))
    every = [p for pages in per_tool.values() for p in pages]
    vocab = count_vocabulary(every)
    every = stacked(every, hosts * len(per_tool), names)
    X, Y = samples(every)
    w = best_shift(every, fit(X, Y, a.epochs), in_body)
    print("fitted on all %d labelled open blocks of %d pages x %d tools;"
          " vocabulary of %d words" % (len(X), len(items), len(per_tool),
                                        len(vocab)))
    table = c_table(names, w)
    if a.write:
        write_between(os.path.join(ROOT, "parse", "textdump_model.c"),
                      "/* BEGIN fitted weights */\n",
                      "/* END fitted weights */", table)
        write_between(os.path.join(ROOT, "parse", "textdump_vocab.c"),
                      "/* BEGIN fitted vocabulary */\n",
                      "/* END fitted vocabulary */", c_vocabulary(vocab))
        print("weights written to parse/textdump_model.c, the vocabulary"
              " to parse/textdump_vocab.c")
    else:
        print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
