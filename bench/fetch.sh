#!/usr/bin/env bash
#
# fetch.sh - cqa-fetch's throughput beside wget's and wget2's, in one run.
#
# Usage: bench/fetch.sh [--tls] [--pages N] [--rounds R] [--cqa-fetch PATH] [--keep]
#
# A private nginx on 127.0.0.1 serves N generated HTML pages (2-8 KB each,
# a few paragraphs and links, like a small site) and three clients fetch
# the same URL list, alternating, R rounds each:
#
#   cqa-fetch  16 connections, all to the one host, WARC + crawl.csv out,
#              twice: its default gzip WARC (cqa) and a plain WARC with
#              --no-gzip (cqa_plain), the like of wget2's plain files;
#   wget       the usual way to archive a site to WARC (one connection);
#   wget2      16 threads, plain files out: a fast downloader writing no
#              archive at all, so the ceiling of what a client can do here.
#
# Plain http by default.  With --tls the whole run is over https instead:
# the same nginx serves TLS with HTTP/2 by ALPN, its certificate issued by
# a CA made for the run (bench_make_certs); cqa-fetch gets --cacert CA
# (it asks for HTTP/2 and multiplexes its 16 transfers on a connection),
# wget2 --ca-certificate=CA --http2 (16 threads, HTTP/2 where built with
# it: +http2 in `wget2 --version`), wget --ca-certificate=CA (HTTP/1.1
# only).  nginx logs each request's protocol and client in that run, and
# the summary says which protocol each tool actually used.  One run is
# one scheme, so its figures and its references are measured together.
#
# The figure is pages per second, wall clock, best round of each tool: on a
# shared machine the best round is the one least disturbed by other work.
# The median is printed beside it.  The targets are cqa >= 5x wget's WARC
# throughput and >= 0.7x wget2's.  Every cqa round is checked (a response
# record in the WARC and a 200 in crawl.csv for each of the N URLs) so that
# a fast but broken run does not count; the other tools' outputs are
# counted too.
#
# The server runs from a temporary directory (config, pid, logs, temp
# paths), never as the system service, and is stopped on any exit,
# Ctrl-C included.  Missing Debian packages (nginx, wget, wget2) are
# installed with apt-get when we are root or have sudo; otherwise the
# command is printed.  A benchmark never fails a build: the exit status
# is 0 whatever the result, 2 only for a usage error.

# The run_* functions and cleanup are called indirectly.
# shellcheck disable=SC2317
set -u

pages=3000
rounds=3
keep=0
tls=0
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
cqa="$root/build/bin/cqa-fetch"
cqa_given=0

usage() {
	cat <<EOF
Usage: bench/fetch.sh [OPTIONS]
Time cqa-fetch against wget (WARC) and wget2 (16 threads) on a local nginx.

  --tls              the same over https with HTTP/2 (a throwaway CA made
                     for the run; every client is given its certificate)
  --pages N          pages to generate and fetch (3000)
  --rounds R         rounds per tool, tools alternating; best round counts (3)
  --cqa-fetch PATH   the cqa-fetch binary (build/bin/cqa-fetch under the
                     repository root: $root/build/bin/cqa-fetch)
  --keep             keep the temporary directory and print its path
  -h, --help         show this help

Installs nginx, wget, wget2 (and openssl for --tls) with apt-get when
missing (as root or with sudo; otherwise prints the command and exits 0).
Prints pages/s for each tool, the ratios cqa/wget (target >= 5) and
cqa/wget2 (target >= 0.7), and checks cqa's WARC and crawl.csv; with --tls,
also the protocol each tool spoke.  Exit status 0 whatever the figures, 2
for a usage error.
EOF
}

die_usage() {
	echo "fetch.sh: $*" >&2
	echo "Try 'bash bench/fetch.sh --help'." >&2
	exit 2
}

