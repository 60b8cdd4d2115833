// dedup_peer.js - near-duplicate pairs with the npm package minhash, the
// reference bench/dedup.sh times cqa-analyze against.
//
// Usage: node dedup_peer.js MODULES_DIR NORM.tsv PAIRS.tsv [SIMILARITY] [K]
//
// NORM.tsv holds "url<TAB>text" a document, the text already normalised by
// text_normalize() (cqa-bench-dedup-corpus --norm writes it), so the peer
// is not charged for normalising nor judged on a normalisation of its own.
// For each document: its K-word shingles (K default 5; words are separated
// by single spaces), as a set; a Minhash with the package's default of 128
// permutations, updated with each shingle; inserted in an LshIndex (its
// default: bands of 4 values, so 32 bands).  Then each document queries the
// index and each candidate's Minhash.jaccard() estimate at or above
// SIMILARITY (default 0.5) makes a pair: the package has no exact check.
// The whole of it is timed, from reading the file to the last query; pairs
// go to PAIRS.tsv (url_a, url_b, estimate) and one line of timings to
// standard output.
'use strict';

const fs = require('fs');
const path = require('path');

const [modules, normPath, outPath] = process.argv.slice(2, 5);
const threshold = Number(process.argv[5] || 0.5);
const k = Number(process.argv[6] || 5);
if (!modules || !normPath || !outPath) {
  console.error('usage: node dedup_peer.js MODULES_DIR NORM.tsv PAIRS.tsv [SIMILARITY] [K]');
  process.exit(2);
}
const { Minhash, LshIndex } = require(path.join(modules, 'minhash'));
const version = require(path.join(modules, 'minhash', 'package.json')).version;

const t0 = process.hrtime.bigint();
const secs = (a, b) => Number(b - a) / 1e9;

const lines = fs.readFileSync(normPath, 'utf8').split('\n');
const urls = [];
const hashes = [];
const index = new LshIndex();
const t1 = process.hrtime.bigint();
let tIndex = 0n;
for (const line of lines) {
  if (!line) continue;
  const tab = line.indexOf('\t');
  const words = line.slice(tab + 1).split(' ');
  const shingles = new Set();
  for (let i = 0; i + k <= words.length; i++)
    shingles.add(words.slice(i, i + k).join(' '));
  const m = new Minhash();
  for (const s of shingles) m.update(s);
  const id = urls.length;
  urls.push(line.slice(0, tab));
  hashes.push(m);
  const a = process.hrtime.bigint();
  index.insert(id, m);
  tIndex += process.hrtime.bigint() - a;
}
const t2 = process.hrtime.bigint();
const out = [];
let candidates = 0;
for (let i = 0; i < hashes.length; i++) {
  for (const key of index.query(hashes[i])) {
    const j = Number(key);
    if (j <= i) continue;
    candidates++;
    const est = hashes[i].jaccard(hashes[j]);
    if (est >= threshold) out.push(`${urls[i]}\t${urls[j]}\t${est.toFixed(4)}`);
  }
}
const t3 = process.hrtime.bigint();
fs.writeFileSync(outPath, out.length ? out.join('\n') + '\n' : '');
console.log(
  `minhash ${version}: ${urls.length} docs, reading ${secs(t0, t1).toFixed(2)} s, ` +
    `shingling and hashing ${(secs(t1, t2) - Number(tIndex) / 1e9).toFixed(2)} s, ` +
    `indexing ${(Number(tIndex) / 1e9).toFixed(2)} s, querying ${secs(t2, t3).toFixed(2)} s; ` +
    `${candidates} candidate pairs, ${out.length} at estimate >= ${threshold}; ` +
    `total ${secs(t0, t3).toFixed(2)} s`
);
