#!/usr/bin/env bash
#
# crawl_docs.sh - cqa-fetch --crawl on a real documentation site, checked
# against an independent walk of the same site, then killed and resumed.
#
# Usage: bench/crawl_docs.sh [--tls] [--docroot DIR] [--bin DIR] [--keep]
#
# A private nginx on 127.0.0.1 serves Debian's Python 3.11 documentation
# (package python3.11-doc, /usr/share/doc/python3.11/html: some 500 pages
# of HTML with navigation, indexes and "previous/next" links) with a
# robots.txt added that disallows two sections.  Then:
#
#   1. reach.py, a breadth-first walk written with Python's own URL and
#      HTML parsers, lists every HTML page reachable from index.html by the
#      links cqa follows (a, area, link rel=next/prev/alternate/canonical)
#      and allowed by that robots.txt;
#   2. cqa-fetch --crawl from index.html; its crawl.csv and WARC must hold
#      exactly those pages, each once, and refuse the disallowed ones;
#   3. the same crawl is killed with SIGKILL part-way and run again with
#      --resume: the result must be the same set of pages, each response
#      once in the WARC, each URL once in crawl.csv, and cqa-parse must read
#      the WARC to the end.
#
# With --tls all of it runs over https instead: nginx serves TLS with
# HTTP/2 by ALPN, its certificate issued by a CA made for the run
# (bench_make_certs in lib.sh); cqa-fetch gets --cacert CA (and speaks
# HTTP/2), reach.py the same CA (Python's urllib speaks HTTP/1.1).  Then
# a fourth step:
#
#   4. wget2 --recursive --level=inf --no-parent --robots=on over HTTP/2
#      from the same index.html, a second independent crawler: every HTML
#      page it fetched with a 200 must be among the pages cqa-fetch stored
#      (those it misses are listed), and the pages cqa stored that wget2
#      did not fetch are listed too.  wget2 has no content type in its
#      --stats-site log, so its HTML pages are the URLs whose path ends in
#      .html, .htm or / (the ones nginx serves as text/html here); wget2
#      also fetches stylesheets, scripts and images, which do not count.
#      nginx's access log then says which protocol each client spoke.
#
# It prints the counts, the crawl's pages/s, and the differences if any.
# Like every benchmark it never fails a build: exit 0 whatever the result,
# 2 for a usage error.

set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
bin="$root/build/bin"
docroot=/usr/share/doc/python3.11/html
keep=0
tls=0

usage() {
	cat <<EOF
Usage: bench/crawl_docs.sh [OPTIONS]
Crawl Debian's Python 3.11 documentation from a local nginx with cqa-fetch,
compare with an independent walk, then kill the crawl and resume it.

  --tls           all of it over https with HTTP/2 (a throwaway CA made for
                  the run), plus a recursive wget2 crawl of the same site
                  whose HTML pages cqa-fetch must all have found
  --docroot DIR   the site to serve ($docroot,
                  installed from python3.11-doc when missing)
  --bin DIR       where cqa-fetch and cqa-parse are ($bin)
  --keep          keep the temporary directory and print its path
  -h, --help      show this help

Exit status 0 whatever the result, 2 for a usage error.
EOF
}

die_usage() {
	echo "crawl_docs.sh: $*" >&2
	echo "Try 'bash bench/crawl_docs.sh --help'." >&2
	exit 2
}