is_count() { [[ $1 =~ ^[0-9]+$ ]] && ((10#$1 > 0)); }

while (($#)); do
	case $1 in
	--pages | --rounds | --cqa-fetch)
		(($# >= 2)) || die_usage "$1 needs a value"
		opt=$1 val=$2
		shift 2
		;;
	--pages=* | --rounds=* | --cqa-fetch=*)
		opt=${1%%=*} val=${1#*=}
		shift
		;;
	--keep) keep=1; shift; continue ;;
	--tls) tls=1; shift; continue ;;
	-h | --help) usage; exit 0 ;;
	*) die_usage "unknown argument '$1'" ;;
	esac
	case $opt in
	--pages) is_count "$val" || die_usage "--pages wants a positive number"; pages=$((10#$val)) ;;
	--rounds) is_count "$val" || die_usage "--rounds wants a positive number"; rounds=$((10#$val)) ;;
	--cqa-fetch) cqa=$val cqa_given=1 ;;
	esac
done

if [[ ! -x $cqa ]]; then
	if ((cqa_given)); then
		die_usage "--cqa-fetch $cqa: not an executable"
	fi
	echo "fetch.sh: $cqa not found; build it first:"
	echo "  cmake -S $root -B $root/build -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build $root/build"
	exit 0
fi
cqa=$(cd "$(dirname "$cqa")" && pwd)/$(basename "$cqa")

# ---------------------------------------------------------------- packages

# shellcheck source=bench/lib.sh
. "$here/lib.sh"
missing=()
[[ -n $(bench_find_nginx) ]] || missing+=(nginx-light)
command -v wget >/dev/null 2>&1 || missing+=(wget)
command -v wget2 >/dev/null 2>&1 || missing+=(wget2)
((tls)) && ! command -v openssl >/dev/null 2>&1 && missing+=(openssl)
bench_install fetch.sh "${missing[@]}" || exit 0
nginx=$(bench_find_nginx)

# ---------------------------------------------------------------- temp dir

# The work directory goes on tmpfs (/dev/shm) unless TMPDIR says
# otherwise: wget2 creates a file per page, and on a disk file system the
# cost of creating 3000 small files varies tenfold with what else the
# machine is doing, which would be measured instead of fetching.
if [[ -z ${TMPDIR:-} && -d /dev/shm && -w /dev/shm ]]; then
	tmp_parent=/dev/shm
else
	tmp_parent=${TMPDIR:-/tmp}
fi
tmp=$(mktemp -d "$tmp_parent/cqa-bench-fetch.XXXXXX") || exit 0

cleanup() {
	trap - EXIT INT TERM
	bench_stop_nginx "$tmp/nginx"
	if ((keep)); then
		echo "kept $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# ---------------------------------------------------------------- pages

# One awk process writes the whole site: fixed seed, so every run serves
# the same bytes.  Sizes are spread evenly over 2-8 KB.  Each page is laid
# out like a small CMS's article: head with title, description and
# canonical link, a header with a nav list, the article (2-7 sentences a
# paragraph, a few inline links to other pages), a related-links aside and
# a footer.  Words are drawn with a Zipf-like skew from a list ordered by
# frequency.  gzip shrinks one of these pages about 2.3 times; real pages,
# heavier in markup, shrink more and deflate faster, so the pages do not
# flatter cqa, which gzips every WARC record.
mkdir -p "$tmp/www/p" "$tmp/nginx" "$tmp/out"
awk -v n="$pages" -v dir="$tmp/www/p" '
BEGIN {
	srand(20240611)
	nw = split("the of and to in a is that for it as was with be by on " \
		"not he this are or his from at which but have an they you " \
		"were her she there one all we their been has when who will " \
		"more no if out so said what up its about into than them can " \
		"only other new some could time these two may then do first " \
		"any my now such like our over man me even most made after " \
		"also did many before must through back years where much your " \
		"way well down should because each just those people how too " \
		"little state good very make world still own see men work " \
		"long get here between both life being under never day same " \
		"another know while last might us great old year off come " \
		"since against go came right used take three house quality " \
		"content readers article editor archive section report study " \
		"measure result public system number water city history " \
		"council market school family local season weather policy " \
		"community research library garden station museum election " \
		"festival harbour bridge village county summer winter budget " \
		"planning transport evening morning students teachers doctors " \
		"visitors volunteers residents officials minister committee " \
		"project building national regional annual traditional " \
		"important available different possible particular significant", w, " ")
	head = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n" \
		"<meta charset=\"utf-8\">\n" \
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" \
		"<link rel=\"stylesheet\" href=\"/assets/site.css\">\n"
	nav = "<header class=\"site-header\">\n" \
		"<a class=\"logo\" href=\"/\">Example Press</a>\n" \
		"<nav class=\"main-nav\"><ul>\n" \
		"<li><a href=\"/news/\">News</a></li>\n" \
		"<li><a href=\"/features/\">Features</a></li>\n" \
		"<li><a href=\"/archive/\">Archive</a></li>\n" \
		"<li><a href=\"/about.html\">About</a></li>\n" \
		"</ul></nav>\n</header>\n"
	foot = "<footer class=\"site-footer\">\n" \
		"<p>&copy; 2024 Example Press. All rights reserved.</p>\n" \
		"<p><a href=\"/privacy.html\">Privacy</a> | " \
		"<a href=\"/terms.html\">Terms</a> | " \
		"<a href=\"/contact.html\">Contact</a></p>\n" \
		"</footer>\n</body>\n</html>\n"
	for (i = 1; i <= n; i++) {
		f = sprintf("%s/%05d.html", dir, i)
		target = 2048 + int(rand() * 6144)
		title = sentence(4 + int(rand() * 5), 0)
		sub(/\.$/, "", title)
		aside = "</div>\n</article>\n<aside class=\"related\">\n" \
			"<h2>Related articles</h2>\n<ul>\n"
		for (j = 0; j < 4; j++)
			aside = aside sprintf("<li><a href=\"/p/%05d.html\">%s</a></li>\n",
				1 + int(rand() * n), sentence(3 + int(rand() * 4), 0))
		aside = aside "</ul>\n</aside>\n</main>\n" foot
		page = head "<title>" title " - Example Press</title>\n" \
			"<meta name=\"description\" content=\"" sentence(14, 0) "\">\n" \
			"<link rel=\"canonical\" href=\"/p/" sprintf("%05d", i) ".html\">\n" \
			"</head>\n<body class=\"article\">\n" nav \
			"<main id=\"content\">\n<article>\n<h1>" title "</h1>\n" \
			"<p class=\"byline\">By " word() " " word() " | " \
			sprintf("%d %s 2024", 1 + int(rand() * 28), month()) "</p>\n" \
			"<div class=\"entry-content\">\n"
		while (length(page) + length(aside) < target) {
			last = "<p>" paragraph() "</p>\n"
			page = page last
		}
		# A long last paragraph may overshoot 8 KB: drop it.
		if (length(page) + length(aside) > 8192)
			page = substr(page, 1, length(page) - length(last))
		printf "%s%s", page, aside > f
		close(f)
	}
}
# Zipf-like: low indexes (frequent words) come up far more often.
function word() { return w[1 + int(nw * rand() ^ 2.2)] }
function month(   m) {
	split("January February March April May June July August " \
		"September October November December", m, " ")
	return m[1 + int(rand() * 12)]
}
function sentence(k, links,   s, j) {
	s = word()
	s = toupper(substr(s, 1, 1)) substr(s, 2)
	for (j = 2; j <= k; j++) {
		if (links && rand() < 0.02)
			s = s sprintf(" <a href=\"/p/%05d.html\">%s %s</a>",
				1 + int(rand() * n), word(), word())
		else
			s = s " " word()
		if (j < k && rand() < 0.08)
			s = s ","
	}
	return s "."
}
function paragraph(   s, j, k) {
	k = 2 + int(rand() * 6)
	s = sentence(6 + int(rand() * 16), 1)
	for (j = 2; j <= k; j++)
		s = s " " sentence(6 + int(rand() * 16), 1)
	return s
}'
printf '<!DOCTYPE html><title>Home</title><p>Example Press</p>\n' >"$tmp/www/index.html"
# A site has a robots.txt; this one allows everything.  cqa-fetch reads it
# once, and its response is not counted among the N pages.
printf 'User-agent: *\nDisallow:\n' >"$tmp/www/robots.txt"

# ---------------------------------------------------------------- nginx

((EUID == 0)) && chmod -R a+rX "$tmp"
# Over TLS each client is given the run's CA, and nginx logs every request
# (combined format: the request line carries the protocol, then the
# User-Agent) so that the summary can say what each tool spoke.
cqa_tls=() wget_tls=() wget2_tls=() started=0
if ((tls)); then
	if ! bench_make_certs "$tmp/certs" >"$tmp/nginx.msg"; then
		sed 's/^/fetch.sh: /' "$tmp/nginx.msg"
		exit 0
	fi
	ca=$tmp/certs/ca.pem
	cqa_tls=(--cacert "$ca")
	wget_tls=(--ca-certificate="$ca")
	wget2_tls=(--ca-certificate="$ca" --http2)
	bench_start_nginx_tls "$tmp/nginx" "$tmp/www" "$tmp/certs" \
		"access_log $tmp/nginx/access.log combined buffer=64k;" >"$tmp/nginx.msg" && started=1
else
	bench_start_nginx "$tmp/nginx" "$tmp/www" >"$tmp/nginx.msg" && started=1
fi
if ((!started)); then
	sed 's/^/fetch.sh: /' "$tmp/nginx.msg"
	exit 0
fi
port=$BENCH_PORT

scheme=http
((tls)) && scheme=https
base="$scheme://127.0.0.1:$port"
for ((i = 1; i <= pages; i++)); do
	printf '%s/p/%05d.html\n' "$base" "$i"
done >"$tmp/urls.txt"

if ! wget -q "${wget_tls[@]}" -O /dev/null "$base/p/00001.html"; then
	echo "fetch.sh: nginx does not answer on $base:"
	tail -5 "$tmp/nginx/error.log"
	exit 0
fi

# ---------------------------------------------------------------- rounds

# Each run prints "START END CHECK": CHECK is "ok" or what was wrong.
# Output from the previous round is removed before the clock starts.

# Prints how many listed URLs have a response record in WARC file $1, and
# how many other responses there are (robots.txt, say).  A record's header
# runs from its "WARC/1.x" line to the first empty line.
warc_responses() {
	zcat -f "$1" 2>/dev/null | awk 'NR == FNR { want[$0] = 1; next }
		{ sub(/\r$/, "") }
		/^WARC\/1\.[01]$/ { hdr = 1; type = uri = ""; next }
		hdr && $0 == "" {
			hdr = 0
			if (type == "response") { if (uri in want) got[uri] = 1; else other++ }
			next
		}
		hdr && /^WARC-Type: / { type = substr($0, 12) }
		hdr && /^WARC-Target-URI: / { uri = substr($0, 18); gsub(/[<>]/, "", uri) }
		END { for (u in got) n++; print n + 0, other + 0 }' "$tmp/urls.txt" -
}

# run_cqa_as WARC [OPTION]: cqa-fetch writing WARC and crawl.csv.
run_cqa_as() {
	local o=$tmp/out t0 t1 rc n bad warc=$tmp/out/$1
	shift
	rm -f "$warc" "$o/crawl.csv"
	t0=$EPOCHREALTIME
	"$cqa" --connections 16 --per-host 16 "${cqa_tls[@]}" -i "$tmp/urls.txt" "$@" \
		-o "$warc" --crawl-log "$o/crawl.csv" -q 2>"$o/cqa.err"
	rc=$?
	t1=$EPOCHREALTIME
	read -r n _ < <(warc_responses "$warc")
	# Every URL of the list needs a row with status 200; the column is
	# found by name, the header may start with a byte order mark.
	bad=$(awk -F, 'NR == FNR { want[$0] = 1; next }
		FNR == 1 { sub(/^\xef\xbb\xbf/, ""); for (i = 1; i <= NF; i++) if ($i == "status") s = i; next }
		$s == 200 { ok[$1] = 1 }
		END { for (u in want) if (!(u in ok)) m++; print m + 0 }' \
		"$tmp/urls.txt" "$o/crawl.csv" 2>/dev/null || echo "$pages")
	local check="ok"
	((rc == 0)) || check="exit $rc"
	((n == pages)) || check="$check; $n/$pages URLs with a response record in the WARC"
	((bad == 0)) || check="$check; $bad URLs without a 200 in crawl.csv"
	echo "$t0 $t1 ${check#ok; }"
}

run_cqa() { run_cqa_as cqa.warc.gz; }
run_cqa_plain() { run_cqa_as cqa.warc --no-gzip; }

run_wget() {
	local o=$tmp/out t0 t1 rc n
	rm -f "$o"/wget.warc.gz
	t0=$EPOCHREALTIME
	(cd "$o" && wget --no-config -q "${wget_tls[@]}" -i "$tmp/urls.txt" -O /dev/null \
		--warc-file="$o/wget" 2>"$o/wget.err")
	rc=$?
	t1=$EPOCHREALTIME
	read -r n _ < <(warc_responses "$o/wget.warc.gz")
	local check="ok"
	((rc == 0)) || check="exit $rc"
	((n == pages)) || check="$check; $n/$pages URLs with a response record in the WARC"
	echo "$t0 $t1 ${check#ok; }"
}

run_wget2() {
	local o=$tmp/out t0 t1 rc n
	rm -rf "$o/wget2"
	mkdir -p "$o/wget2"
	t0=$EPOCHREALTIME
	wget2 --no-config -q --max-threads=16 --robots=off "${wget2_tls[@]}" -i "$tmp/urls.txt" \
		-P "$o/wget2" 2>"$o/wget2.err"
	rc=$?
	t1=$EPOCHREALTIME
	n=$(find "$o/wget2" -type f -name '*.html' | wc -l)
	local check="ok"
	((rc == 0)) || check="exit $rc"
	((n == pages)) || check="$check; $n/$pages files"
	echo "$t0 $t1 ${check#ok; }"
}

tools=(cqa cqa_plain wget wget2)
declare -A rates checks
mb=$(find "$tmp/www/p" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1e6 }')
echo "cqa-fetch: $cqa"
echo "$($nginx -v 2>&1 | sed 's/.*: //'), $(wget --version | head -1 | cut -d' ' -f1-3)," \
	"$(wget2 --version 2>/dev/null | head -1 | cut -d' ' -f1-3)"
echo "$pages pages, $mb MB, served from $base;" \
	"$rounds round(s), tools alternating; outputs in $tmp_parent"
if ((tls)); then
	w2v=$(wget2 --version 2>/dev/null | grep -oE '[-+](ng)?http2' | head -1)
	case $w2v in
	+*) w2v="wget2 built with HTTP/2 ($w2v in wget2 --version)" ;;
	*) w2v="wget2 built without HTTP/2 (${w2v:-no +http2} in wget2 --version): it speaks HTTP/1.1" ;;
	esac
	echo "TLS: nginx ssl + http2 (ALPN), EC P-256 certificate from a CA made for this run;" \
		"cqa-fetch --cacert, wget and wget2 --ca-certificate; $w2v"
fi
echo
printf '%-6s %9s %9s %9s  %s\n' round tool seconds pages/s check
for ((r = 1; r <= rounds; r++)); do
	for t in "${tools[@]}"; do
		read -r t0 t1 check < <("run_$t")
		read -r secs rate < <(awk -v a="$t0" -v b="$t1" -v n="$pages" \
			'BEGIN { s = b - a; printf "%.3f %.1f\n", s, (s > 0 ? n / s : 0) }')
		printf '%-6s %9s %9s %9s  %s\n' "$r" "$t" "$secs" "$rate" "$check"
		rates[$t]+="$rate "
		[[ $check == ok ]] || checks[$t]+="round $r: $check. "
	done
done

# Best and median of a list of rates.
stats() { tr ' ' '\n' <<<"$1" | grep . | sort -g |
	awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f %.1f\n", v[NR], m }'; }

echo
printf '%-10s %12s %12s  %s\n' tool "best pages/s" "median" "writes"
declare -A best median what
what=([cqa]="gzip WARC + crawl.csv, 16 connections" [cqa_plain]="plain WARC (--no-gzip) + crawl.csv, 16 connections"
	[wget]="gzip WARC, 1 connection" [wget2]="plain files, 16 threads")
if ((tls)); then
	what=([cqa]="gzip WARC + crawl.csv, 16 transfers, https" [cqa_plain]="plain WARC (--no-gzip) + crawl.csv, 16 transfers, https"
		[wget]="gzip WARC, 1 connection, https" [wget2]="plain files, 16 threads, https")
fi
for t in "${tools[@]}"; do
	read -r "best[$t]" "median[$t]" < <(stats "${rates[$t]}")
	printf '%-10s %12s %12s  %s\n' "$t" "${best[$t]}" "${median[$t]}" "${what[$t]}"
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() {
	if [[ -n ${checks[cqa]:-}${checks[cqa_plain]:-} ]]; then
		echo "void: cqa's output failed its check"
	else
		awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t ? "met" : "NOT met") }'
	fi
}
rw=$(ratio "${best[cqa]}" "${best[wget]}")
rw2=$(ratio "${best[cqa]}" "${best[wget2]}")
rp2=$(ratio "${best[cqa_plain]}" "${best[wget2]}")
echo
printf '%-16s %6s   target %-6s %s\n' cqa/wget "$rw" ">= 5" "$(verdict "$rw" 5)"
printf '%-16s %6s   target %-6s %s\n' cqa/wget2 "$rw2" ">= 0.7" "$(verdict "$rw2" 0.7)"
printf '%-16s %6s   target %-6s %s  (plain WARC against plain files)\n' cqa_plain/wget2 "$rp2" ">= 0.7" "$(verdict "$rp2" 0.7)"
echo "(best round of each tool; median ratios: cqa/wget" \
	"$(ratio "${median[cqa]}" "${median[wget]}"), cqa/wget2" \
	"$(ratio "${median[cqa]}" "${median[wget2]}"), cqa_plain/wget2" \
	"$(ratio "${median[cqa_plain]}" "${median[wget2]}"))"

# The protocol each tool spoke, from nginx's log (complete once nginx has
# stopped and flushed it): requests of all rounds by User-Agent product.
if ((tls)); then
	bench_stop_nginx "$tmp/nginx"
	echo
	echo "protocols in nginx's access log, all rounds (requests; robots.txt and the first probe included):"
	bench_protocols "$tmp/nginx/access.log" 6
	h2=$(awk -F'"' '$6 ~ /^[Ww]get2\// { n++; if ($2 ~ / HTTP\/2/) h++ } END { print h + 0, n + 0 }' \
		"$tmp/nginx/access.log" 2>/dev/null)
	read -r h n <<<"$h2"
	if ((n > 0 && h == n)); then
		echo "wget2 used HTTP/2: yes, for all $n of its requests"
	elif ((h > 0)); then
		echo "wget2 used HTTP/2: partly, $h of $n requests"
	else
		echo "wget2 used HTTP/2: no ($n requests, none over HTTP/2)"
	fi
fi

echo
if [[ -z ${checks[cqa]:-}${checks[cqa_plain]:-} ]]; then
	echo "check: in every cqa round the WARC had a response record for each of the $pages URLs, and crawl.csv a 200"
else
	echo "check FAILED for cqa, its figures do not count: ${checks[cqa]:-}${checks[cqa_plain]:-}"
	sed 's/^/  cqa-fetch: /' "$tmp/out/cqa.err" | head -5
fi
for t in wget wget2; do
	[[ -z ${checks[$t]:-} ]] || echo "note: $t ${checks[$t]}"
done
exit 0
