#!/usr/bin/env python3
"""Generate common/syllable_dict.c: the words cqa's syllable rules get wrong.

Usage:
    python3 tools/gen_syllable_dict.py [CMUDICT.tsv] [--counter PROGRAM]
                                       [-o common/syllable_dict.c]

CMUDICT.tsv is the CMU Pronouncing Dictionary as ../shared/data/words/
cmudict.tsv has it: word, syllables, pronunciation, tab-separated, one
pronunciation a line, "word(2)" for a word's second pronunciation.

PROGRAM counts syllables by the rules alone: it reads words, one a line, and
writes their counts, one a line.  The default is cqa-analyze
--count-syllables --no-dict from build/bin (give the path of another build
with --counter).  The rules do not read the dictionary, so a fresh build of
the rules is all it takes; regenerate whenever common/syllable.c's rules
change, and commit the result.

A word goes into the dictionary when the rules' count matches none of its
pronunciations, in the form text_syllables() looks it up (lower-case ASCII
letters and inner apostrophes), with the syllables of its first
pronunciation (the first with any syllable: "hmm" has none and is left out).
The same holds for the capital form of a word of 2 to 5 letters ("NASA"
must not be spelled out as an acronym), and for a possessive whose word is
in the dictionary ("Wednesday's" counts Wednesday from the dictionary).
Only plain words (letters and apostrophes) are taken: text_syllables()
counts "ad-hoc" as "ad" and "hoc".

Standard library only.
"""

import argparse
import os
import re
import subprocess
import sys

PLAIN = re.compile(r"^[a-z']+$")
MAX_KEY = 64  # SYL_MAX in common/syllable.c: longer words are cut there
HEADER = """\
/*
 * syllable_dict.c - the words the syllable rules of syllable.c get wrong,
 * with their syllables.  GENERATED: do not edit.  Made by
 *
 *     python3 tools/gen_syllable_dict.py ../shared/data/words/cmudict.tsv \\
 *         --counter build/bin/cqa-analyze -o common/syllable_dict.c
 *
 * from the CMU Pronouncing Dictionary ({source_lines} lines, {plain} plain
 * words): {entries} entries, the words the rules get wrong, each with the
 * syllables of its first pronunciation (the format is in syllable_dict.h).
 *
 * The entries are derived from the CMU Pronouncing Dictionary:
 * Copyright (C) 1993-2015 Carnegie Mellon University. All rights reserved.
 * Redistributed under its BSD-style licence, in full in
 * common/CMUdict-LICENSE.txt.
 */
#include "syllable_dict.h"

/* One string of some {size} KB: longer than the 4095 bytes ISO C asks
 * every compiler to take in one literal, which GCC and Clang do. */
#pragma GCC diagnostic ignored "-Woverlength-strings"

const char syllable_dict[] =
"""


def read_cmudict(path):
    """Returns ({word: [counts in file order]}, number of lines)."""
    words = {}
    lines = 0
    with open(path, encoding="ascii") as f:
        for line in f:
            lines += 1
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            word = re.sub(r"\(\d+\)$", "", parts[0])
            words.setdefault(word, []).append(int(parts[1]))
    return words, lines


def key_of(word):
    """The dictionary key text_syllables() looks up: apostrophes at either
    end are not part of the word."""
    return word.strip("'")


def run_counter(counter, items):
    """Rules-only syllables of each item, by the counter program."""
    data = "".join(w + "\n" for w in items)
    out = subprocess.run(
        counter, input=data, capture_output=True, text=True, check=True
    ).stdout.split()
    if len(out) != len(items):
        sys.exit(
            f"gen_syllable_dict: {counter[0]} gave {len(out)} counts "
            f"for {len(items)} words"
        )
    return dict(zip(items, map(int, out)))


def hissing(stem):
    return stem.endswith(
        ("s", "x", "z", "ch", "sh", "ce", "ge", "se", "ze")
    )


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "cmudict",
        nargs="?",
        default=os.path.join(root, "..", "shared", "data", "words",
                             "cmudict.tsv"),
    )
    ap.add_argument(
        "--counter",
        default=os.path.join(root, "build", "bin", "cqa-analyze"),
        help="cqa-analyze to run with --count-syllables --no-dict",
    )
    ap.add_argument(
        "-o", "--output",
        default=os.path.join(root, "common", "syllable_dict.c"),
    )
    args = ap.parse_args()
    counter = [args.counter, "--count-syllables", "--no-dict"]

    words, source_lines = read_cmudict(args.cmudict)
    # key -> counts; a word spelled exactly as its key wins over one with
    # apostrophes at its ends ("bout" over "'bout")
    entries = {}
    plain = 0
    for word, counts in words.items():
        if not PLAIN.match(word):
            continue
        plain += 1
        key = key_of(word)
        counts = [c for c in counts if c > 0]
        if not key or not counts or len(key) > MAX_KEY:
            continue
        if key not in entries or key == word:
            entries[key] = counts

    keys = sorted(entries)
    caps = [k.upper() for k in keys if 2 <= len(k) <= 5 and "'" not in k]
    stems = sorted(
        {k[:-2] for k in keys if k.endswith("'s") and len(k) > 2}
    )
    rules = run_counter(counter, keys + caps + stems)

    exceptions = {}
    for k in keys:
        counts = entries[k]
        wrong = rules[k] not in counts
        if 2 <= len(k) <= 5 and "'" not in k:
            wrong |= rules[k.upper()] not in counts
        if wrong:
            exceptions[k] = counts[0]
    # a possessive not in the dictionary counts its word from it
    for k in keys:
        if k in exceptions or not k.endswith("'s"):
            continue
        stem = k[:-2]
        if stem in exceptions:
            got = exceptions[stem] + (1 if hissing(stem) else 0)
            if got not in entries[k]:
                exceptions[k] = entries[k][0]

    body = []
    line = ""
    for k in sorted(exceptions):
        n = exceptions[k]
        if not 1 <= n <= 40:
            sys.exit(f"gen_syllable_dict: {k}: {n} syllables")
        item = k + chr(ord("0") + n)
        if len(line) + len(item) > 70:
            body.append('    "' + line + '"')
            line = ""
        line += item
    if line:
        body.append('    "' + line + '"')
    size = sum(len(k) + 1 for k in exceptions)
    text = HEADER.format(
        source_lines=f"{source_lines:,}",
        plain=f"{plain:,}",
        entries=f"{len(exceptions):,}",
        size=(size + 512) // 1024,
    )
    text += "\n".join(body) + ";\n"
    text += "const size_t syllable_dict_len = sizeof syllable_dict - 1;\n"
    with open(args.output, "w", encoding="ascii") as f:
        f.write(text)
    print(
        f"{args.output}: {len(exceptions)} of {plain} plain words, "
        f"{size} bytes of entries",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
