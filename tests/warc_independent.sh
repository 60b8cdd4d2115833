#!/bin/sh
# warc_independent.sh - the WARC files cqa-fetch writes, read by a program
# that shares no code with it: tools/warc-check/check.mjs, built on
# webrecorder's warcio.js, checks every record against WARC 1.1 (fields,
# digests recomputed from the bytes, links between records).
#
# Usage: CQA_BIN=BUILD/bin warc_independent.sh HTTP_SERVER
# Exit status 77 (skipped) when node or tools/warc-check/node_modules is
# missing: `make deps` installs both.
#
# Two servers answer:
#   - tests/http_server in site mode (see http_server.c): the crawl site,
#     its robots.txt and sitemaps, plus /gz.html (Content-Encoding: gzip)
#     and /chunked (Transfer-Encoding: chunked), given as extra inputs so
#     both payload digest cases are in the WARC.  It sends neither ETag
#     nor Last-Modified, so a --since run refetches all of its pages.
#   - a few lines of node below (ETAG_SERVER): /kept.html with an ETag
#     and a Last-Modified, sent in two chunks, and a 304 to a request that
#     names that ETag; /robots.txt and anything else are a 404.  It is what
#     makes the --since run write a revisit record.
#
# Records, counted by hand from http_server.c's site_pages and the crawl
# rules test_crawl.c checks: with --keep-non-html the crawl stores
#   robots.txt, sitemap-index.xml, sitemaps/pages.xml.gz,
#   site/index, page2, a, c, d, e (.html), doc.pdf, img.png,
#   sm/one, two, three (.html), gz.html, chunked            16 responses
# (not b.html and f.html: only nofollow leads there; not other-host.html:
# another host; not private/secret.html: robots.txt), and from the second
# server kept.html (its robots.txt is a 404, which cqa-fetch does not keep
# as a document, fetch.c): 17 responses, each with its request, and the
# warcinfo record, 35 in all.
set -eu

server=${1:?usage: CQA_BIN=BUILD/bin warc_independent.sh HTTP_SERVER}
fetch=${CQA_BIN:?CQA_BIN is the build bin directory}/cqa-fetch
source_dir=${CQA_SOURCE:-$(cd "$(dirname "$0")/.." && pwd)}
tool=$source_dir/tools/warc-check
check=$tool/check.mjs

if ! command -v node >/dev/null 2>&1; then
	echo "warc_independent: skipped: no node command (make deps installs it)"
	exit 77
fi
if [ ! -d "$tool/node_modules/warcio" ]; then
	echo "warc_independent: skipped: $tool/node_modules is missing (make deps runs npm ci there)"
	exit 77
fi