while (($#)); do
	case $1 in
	--docroot) (($# >= 2)) || die_usage "$1 needs a value"; docroot=$2; shift 2 ;;
	--bin) (($# >= 2)) || die_usage "$1 needs a value"; bin=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	--tls) tls=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) die_usage "unknown argument '$1'" ;;
	esac
done

for p in cqa-fetch cqa-parse; do
	if [[ ! -x $bin/$p ]]; then
		echo "crawl_docs.sh: $bin/$p not found; build first (make build)"
		exit 0
	fi
done

# shellcheck source=bench/lib.sh
. "$here/lib.sh"
missing=()
[[ -n $(bench_find_nginx) ]] || missing+=(nginx-light)
if [[ $docroot == /usr/share/doc/python3.11/html && ! -f $docroot/index.html ]]; then
	missing+=(python3.11-doc)
fi
if ((tls)); then
	command -v openssl >/dev/null 2>&1 || missing+=(openssl)
	command -v wget2 >/dev/null 2>&1 || missing+=(wget2)
fi
bench_install crawl_docs.sh "${missing[@]}" || exit 0
if [[ ! -f $docroot/index.html ]]; then
	echo "crawl_docs.sh: $docroot/index.html not found"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cqa-bench-crawl.XXXXXX") || exit 0
cleanup() {
	trap - EXIT INT TERM
	bench_stop_nginx "$tmp/nginx"
	if ((keep)); then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# The robots.txt the site gets: two sections out of bounds for everyone.
cat >"$tmp/robots.txt" <<'EOF'
User-agent: *
Disallow: /whatsnew/
Disallow: /genindex
EOF
((EUID == 0)) && chmod -R a+rX "$tmp"
robots_conf="location = /robots.txt { alias $tmp/robots.txt; }"
# Over TLS every client gets the run's CA (cqa_tls: cqa-fetch's options;
# REACH_CAFILE: reach.py's), and nginx logs each request's protocol and
# User-Agent (combined format) for the summary.
cqa_tls=() started=0
if ((tls)); then
	if ! bench_make_certs "$tmp/certs" >"$tmp/nginx.msg"; then
		sed 's/^/crawl_docs.sh: /' "$tmp/nginx.msg"
		exit 0
	fi
	ca=$tmp/certs/ca.pem
	cqa_tls=(--cacert "$ca")
	export REACH_CAFILE=$ca
	bench_start_nginx_tls "$tmp/nginx" "$docroot" "$tmp/certs" \
		"$robots_conf access_log $tmp/nginx/access.log combined buffer=64k;" \
		>"$tmp/nginx.msg" && started=1
else
	bench_start_nginx "$tmp/nginx" "$docroot" "$robots_conf" >"$tmp/nginx.msg" && started=1
fi
if ((!started)); then
	sed 's/^/crawl_docs.sh: /' "$tmp/nginx.msg"
	exit 0
fi
scheme=http
((tls)) && scheme=https
base="$scheme://127.0.0.1:$BENCH_PORT"
seed="$base/index.html"

# ---------------------------------------------------------------- reach.py

cat >"$tmp/reach.py" <<'EOF'
# Every HTML page reachable from argv[1] by a/area href and link rel
# next/prev/previous/alternate/canonical, on the same host and port, not
# under a disallowed prefix (argv[2:]), fragments dropped; one URL a line.
# https is verified against the CA file $REACH_CAFILE when it is set.
import os, ssl, sys, urllib.request, urllib.error
from html.parser import HTMLParser
from urllib.parse import urljoin, urldefrag, urlsplit, unquote

PAGE_RELS = {"next", "prev", "previous", "alternate", "canonical"}

class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.base, self.hrefs = None, []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        href = a.get("href")
        if tag == "base" and href and self.base is None:
            self.base = href
        elif tag in ("a", "area") and href:
            if not ({"nofollow"} & set((a.get("rel") or "").lower().split())):
                self.hrefs.append(href)
        elif tag == "link" and href:
            rels = set((a.get("rel") or "").lower().split())
            if rels & PAGE_RELS and "stylesheet" not in rels:
                self.hrefs.append(href)

seed, disallowed = sys.argv[1], sys.argv[2:]
cafile = os.environ.get("REACH_CAFILE")
ctx = ssl.create_default_context(cafile=cafile) if cafile else None
origin = urlsplit(seed)
def key(u):
    s = urlsplit(u)
    return unquote(s.path) + ("?" + s.query if s.query else "")
seen, queue, pages = {key(seed)}, [seed], []
while queue:
    url = queue.pop(0)
    try:
        with urllib.request.urlopen(url, context=ctx) as r:
            ctype, body = r.headers.get("Content-Type", ""), r.read()
    except urllib.error.URLError:
        continue
    if not ctype.startswith("text/html"):
        continue
    pages.append(url)
    p = Links()
    p.feed(body.decode("utf-8", "replace"))
    base = urljoin(url, p.base) if p.base else url
    for h in p.hrefs:
        u = urldefrag(urljoin(base, h.strip()))[0]
        s = urlsplit(u)
        if s.scheme != origin.scheme or s.netloc != origin.netloc:
            continue
        k = key(u)
        if k in seen or any(unquote(s.path).startswith(d) for d in disallowed):
            continue
        seen.add(k)
        queue.append(u)
for u in pages:
    print(key(u))
EOF
t0=$EPOCHREALTIME
python3 "$tmp/reach.py" "$seed" /whatsnew/ /genindex | sort -u >"$tmp/reach.txt"
t1=$EPOCHREALTIME
n_reach=$(wc -l <"$tmp/reach.txt")

# ---------------------------------------------------------------- checks

# Pages a crawl stored: path (percent-decoded) of each page row with a 200
# and an HTML type, sorted; the CSV is parsed by Python's csv module.
cat >"$tmp/rows.py" <<'EOF'
import csv, sys, collections
from urllib.parse import urlsplit, unquote
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
what = sys.argv[2]
if what == "pages":
    for r in rows:
        if r["kind"] == "page" and r["status"] == "200" and r["stored"] == "1":
            s = urlsplit(r["url"])
            print(unquote(s.path) + ("?" + s.query if s.query else ""))
elif what == "summary":
    n = collections.Counter(r["url"] for r in rows)
    robots = sum(r["error"] == "robots" for r in rows)
    other = collections.Counter(r["error"] for r in rows if r["error"] not in ("", "robots"))
    print(len(rows), sum(v > 1 for v in n.values()), robots,
          " ".join(f"{k}={v}" for k, v in sorted(other.items())) or "-")
EOF

# "responses distinct h2" of a WARC: response records, distinct
# WARC-Target-URIs among them, and those whose status line (the block's
# first line) is HTTP/2's.
warc_responses() {
	zcat -f "$1" | awk '{ sub(/\r$/, "") }
		status { status = 0; if (/^HTTP\/2 /) h2++ }
		/^WARC\/1\.[01]$/ { hdr = 1; type = uri = ""; next }
		hdr && $0 == "" { hdr = 0; if (type == "response") { n++; u[uri] = 1; status = 1 }; next }
		hdr && /^WARC-Type: / { type = substr($0, 12) }
		hdr && /^WARC-Target-URI: / { uri = substr($0, 18) }
		END { for (k in u) d++; print n + 0, d + 0, h2 + 0 }'
}

# Compares a crawl's stored pages with reach.txt; prints one line.
compare() {
	python3 "$tmp/rows.py" "$1" pages | sort -u >"$tmp/got.txt"
	local n_got extra lost
	n_got=$(wc -l <"$tmp/got.txt")
	lost=$(comm -23 "$tmp/reach.txt" "$tmp/got.txt" | wc -l)
	extra=$(comm -13 "$tmp/reach.txt" "$tmp/got.txt" | wc -l)
	echo "$n_got pages stored; $lost of the walk's pages missing, $extra not in the walk"
	comm -3 "$tmp/reach.txt" "$tmp/got.txt" | head -5 | sed 's/^/  differs: /'
}

report() { # csv warc
	local rows dup robots other n d h2 proto=
	read -r rows dup robots other < <(python3 "$tmp/rows.py" "$1" summary)
	read -r n d h2 < <(warc_responses "$2")
	((tls)) && proto=", $h2 of them over HTTP/2"
	echo "  crawl.csv: $rows rows, $dup URLs on more than one row, $robots refused by robots.txt, other errors: $other"
	echo "  WARC: $n response records, $d distinct URIs$proto"
	echo "  $(compare "$1")"
}

# ---------------------------------------------------------------- crawls

echo "site: $docroot ($(find "$docroot" -name '*.html' | wc -l) .html files), served from $base"
echo "robots.txt: Disallow /whatsnew/ and /genindex"
((tls)) && echo "TLS: nginx ssl + http2 (ALPN), EC P-256 certificate from a CA made for this run; cqa-fetch --cacert, reach.py and wget2 the same CA"
echo "cqa-fetch: $bin/cqa-fetch"
echo
printf 'independent walk (reach.py): %d HTML pages reachable and allowed, %.1f s\n' \
	"$n_reach" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"

crawl=("$bin/cqa-fetch" -q --crawl --connections 16 --per-host 8 "${cqa_tls[@]}")
t0=$EPOCHREALTIME
"${crawl[@]}" -o "$tmp/full.warc.gz" --crawl-log "$tmp/full.csv" "$seed" 2>"$tmp/full.err"
rc=$?
t1=$EPOCHREALTIME
echo
printf 'cqa-fetch --crawl: exit %d, %.2f s\n' "$rc" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
report "$tmp/full.csv" "$tmp/full.warc.gz"

# Killed part-way: once crawl.csv has about a third of the pages.
rm -f "$tmp/res.warc.gz" "$tmp/res.csv"
"${crawl[@]}" --per-host 2 -o "$tmp/res.warc.gz" --crawl-log "$tmp/res.csv" "$seed" 2>"$tmp/res1.err" &
pid=$!
for _ in {1..600}; do
	rows=$({ wc -l <"$tmp/res.csv"; } 2>/dev/null || echo 0)
	((rows >= n_reach / 3)) && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.01
done
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
killed_rows=$(($(wc -l <"$tmp/res.csv") - 1))
killed_bytes=$(stat -c %s "$tmp/res.warc.gz")
"${crawl[@]}" --per-host 2 --resume -o "$tmp/res.warc.gz" --crawl-log "$tmp/res.csv" "$seed" 2>"$tmp/res2.err"
rc=$?
echo
echo "killed with SIGKILL after $killed_rows crawl.csv rows ($killed_bytes WARC bytes), then --resume: exit $rc"
report "$tmp/res.csv" "$tmp/res.warc.gz"
"$bin/cqa-parse" "$tmp/res.warc.gz" >"$tmp/docs.jsonl" 2>"$tmp/parse.err"
prc=$?
docs=$(wc -l <"$tmp/docs.jsonl")
echo "  cqa-parse on the resumed WARC: exit $prc, $docs documents"
((tls)) || exit 0

# ---------------------------------------------------------------- wget2

# A second crawler over the same https site.  Its --stats-site CSV has a
# row per URL fetched (ID,ParentID,URL,Status,...), the URL with the
# fragment of the first link that led to it.
rm -rf "$tmp/wget2"
w2=(wget2 --no-config -q --recursive --no-parent --level=inf --robots=on
	--max-threads=16 --http2 --ca-certificate="$ca" -P "$tmp/wget2"
	--stats-site="csv:$tmp/wget2.csv")
t0=$EPOCHREALTIME
"${w2[@]}" "$seed" 2>"$tmp/wget2.err"
rc=$?
t1=$EPOCHREALTIME
# wget2.txt: its HTML pages with a 200, as rows.py prints cqa's; and
# wget2.other: the rest, "STATUS path" a line.
python3 - "$tmp/wget2.csv" "$tmp/wget2.txt" "$tmp/wget2.other" <<'EOF'
import csv, re, sys
from urllib.parse import urldefrag, urlsplit, unquote
html, other = set(), set()
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")):
    s = urlsplit(urldefrag(r["URL"])[0])
    k = unquote(s.path) + ("?" + s.query if s.query else "")
    if r["Status"] == "200" and re.search(r"(\.html?|/)$", s.path):
        html.add(k)
    else:
        other.add(f'{r["Status"]} {k}')
open(sys.argv[2], "w").writelines(k + "\n" for k in sorted(html))
open(sys.argv[3], "w").writelines(k + "\n" for k in sorted(other))
EOF
python3 "$tmp/rows.py" "$tmp/full.csv" pages | sort -u >"$tmp/cqa.txt"
n_w2=$(wc -l <"$tmp/wget2.txt")
n_w2o=$(wc -l <"$tmp/wget2.other")
n_w2x=$(grep -cv '^200 ' "$tmp/wget2.other")
comm -23 "$tmp/wget2.txt" "$tmp/cqa.txt" >"$tmp/w2only.txt"
comm -13 "$tmp/wget2.txt" "$tmp/cqa.txt" >"$tmp/cqaonly.txt"
echo
printf 'wget2 --recursive --level=inf --robots=on (16 threads, HTTP/2): exit %d, %.2f s\n' \
	"$rc" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
echo "  $n_w2 HTML pages with a 200; $n_w2o other URLs (robots.txt, stylesheets, scripts, images...), $n_w2x of them not a 200"
grep -v '^200 ' "$tmp/wget2.other" | head -5 | sed 's/^/  not a 200: /'
echo "  against the first cqa-fetch crawl: $(wc -l <"$tmp/w2only.txt") of wget2's pages not found by cqa-fetch," \
	"$(wc -l <"$tmp/cqaonly.txt") found by cqa-fetch and not by wget2"
# Why a page is on one side only: whether reach.py's walk has it, and the
# links to it from the pages both crawlers stored, by kind (tag and rel),
# with one page for each kind.
cat >"$tmp/links_to.py" <<'EOF'
import collections, os, re, sys
from urllib.parse import urljoin, urldefrag, urlsplit, unquote
root, label = sys.argv[1], sys.argv[2]
want = [l.strip() for l in open(sys.argv[3]) if l.strip()]
reach = {l.strip() for l in open(sys.argv[4])}
stored = {l.strip() for l in open(sys.argv[5])} & {l.strip() for l in open(sys.argv[6])}
tagre = re.compile(r"<(a|area|link|iframe|frame|form)\b([^>]*)>", re.I | re.S)
urlre = re.compile(r"""\b(href|src|action)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
relre = re.compile(r"""\brel\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
how = {w: collections.OrderedDict() for w in want}
for page in sorted(stored):
    f = os.path.join(root, page.lstrip("/"))
    if page.endswith("/"):
        f = os.path.join(f, "index.html")
    try:
        text = open(f, encoding="utf-8", errors="replace").read()
    except OSError:
        continue
    for m in tagre.finditer(text):
        h = urlre.search(m.group(2))
        if not h:
            continue
        u = urlsplit(urldefrag(urljoin("https://h" + page, h.group(2).strip("\"'")))[0])
        k = unquote(u.path) + ("?" + u.query if u.query else "")
        if k in how:
            r = relre.search(m.group(2))
            kind = m.group(1).lower() + (" rel=" + r.group(1).strip("\"'") if r else "")
            n, first = how[k].get(kind, (0, page))
            how[k][kind] = (n + 1, first)
for w in want:
    links = "; ".join(f"{kind} x{n} (e.g. {first})" for kind, (n, first) in how[w].items())
    print(f"  {label}: {w} ({'in' if w in reach else 'not in'} reach.py's walk;"
          f" links from pages both stored: {links or 'none'})")
EOF
for side in "wget2 only:w2only" "cqa only:cqaonly"; do
	[[ -s $tmp/${side#*:}.txt ]] &&
		python3 "$tmp/links_to.py" "$docroot" "${side%:*}" "$tmp/${side#*:}.txt" \
			"$tmp/reach.txt" "$tmp/wget2.txt" "$tmp/cqa.txt"
done

# The protocol each client spoke, from nginx's log (complete once nginx
# has stopped and flushed it): requests by User-Agent product.
bench_stop_nginx "$tmp/nginx"
echo
echo "protocols in nginx's access log (requests, robots.txt included):"
bench_protocols "$tmp/nginx/access.log" 14
exit 0
