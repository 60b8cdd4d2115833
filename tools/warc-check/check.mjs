#!/usr/bin/env node
/*
 * check.mjs - checks a WARC file against the WARC 1.1 specification
 * (ISO 28500:2017) and the record layout docs/formats.md promises, reading
 * it with an independent reader: webrecorder's warcio.js.
 *
 * Usage: node check.mjs [--earlier EARLIER.warc[.gz]] FILE.warc[.gz]
 * Prints one line per problem, then "N records, M problems".  Exit status:
 * 0 no problem, 1 problems, 2 the file could not be read as a WARC at all.
 * With --earlier (the WARC a --since audit compared with), each revisit's
 * WARC-Refers-To must name a response of EARLIER whose WARC-Target-URI,
 * WARC-Date and WARC-Payload-Digest the revisit repeats.
 *
 * warcio's WARCParser splits the file into records (it undoes per-record
 * gzip itself) and parses the WARC header block; it is told not to parse
 * HTTP (parseHttp: false), so every record hands over its block exactly as
 * stored, Content-Length bytes long.  Everything else is computed here from
 * those raw bytes, not taken from warcio's HTTP decoding:
 *
 * - WARC-Block-Digest: SHA-1 (node:crypto) of the block, in base32 (RFC
 *   4648, written below) with the "sha1:" label.
 * - WARC-Payload-Digest: SHA-1 of the HTTP entity body, the bytes after the
 *   first empty line of the HTTP message (after any 1xx interim response),
 *   with a chunked Transfer-Encoding undone and any Content-Encoding kept,
 *   as ISO 28500 6.3.2 defines the payload.  A body that is cut short or
 *   does not start like chunked data is taken the way cqa's own reader
 *   (common/http.c) takes it: what decodes is kept, and a body with no
 *   chunk size line is taken as it is.
 * - Links between records: record IDs unique; the first record a warcinfo
 *   that every other record's WARC-Warcinfo-ID names; every
 *   WARC-Concurrent-To names a record of the file; every request is tied
 *   by WARC-Concurrent-To (either way) to a response or revisit of the same
 *   WARC-Target-URI.  These need the whole file, so they run at the end.
 * - Revisits: a known WARC-Profile, WARC-Refers-To-Target-URI and
 *   WARC-Refers-To-Date; for server-not-modified, a block that is the
 *   304's header block and nothing more (ISO 28500 6.7.2).  Their
 *   WARC-Payload-Digest is the earlier capture's, checked with --earlier.
 * - gzip: a .warc.gz is also inflated by zlib on its own, since warcio
 *   takes a damaged member for the end of the data; and each record must
 *   start a gzip member of its own (warcio's offsets tell).
 *
 * A problem line names the record by number, type, WARC-Target-URI and
 * offset: the byte offset of the record in the file, for a .warc.gz the
 * offset of its gzip member.
 *
 * Where the specification says "should" or "may" and cqa-fetch promises
 * more (WARC-Date to the second, urn:uuid record IDs, a payload digest on
 * every HTTP response, an IP address on every http(s) response), the
 * check holds cqa-fetch to its promise.  warcio's own warnings (a record
 * not followed by its CRLF CRLF, which means Content-Length is too small)
 * are problems of the record being read.
 */
import { createHash } from "node:crypto";
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { isIP } from "node:net";
import { pipeline } from "node:stream/promises";
import { Writable } from "node:stream";
import { createGunzip } from "node:zlib";
import { pathToFileURL } from "node:url";
import { HeadersMultiMap, WARCParser } from "warcio";

const RECORD_TYPES = new Set([
  "warcinfo", "response", "resource", "request", "metadata", "revisit",
  "conversion", "continuation",
]);
/* Types that capture something and so name it (ISO 28500 5.6). */
const TARGETED_TYPES = new Set([
  "response", "resource", "request", "revisit", "conversion", "continuation",
]);
const PROFILE_NOT_MODIFIED = [
  "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
  "http://netpreserve.org/warc/1.0/revisit/server-not-modified",
];
const PROFILE_IDENTICAL = [
  "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
  "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",
];
const RECORD_ID = /^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}>$/i;
const DATE_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/* The only fields ISO 28500 lets a record repeat. */
const REPEATABLE = new Set(["warc-concurrent-to", "warc-protocol"]);
const SHA1_LABELLED = /^sha1:[A-Z2-7]{32}$/;

