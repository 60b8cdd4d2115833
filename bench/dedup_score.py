#!/usr/bin/env python3
"""dedup_score.py - cqa-analyze's duplicate pairs against the brute-force
truth of cqa-bench-dedup-truth, for bench/dedup.sh.

  dedup_score.py count DUPS.jsonl
      prints "PAIRS NEAR EXACT": the pairs the duplicate records of a
      metrics.jsonl claim (an exact cluster of n pages claims n(n-1)/2).
  dedup_score.py score --truth T.tsv --dups DUPS.jsonl [--planted P.tsv]
                       [--peer PEER.tsv] [--similarity X] [--label SIZE]
      prints recall and precision, with the targets.

DUPS.jsonl holds the "duplicate_cluster" and "duplicate_pair" lines of a
metrics.jsonl.  How a pair counts as found:
  - a truth pair of identical normalised text: when cqa put both pages in
    one exact cluster;
  - any other truth pair (a, b): when cqa wrote a near duplicate_pair for
    (a', b'), a' being a's exact cluster's first URL (its canonical) or a
    itself, and likewise b': near clusters hold one page of each exact
    cluster, and pages of identical text have the same shingles, so their
    pairs with a third page are one pair.
Precision is over what cqa claims: the near pairs it wrote and the pairs
within its exact clusters; a claimed pair is right when the truth has it
at or above the threshold (an exact one only if the texts are identical).
"""
import argparse
import json
import sys


def url_key(u):
    return (len(u), u)


def pair(a, b):
    return (a, b) if url_key(a) <= url_key(b) else (b, a)


def read_dups(path):
    clusters, near = [], {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            o = json.loads(line)
            kind = o.get("kind", "exact")
            if o.get("type") == "duplicate_cluster" and kind == "exact":
                clusters.append(sorted(o.get("urls") or [], key=url_key))
            elif o.get("type") == "duplicate_pair" and kind == "near":
                near[pair(o["url_a"], o["url_b"])] = float(o.get("similarity") or 0)
    return clusters, near


def exact_pairs(clusters):
    out = set()
    for urls in clusters:
        for i in range(len(urls)):
            for j in range(i + 1, len(urls)):
                out.add(pair(urls[i], urls[j]))
    return out


def count(path):
    clusters, near = read_dups(path)
    ex = len(exact_pairs(clusters))
    print(len(near) + ex, len(near), ex)


def read_truth(path):
    truth = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            a, b, sim, _inter, _union, exact = line.rstrip("\n").split("\t")
            truth[pair(a, b)] = (float(sim), exact == "1")
    return truth


BUCKETS = [(0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0)]


def bucket(sim, exact):
    if exact:
        return "identical"
    if sim >= 1.0:
        return "1.0"
    for lo, hi in BUCKETS:
        if lo <= sim < hi:
            return "[%.1f,%.1f)" % (lo, hi)
    return "<%.1f" % BUCKETS[0][0]


def verdict(ok):
    return "met" if ok else "NOT met"


def score(args):
    t = args.similarity
    truth = read_truth(args.truth)
    clusters, near = read_dups(args.dups)
    canon = {}
    for urls in clusters:
        for u in urls:
            canon[u] = urls[0]
    claimed_exact = exact_pairs(clusters)

    found, by_bucket = 0, {}
    for (a, b), (sim, exact) in truth.items():
        if exact:
            ok = canon.get(a) is not None and canon.get(a) == canon.get(b)
        else:
            ok = pair(canon.get(a, a), canon.get(b, b)) in near
        found += ok
        k = bucket(sim, exact)
        n, f = by_bucket.get(k, (0, 0))
        by_bucket[k] = (n + 1, f + ok)

    right, wrong_sim, max_diff = 0, 0, 0.0
    for p in claimed_exact:
        right += p in truth and truth[p][1]
    for p, sim in near.items():
        if p in truth:
            right += 1
            d = abs(sim - truth[p][0])
            max_diff = max(max_diff, d)
            wrong_sim += d > 0.00006
    claimed = len(claimed_exact) + len(near)

    n_exact = sum(1 for s, e in truth.values() if e)
    recall = found / len(truth) if truth else 1.0
    precision = right / claimed if claimed else 1.0
    print("truth at %s: %d pairs at similarity >= %g (%d near, %d of identical "
          "normalised text)" % (args.label, len(truth), t, len(truth) - n_exact,
                                n_exact))
    if not near:
        print("  cqa wrote no near pair: only exact duplicates count below")
    print("recall     %.4f  (%d of %d)         target >= 0.99  %s" %
          (recall, found, len(truth), verdict(recall >= 0.99)))
    print("precision  %.4f  (%d of %d claimed: %d near, %d within exact "
          "clusters)  target 1.0  %s" %
          (precision, right, claimed, len(near), len(claimed_exact),
           verdict(claimed == right)))
    order = ["[%.1f,%.1f)" % b for b in BUCKETS] + ["1.0", "identical"]
    parts = ["%s %d/%d" % (k, by_bucket[k][1], by_bucket[k][0])
             for k in order if k in by_bucket]
    print("  found by similarity: " + ", ".join(parts))
    if near:
        print("  near pairs' similarity against the exact one: %d differ by more "
              "than rounding, largest difference %.4f" % (wrong_sim, max_diff))

    if args.planted:
        decoys, decoys_claimed, planted_near, planted_found = 0, 0, 0, 0
        with open(args.planted, encoding="utf-8") as f:
            for line in f:
                kind, src, copy, _sim = line.rstrip("\n").split("\t")
                p = pair(src, copy)
                if kind == "decoy":
                    decoys += 1
                    cp = pair(canon.get(src, src), canon.get(copy, copy))
                    decoys_claimed += cp in near
                elif kind == "near":
                    planted_near += 1
                    planted_found += pair(canon.get(src, src),
                                          canon.get(copy, copy)) in near
        print("  planted: %d near copies, %d found; %d decoys (similarity "
              "%.1f-%.1f), %d claimed" % (planted_near, planted_found, decoys,
                                          t - 0.2, t, decoys_claimed))

    if args.peer:
        peer = {}
        with open(args.peer, encoding="utf-8") as f:
            for line in f:
                a, b, est = line.rstrip("\n").split("\t")
                peer[pair(a, b)] = float(est)
        pf = sum(1 for p in truth if p in peer)
        pr = sum(1 for p in peer if p in truth)
        print("minhash (npm), its estimates, no exact check: recall %.4f (%d of "
              "%d), precision %.4f (%d of %d)" %
              (pf / len(truth) if truth else 1.0, pf, len(truth),
               pr / len(peer) if peer else 1.0, pr, len(peer)))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("count")
    c.add_argument("dups")
    s = sub.add_parser("score")
    s.add_argument("--truth", required=True)
    s.add_argument("--dups", required=True)
    s.add_argument("--planted")
    s.add_argument("--peer")
    s.add_argument("--similarity", type=float, default=0.5)
    s.add_argument("--label", default="10k")
    args = ap.parse_args()
    if args.cmd == "count":
        count(args.dups)
    else:
        score(args)


if __name__ == "__main__":
    sys.exit(main())