ETAG_SERVER='
const http = require("http");
const etag = "\"kept-1\"";
const headers = {
  "Content-Type": "text/html; charset=utf-8",
  ETag: etag,
  "Last-Modified": "Mon, 02 Nov 2026 10:00:00 GMT",
};
const server = http.createServer((req, res) => {
  if (req.url !== "/kept.html") {
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("not found\n");
  } else if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    res.end();
  } else {
    res.writeHead(200, { ...headers, "Transfer-Encoding": "chunked" });
    res.write("<!DOCTYPE html>\n<html><head><title>Kept</title></head>\n");
    res.end("<body><p>Unchanged between audits.</p></body></html>\n");
  }
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
setTimeout(() => process.exit(0), 120000).unref();
'

work=$(mktemp -d "${TMPDIR:-/tmp}/warc_independent.XXXXXX")
site_pid=""
etag_pid=""
cleanup() {
	[ -n "$site_pid" ] && kill "$site_pid" 2>/dev/null
	[ -n "$etag_pid" ] && kill "$etag_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

checks=0
fail() {
	echo "warc_independent: FAIL: $*"
	exit 1
}
pass() {
	checks=$((checks + 1))
	echo "ok $checks - $*"
}

# The first line a server prints is its port; http_server builds its
# gzip bodies first, which takes a few seconds (longer under sanitizers).
wait_port() {
	i=0
	while [ ! -s "$1" ] || ! head -n 1 "$1" | grep -q '^[0-9][0-9]*$'; do
		i=$((i + 1))
		[ "$i" -le 600 ] || fail "no port from $2 after 60 s"
		sleep 0.1
	done
	head -n 1 "$1"
}

# The checker's own arithmetic: RFC 4648 section 10's base32 vectors, and
# a chunked body of two chunks with an extension.
node --input-type=module -e "
import { base32, dechunk } from '$check';
const vectors = { '': '', f: 'MY======', fo: 'MZXQ====', foo: 'MZXW6===',
  foob: 'MZXW6YQ=', fooba: 'MZXW6YTB', foobar: 'MZXW6YTBOI======' };
for (const [input, want] of Object.entries(vectors))
  if (base32(Buffer.from(input)) !== want) { console.log('base32 of', input); process.exit(1); }
if (dechunk(Buffer.from('5;x=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n')).toString() !== 'hello world')
  process.exit(1);
" || fail "check.mjs base32 or dechunk is wrong"
pass "check.mjs: RFC 4648 base32 vectors, dechunking"

"$server" site >"$work/site.port" &
site_pid=$!
node -e "$ETAG_SERVER" >"$work/etag.port" &
etag_pid=$!
site=http://127.0.0.1:$(wait_port "$work/site.port" http_server)
etag=http://127.0.0.1:$(wait_port "$work/etag.port" "the ETag server")

crawl() {
	"$fetch" -q --crawl --sitemap robots --keep-non-html "$@" \
		"$site/site/index.html" "$site/gz.html" "$site/chunked" \
		"$etag/kept.html" || fail "cqa-fetch $* exited $?"
}

# Runs check.mjs; the output must be exactly $1 and the status $2.
expect_check() {
	want=$1 want_rc=$2
	shift 2
	rc=0
	node "$check" "$@" >"$work/out" 2>&1 || rc=$?
	if [ "$rc" != "$want_rc" ] || [ "$(cat "$work/out")" != "$want" ]; then
		cat "$work/out"
		fail "check.mjs $*: exit $rc and the output above; expected exit $want_rc and \"$want\""
	fi
}

revisits() {
	gzip -dc "$1" | tr -d '\r' | grep -ac '^WARC-Type: revisit$' || true
}

crawl -o "$work/first.warc.gz" --crawl-log "$work/first.csv"
[ "$(head -c 2 "$work/first.warc.gz" | od -An -tx1 | tr -d ' ')" = 1f8b ] ||
	fail "first.warc.gz is not gzip"
expect_check "35 records, 0 problems" 0 "$work/first.warc.gz"
[ "$(revisits "$work/first.warc.gz")" = 0 ] || fail "revisits in the first audit"
pass "gzip WARC: 35 records, every one valid"

crawl --no-gzip -o "$work/plain.warc" --crawl-log "$work/plain.csv"
[ "$(head -c 8 "$work/plain.warc")" = WARC/1.1 ] || fail "plain.warc is not plain"
expect_check "35 records, 0 problems" 0 "$work/plain.warc"
pass "--no-gzip WARC: 35 records, every one valid"

# The second audit: only kept.html can answer 304, so one revisit, and its
# WARC-Refers-To* fields must repeat the first audit's response.
crawl --since "$work/first.warc.gz" -o "$work/second.warc.gz" \
	--crawl-log "$work/second.csv"
expect_check "35 records, 0 problems" 0 --earlier "$work/first.warc.gz" \
	"$work/second.warc.gz"
[ "$(revisits "$work/second.warc.gz")" = 1 ] ||
	fail "$(revisits "$work/second.warc.gz") revisit records, expected 1"
pass "--since WARC: 35 records, 1 revisit referring to the first audit"

# The checker must see damage: one byte of the index page's body changed
# ("<title>Index" becomes "<title>Indey") breaks its block digest and its
# payload digest, and nothing else.
cp "$work/plain.warc" "$work/damaged.warc"
hits=$(grep -abo '<title>Index</title>' "$work/damaged.warc")
[ "$(echo "$hits" | wc -l)" = 1 ] || fail "index page title found $(echo "$hits" | wc -l) times"
offset=$((${hits%%:*} + 11))
printf y | dd of="$work/damaged.warc" bs=1 seek="$offset" conv=notrunc 2>/dev/null
rc=0
node "$check" "$work/damaged.warc" >"$work/out" 2>&1 || rc=$?
[ "$rc" = 1 ] || { cat "$work/out"; fail "damaged WARC: check.mjs exited $rc, expected 1"; }
tail -n 1 "$work/out" | grep -qx "35 records, 2 problems" ||
	{ cat "$work/out"; fail "damaged WARC: expected 2 problems"; }
grep -q "/site/index.html, offset [0-9]*): WARC-Block-Digest sha1:" "$work/out" ||
	{ cat "$work/out"; fail "damaged WARC: no block digest problem"; }
grep -q "/site/index.html, offset [0-9]*): WARC-Payload-Digest sha1:" "$work/out" ||
	{ cat "$work/out"; fail "damaged WARC: no payload digest problem"; }
pass "a changed body byte: block and payload digest problems, 2 in all"

echo "warc_independent: $checks checks passed"