/* RFC 4648 section 6, with "=" padding to a multiple of 8 characters. */
export function base32(bytes) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let out = "";
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0xfff; /* never more than 12 bits pending */
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += alphabet[(acc >> bits) & 31];
    }
  }
  if (bits > 0) out += alphabet[(acc << (5 - bits)) & 31];
  while (out.length % 8) out += "=";
  return out;
}

export function sha1Label(bytes) {
  return "sha1:" + base32(createHash("sha1").update(bytes).digest());
}

/* Byte offset of the line after the one starting at p, and the line's
 * length without its LF or CR LF. */
function lineAt(buf, p) {
  const nl = buf.indexOf(0x0a, p);
  const end = nl < 0 ? buf.length : nl;
  const len = end > p && buf[end - 1] === 0x0d ? end - 1 - p : end - p;
  return { len, next: nl < 0 ? buf.length : nl + 1 };
}

/* An HTTP message in a block: { status, headers: [[lowercase name, value]],
 * bodyStart, complete } for the final response (1xx interim ones are
 * skipped), or null when the block does not start with "HTTP/". */
export function parseHttp(block, isResponse = true) {
  let start = 0;
  for (;;) {
    const first = lineAt(block, start);
    const line = block.subarray(start, start + first.len).toString("latin1");
    if (isResponse && !/^HTTP\/\d/.test(line)) return null;
    const status = isResponse ? Number((/^HTTP\/\S+ +(\d{3})(?: |$)/.exec(line) || [])[1] || 0) : 0;
    const headers = [];
    let p = first.next;
    let complete = false;
    while (p < block.length) {
      const l = lineAt(block, p);
      const text = block.subarray(p, p + l.len).toString("latin1");
      p = l.next;
      if (l.len === 0) {
        complete = true;
        break;
      }
      const colon = text.indexOf(":");
      if (colon > 0) headers.push([text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim()]);
    }
    if (isResponse && status >= 100 && status < 200 && complete && p < block.length) {
      start = p; /* 100 Continue and the like: the real response follows */
      continue;
    }
    return { status, headers, bodyStart: p, complete };
  }
}

/* RFC 9112 7.1: the chunk data of body, concatenated.  A body cut short
 * keeps what is there; a body whose first line is no chunk size is not
 * chunked data at all and is returned whole. */
export function dechunk(body) {
  const parts = [];
  let p = 0;
  let first = true;
  while (p < body.length) {
    const l = lineAt(body, p);
    const line = body.subarray(p, p + l.len).toString("latin1");
    const m = /^[ \t]*([0-9A-Fa-f]{1,15})[ \t]*(;.*)?$/.exec(line);
    if (!m) {
      if (first) return body;
      break; /* malformed after good chunks: keep those */
    }
    if (l.next === body.length && body[body.length - 1] !== 0x0a) break;
    first = false;
    const size = parseInt(m[1], 16);
    if (size === 0) break; /* the last chunk; trailers carry no data */
    const end = Math.min(l.next + size, body.length);
    parts.push(body.subarray(l.next, end));
    p = end;
    if (body[p] === 0x0d) p++;
    if (body[p] === 0x0a) p++;
  }
  return Buffer.concat(parts);
}

/* The payload of an HTTP message block (ISO 28500 6.3.2). */
function httpPayload(block, msg) {
  const body = block.subarray(msg.bodyStart);
  const te = msg.headers.filter(([n]) => n === "transfer-encoding").map(([, v]) => v).join(",");
  const codings = te.split(",").map((c) => c.trim().toLowerCase()).filter(Boolean);
  return codings.length && codings[codings.length - 1] === "chunked" ? dechunk(body) : body;
}

function validDate(value) {
  if (!DATE_SECONDS.test(value)) return false;
  const t = new Date(value);
  return !Number.isNaN(t.getTime()) && t.toISOString().replace(".000Z", "Z") === value;
}

function validUri(value) {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/* warcio keeps the first of a repeated WARC field and drops the rest
 * silently; this header map also keeps every field line as it came, so a
 * repeated field can be seen.  The parser is handed it through its
 * _headersClass (the version is pinned in package.json). */
class FieldLines extends HeadersMultiMap {
  lines = [];

  append(name, value) {
    this.lines.push([name, value]);
    try {
      super.append(name, value);
    } catch {
      /* a repeated field warcio refuses: lines has it */
    }
  }
}

/* The WARC header fields as a map of lowercase name to the values, in
 * order (repeated fields keep every value). */
function fieldMap(headers) {
  const fields = new Map();
  for (const [name, value] of headers.lines || headers) {
    const key = name.toLowerCase();
    fields.set(key, (fields.get(key) || []).concat([value]));
  }
  return fields;
}

/* The gzip layer on its own, through zlib: warcio takes data that does not
 * inflate for uncompressed data and a cut member for the end of the file,
 * so a damaged member would otherwise pass as a shorter file. */
async function gzipError(file) {
  try {
    await pipeline(createReadStream(file), createGunzip(), new Writable({ write: (_c, _e, done) => done() }));
    return null;
  } catch (e) {
    return e.message;
  }
}

export async function checkWarc(file, report) {
  /* A gzip file must hold one member per record: warcio's raw offsets
   * tell where each record's member starts. */
  const magic = Buffer.alloc(2);
  const fd = openSync(file, "r");
  const got = readSync(fd, magic, 0, 2, 0);
  closeSync(fd);
  const gzipped = got === 2 && magic[0] === 0x1f && magic[1] === 0x8b;

  const records = [];
  let current = "file";
  const problem = (where, text) => report(`${where}: ${text}`);
  const damage = gzipped && (await gzipError(file));
  if (damage) problem("file", `gzip: ${damage}`);
  const warn = console.warn;
  console.warn = (...args) => problem(current, "warcio: " + args.join(" "));
  const parser = new WARCParser(createReadStream(file), { keepHeadersCase: true, parseHttp: false });
  parser._headersClass = FieldLines;
  try {
    let prevOffset = -1;
    for await (const record of parser) {
      const index = records.length + 1;
      const offset = parser.offset;
      const fields = fieldMap(record.warcHeaders.headers);
      if (index === 1 && !record.warcHeaders.statusline.startsWith("WARC/"))
        return { records, unreadable: "file: does not start with a WARC record" };
      const one = (name) => (fields.get(name.toLowerCase()) || [])[0];
      const type = one("WARC-Type");
      const uri = one("WARC-Target-URI");
      const date = one("WARC-Date");
      current = `record ${index} (${type || "no type"}${uri ? " " + uri : ""}, offset ${offset})`;
      for (const [name, values] of fields)
        if (values.length > 1 && !REPEATABLE.has(name)) problem(current, `${values.length} ${name} fields`);
      const block = Buffer.from(await record.readFully(false));
      const rec = { index, where: current, type, uri, date, fields, block };
      records.push(rec);

      if (gzipped && offset === prevOffset) problem(current, "shares a gzip member with the record before it");
      prevOffset = offset;

      if (record.warcHeaders.statusline !== "WARC/1.1")
        problem(current, `version line "${record.warcHeaders.statusline}", not WARC/1.1`);

      rec.id = one("WARC-Record-ID");
      if (!rec.id) problem(current, "no WARC-Record-ID");
      else if (!RECORD_ID.test(rec.id)) problem(current, `WARC-Record-ID ${rec.id} is not <urn:uuid:...>`);

      if (!date) problem(current, "no WARC-Date");
      else if (!validDate(date)) problem(current, `WARC-Date ${date} is not UTC YYYY-MM-DDThh:mm:ssZ`);

      if (!type) problem(current, "no WARC-Type");
      else if (!RECORD_TYPES.has(type)) problem(current, `unknown WARC-Type ${type}`);

      const length = one("Content-Length");
      if (length === undefined) problem(current, "no Content-Length");
      else if (!/^\d+$/.test(length)) problem(current, `Content-Length "${length}" is not a number`);
      else if (Number(length) !== block.length)
        problem(current, `Content-Length ${length}, but the block read has ${block.length} bytes`);

      if (block.length > 0 && !one("Content-Type")) problem(current, "a block but no Content-Type");

      const blockDigest = one("WARC-Block-Digest");
      if (!blockDigest) problem(current, "no WARC-Block-Digest");
      else if (!SHA1_LABELLED.test(blockDigest)) problem(current, `WARC-Block-Digest ${blockDigest} is not sha1:BASE32`);
      else if (blockDigest !== sha1Label(block))
        problem(current, `WARC-Block-Digest ${blockDigest}, computed ${sha1Label(block)}`);

      if (type && TARGETED_TYPES.has(type)) {
        if (!uri) problem(current, "no WARC-Target-URI");
        else if (!validUri(uri)) problem(current, `WARC-Target-URI ${uri} is not an absolute URI`);
      }

      const ip = one("WARC-IP-Address");
      if (ip !== undefined && !isIP(ip)) problem(current, `WARC-IP-Address ${ip} is not an IP address`);
      if (type === "response" && uri && /^https?:/i.test(uri) && !ip) problem(current, "an http(s) response without WARC-IP-Address");

      rec.payloadDigest = one("WARC-Payload-Digest");
      rec.warcinfoId = one("WARC-Warcinfo-ID");
      rec.concurrentTo = fields.get("warc-concurrent-to") || [];
      for (const id of rec.concurrentTo)
        if (!RECORD_ID.test(id)) problem(current, `WARC-Concurrent-To ${id} is not <urn:uuid:...>`);

      const contentType = (one("Content-Type") || "").toLowerCase().replace(/\s+/g, "");
      const payloadDigest = one("WARC-Payload-Digest");
      if (payloadDigest !== undefined && !SHA1_LABELLED.test(payloadDigest))
        problem(current, `WARC-Payload-Digest ${payloadDigest} is not sha1:BASE32`);

      if (type === "warcinfo") {
        if (contentType !== "application/warc-fields") problem(current, `warcinfo Content-Type ${contentType}`);
        for (const line of block.toString("utf8").split("\r\n"))
          if (line && !/^[^:\s]+: ?.*$/.test(line)) problem(current, `warcinfo line "${line}" is not a field`);
      }

      if ((type === "response" || type === "request") && contentType.startsWith("application/http")) {
        const isResponse = type === "response";
        const msg = parseHttp(block, isResponse);
        if (!msg) problem(current, "the block is not an HTTP response");
        else if (!msg.complete) problem(current, "the HTTP header block has no end");
        else if (isResponse && !payloadDigest) problem(current, "an HTTP response without WARC-Payload-Digest");
        if (msg && msg.complete && payloadDigest && SHA1_LABELLED.test(payloadDigest)) {
          const computed = sha1Label(httpPayload(block, msg));
          if (payloadDigest !== computed)
            problem(current, `WARC-Payload-Digest ${payloadDigest}, computed ${computed} from the HTTP body`);
        }
      }

      if (type === "revisit") {
        const profile = one("WARC-Profile");
        const refUri = one("WARC-Refers-To-Target-URI");
        const refDate = one("WARC-Refers-To-Date");
        const refId = one("WARC-Refers-To");
        if (!profile) problem(current, "a revisit without WARC-Profile");
        else if (![...PROFILE_NOT_MODIFIED, ...PROFILE_IDENTICAL].includes(profile))
          problem(current, `unknown revisit WARC-Profile ${profile}`);
        if (!refUri) problem(current, "a revisit without WARC-Refers-To-Target-URI");
        else if (!validUri(refUri)) problem(current, `WARC-Refers-To-Target-URI ${refUri} is not an absolute URI`);
        if (!refDate) problem(current, "a revisit without WARC-Refers-To-Date");
        else if (!validDate(refDate)) problem(current, `WARC-Refers-To-Date ${refDate} is not UTC YYYY-MM-DDThh:mm:ssZ`);
        if (refId !== undefined && !RECORD_ID.test(refId)) problem(current, `WARC-Refers-To ${refId} is not <urn:uuid:...>`);
        if (PROFILE_IDENTICAL.includes(profile) && !payloadDigest)
          problem(current, "an identical-payload-digest revisit without WARC-Payload-Digest");
        if (PROFILE_NOT_MODIFIED.includes(profile) && block.length > 0) {
          /* ISO 28500 6.7.2: the block holds the response headers only. */
          const msg = parseHttp(block, true);
          if (!msg || !msg.complete) problem(current, "the revisit block is not an HTTP header block");
          else if (msg.bodyStart !== block.length) problem(current, "the revisit block holds more than the HTTP headers");
          else if (msg.status !== 304) problem(current, `a server-not-modified revisit of an HTTP ${msg.status}`);
        }
      }
      /* current stays: warcio notices a short Content-Length while it
       * looks for the next record, and the problem is this record's. */
    }
  } catch (e) {
    return { records, unreadable: `${current}: unreadable: ${e.message}` };
  } finally {
    console.warn = warn;
  }
  if (records.length === 0) return { records, unreadable: "file: no WARC record in it" };
  checkLinks(records, problem);
  return { records };
}

/* Each revisit of records against the captures of the earlier audit. */
function checkRevisits(records, earlier, problem) {
  const byId = new Map(earlier.map((r) => [r.id, r]));
  for (const r of records) {
    if (r.type !== "revisit") continue;
    const refId = (r.fields.get("warc-refers-to") || [])[0];
    const old = refId && byId.get(refId);
    if (!old) {
      problem(r.where, `WARC-Refers-To ${refId} names no record of the earlier WARC`);
      continue;
    }
    const same = (name, mine, theirs) => {
      if (mine !== theirs) problem(r.where, `${name} ${mine}, but the record it refers to says ${theirs}`);
    };
    same("WARC-Refers-To-Target-URI", (r.fields.get("warc-refers-to-target-uri") || [])[0], old.uri);
    same("WARC-Refers-To-Date", (r.fields.get("warc-refers-to-date") || [])[0], old.date);
    same("WARC-Payload-Digest", r.payloadDigest, old.payloadDigest);
    if (old.type !== "response") problem(r.where, `refers to a ${old.type} record`);
  }
}

/* The checks that need every record: IDs, warcinfo and request pairing. */
function checkLinks(records, problem) {
  const byId = new Map();
  for (const r of records) {
    if (!r.id) continue;
    if (byId.has(r.id)) problem(r.where, `WARC-Record-ID ${r.id} is also record ${byId.get(r.id).index}'s`);
    else byId.set(r.id, r);
  }
  const info = records[0];
  if (info.type !== "warcinfo") problem(info.where, "the first record is not a warcinfo record");
  for (const r of records.slice(1)) {
    if (r.type === "warcinfo") continue;
    if (!r.warcinfoId) problem(r.where, "no WARC-Warcinfo-ID");
    else if (info.type === "warcinfo" && r.warcinfoId !== info.id)
      problem(r.where, `WARC-Warcinfo-ID ${r.warcinfoId} is not the warcinfo record's ${info.id}`);
  }
  const paired = new Set();
  for (const r of records) {
    for (const id of r.concurrentTo) {
      const other = byId.get(id);
      if (!other) {
        problem(r.where, `WARC-Concurrent-To ${id} names no record of the file`);
        continue;
      }
      const pair = [r, other];
      const request = pair.find((x) => x.type === "request");
      const capture = pair.find((x) => x.type === "response" || x.type === "revisit");
      if (request && capture) {
        paired.add(request);
        if (request.uri !== capture.uri)
          problem(r.where, `concurrent to record ${other.index}, whose WARC-Target-URI differs`);
      }
    }
  }
  for (const r of records)
    if (r.type === "request" && !paired.has(r))
      problem(r.where, "a request that no WARC-Concurrent-To ties to a response or revisit");
}

async function main(argv) {
  let earlierFile;
  if (argv[0] === "--earlier" && argv.length === 3) earlierFile = argv[1];
  if (argv.length !== (earlierFile ? 3 : 1)) {
    console.error("usage: node check.mjs [--earlier EARLIER.warc[.gz]] FILE.warc[.gz]");
    return 2;
  }
  const file = argv[argv.length - 1];
  let problems = 0;
  const report = (line) => {
    problems++;
    console.log(line);
  };
  let result;
  let earlier;
  try {
    if (earlierFile) {
      /* Its own problems are its own check's business. */
      earlier = await checkWarc(earlierFile, () => {});
      if (earlier.unreadable) {
        console.error(`${earlierFile}: ${earlier.unreadable}`);
        return 2;
      }
    }
    result = await checkWarc(file, report);
  } catch (e) {
    console.error(`${e.path || file}: ${e.message}`);
    return 2;
  }
  if (result.unreadable) console.log(result.unreadable);
  else if (earlier) checkRevisits(result.records, earlier.records, (where, text) => report(`${where}: ${text}`));
  console.log(`${result.records.length} records, ${problems} problems`);
  if (result.unreadable) return 2;
  return problems ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = await main(process.argv.slice(2));
