#!/usr/bin/env bash
#
# readability.sh - cqa's readability measuring beside GNU style (Debian's
# diction package) on at least 10 MB of real English text, one core each,
# in one run.
#
# Usage: bench/readability.sh [--bin DIR] [--work DIR] [--mb N]
#                             [--rounds N] [--fresh] [--keep]
#
#   --bin     where cqa-parse, cqa-analyze and cqa-bench-readability are
#             (default build/bin of the repository)
#   --work    work directory (default /tmp/cqa-bench-readability): cache/
#             keeps the extracted text between runs; each run's outputs go
#             in a run-* directory removed at the end unless --keep
#   --mb      megabytes of text at least (default 10)
#   --rounds  rounds of each tool, the best one counted (default 3)
#   --fresh   extract the text again instead of using the cache
#
# The text is the main text, as cqa-parse extracts it, of the English pages
# (lang en or en-*) of ../shared/data/extraction-dev, repeated whole until
# it reaches --mb: as plain text (pages separated by a blank line) for
# style, as a docs.jsonl (one document a page, url, status, lang, title
# and text) for cqa-analyze.  Targets: the per-page measuring
# (cqa-bench-readability) >= 50 MB/s; cqa-analyze as a whole >= 5 times
# style's MB/s.  Needs /usr/bin/time and taskset; style is installed
# (package diction) when missing.  Like every benchmark it never fails a
# build: exit 0 whatever the figures, 2 for a usage error.  See
# bench/README.md.

set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
bin="$root/build/bin"
work=/tmp/cqa-bench-readability
mb=10
rounds=3
fresh=0
keep=0
target_page=50
target_ratio=5

usage() {
	echo "usage: $0 [--bin DIR] [--work DIR] [--mb N] [--rounds N] [--fresh] [--keep]" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case "$1" in
	--bin) [ $# -ge 2 ] || usage; bin=$2; shift 2 ;;
	--work) [ $# -ge 2 ] || usage; work=$2; shift 2 ;;
	--mb) [ $# -ge 2 ] || usage; mb=$2; shift 2 ;;
	--rounds) [ $# -ge 2 ] || usage; rounds=$2; shift 2 ;;
	--fresh) fresh=1; shift ;;
	--keep) keep=1; shift ;;
	-h | --help) usage ;;
	*) usage ;;
	esac
done
[[ $mb =~ ^[0-9]+([.][0-9]+)?$ ]] || usage
[[ $rounds =~ ^[1-9][0-9]*$ ]] || usage

# shellcheck source=bench/lib.sh
. "$here/lib.sh"

for p in cqa-analyze cqa-bench-readability; do
	if [ ! -x "$bin/$p" ]; then
		bench_skip readability.sh "$bin/$p not found; build it first (cmake --build build)"
	fi
done
dev="$root/../shared/data/extraction-dev"
if [ ! -d "$dev/html" ]; then
	bench_skip readability.sh "../shared/data not found ($dev): no real English text to measure"
fi
if [ ! -x /usr/bin/time ]; then
	bench_install readability.sh time >/dev/null
	if [ ! -x /usr/bin/time ]; then
		bench_skip readability.sh "needs /usr/bin/time (apt-get install time)"
	fi
fi
style=$(command -v style 2>/dev/null)
if [ -z "$style" ]; then
	bench_install readability.sh diction
	style=$(command -v style 2>/dev/null)
	[ -z "$style" ] && echo "readability.sh: GNU style is missing: cqa's figures only, no reference"
fi
pin=()
if command -v taskset >/dev/null 2>&1; then
	pin=(taskset -c 0)
	one_core="pinned to processor 0 (taskset -c 0)"
else
	one_core="NOT pinned (taskset is missing; apt-get install util-linux): each tool is single-threaded all the same"
fi

mkdir -p "$work/cache" || exit 0
run=$(mktemp -d "$work/run-XXXXXX") || exit 0
if [ $keep = 1 ]; then
	echo "work directory (kept): $run"
else
	trap 'rm -rf "$run"' EXIT
	trap 'exit 130' INT TERM
fi

# The text, once: cqa-parse over the development pages, then the English
# pages' text repeated to --mb.
cache="$work/cache"
pool="$cache/pool.jsonl"
docs="$cache/docs-$mb.jsonl"
text="$cache/text-$mb.txt"
prepared="$cache/prepared-$mb.txt"
if [ $fresh = 1 ]; then
	rm -f "$pool" "$docs" "$text" "$prepared"
fi
if [ ! -s "$pool" ]; then
	if [ ! -x "$bin/cqa-parse" ]; then
		bench_skip readability.sh "$bin/cqa-parse not found and no text cached in $cache; build it first"
	fi
	echo "extracting the main text of $(cd "$dev" && pwd)/html with cqa-parse"
	if "$bin/cqa-parse" -q -j 2 -o "$pool.tmp" "$dev/html" && [ -s "$pool.tmp" ]; then
		mv "$pool.tmp" "$pool"
	else
		rm -f "$pool.tmp"
		bench_skip readability.sh "cqa-parse failed on $dev/html"
	fi
fi
if [ ! -s "$docs" ] || [ ! -s "$text" ] || [ ! -s "$prepared" ]; then
	if ! "$bin/cqa-bench-readability" --prepare "$pool" --mb "$mb" \
		--docs "$docs" --text "$text" >"$prepared.tmp"; then
		echo "readability.sh: preparing the text failed: $(head -1 "$prepared.tmp"); skipped"
		rm -f "$prepared.tmp" "$docs" "$text"
		exit 0
	fi
	mv "$prepared.tmp" "$prepared"
fi
read -r _ npages distinct copies total < <(grep '^prepared_bytes ' "$prepared")
page_line=
# The distinct pages alone (the first copy), and the same pages as
# cqa-parse wrote them, with their blocks.
docs1="$run/docs-distinct.jsonl"
head -n "$npages" "$docs" >"$docs1"
docsb="$run/docs-blocks.jsonl"
"$bin/cqa-bench-readability" --prepare "$pool" --mb 0 --as-parsed --docs "$docsb" >/dev/null ||
	rm -f "$docsb"

mbof() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1e6 }'; }
text_bytes=$(stat -c %s "$text")
echo "text: the main text of the $npages English pages of $(cd "$dev" && pwd) (cqa-parse), $(mbof "$distinct") MB distinct,"
if ((copies > 1)); then
	echo "      repeated whole $copies times: $(mbof "$total") MB in $((npages * copies)) documents, each page's copies exact duplicates under other URLs"
fi
echo "      cached: $docs (docs.jsonl, $(mbof "$(stat -c %s "$docs")") MB), $text (plain, $(mbof "$text_bytes") MB)"
echo "style: ${style:-missing}${style:+ ($(dpkg-query -W -f '${Package} ${Version}' diction 2>/dev/null))}"
echo "cqa: $bin; each tool $one_core; best of $rounds round(s), tools alternating"
echo

# time_one NAME CMD...: runs CMD pinned (output to $run/NAME.out) under GNU
# time; best[NAME] keeps the least wall clock of the runs that exited 0,
# fail[NAME] why one did not.
declare -A best fail
time_one() {
	local name=$1
	shift
	/usr/bin/time -f '%e' -o "$run/$name.time" "${pin[@]}" "$@" >"$run/$name.out" 2>"$run/$name.err"
	local rc=$?
	if [ $rc != 0 ]; then
		fail[$name]="exited with status $rc: $(head -c 200 "$run/$name.err")"
		return
	fi
	local s
	s=$(tail -1 "$run/$name.time")
	if [ -z "${best[$name]:-}" ] || awk -v a="$s" -v b="${best[$name]}" 'BEGIN { exit !(a < b) }'; then
		best[$name]=$s
	fi
}
for ((r = 1; r <= rounds; r++)); do
	echo "round $r"
	[ -n "$style" ] && time_one style "$style" "$text"
	time_one analyze "$bin/cqa-analyze" -q --temp-dir "$run" -o "$run/metrics.jsonl" "$docs"
	time_one analyze_distinct "$bin/cqa-analyze" -q --temp-dir "$run" -o "$run/metrics-distinct.jsonl" "$docs1"
	time_one analyze_blocks "$bin/cqa-analyze" -q --temp-dir "$run" -o "$run/metrics-blocks.jsonl" "$docsb"
	# the per-page measuring, its own best of --rounds, kept when best
	"${pin[@]}" "$bin/cqa-bench-readability" --rounds "$rounds" "$docs" >"$run/page-$r.out" 2>&1
	l=$(grep '^per_page_mb_s ' "$run/page-$r.out")
	if [ -n "$l" ] && { [ -z "${page_line:-}" ] ||
		awk -v a="${l#* }" -v b="${page_line#* }" 'BEGIN { exit !(a + 0 > b + 0) }'; }; then
		page_line=$l
		cp "$run/page-$r.out" "$run/page.out"
	fi
done
[ -s "$run/page.out" ] || cp "$run/page-1.out" "$run/page.out" 2>/dev/null
echo

# a metrics.jsonl is whole when its last record is the summary
for n in analyze analyze_distinct analyze_blocks; do
	case $n in
	analyze) m=metrics ;;
	analyze_distinct) m=metrics-distinct ;;
	*) m=metrics-blocks ;;
	esac
	if [ -z "${fail[$n]:-}" ] && ! tail -1 "$run/$m.jsonl" 2>/dev/null | grep -q '"type":"summary"'; then
		fail[$n]="no summary record at the end of its metrics.jsonl"
	fi
done

echo "cqa-bench-readability, its best round:"
grep -v '^per_page_mb_s ' "$run/page.out"
echo

fmt='%-30s %8s %8s %8s  %s\n'
# shellcheck disable=SC2059
printf "$fmt" tool MB seconds MB/s input
row() { # name MB seconds input
	local r
	r=$(awk -v m="$2" -v s="$3" 'BEGIN { if (s > 0) printf "%.1f", m / s; else print "-" }')
	# shellcheck disable=SC2059
	printf "$fmt" "$1" "$2" "$3" "$r" "$4"
	rate=$r
}
style_rate='' analyze_rate='' page_rate='' distinct_rate='' blocks_rate=''
if [ -n "$style" ]; then
	if [ -n "${best[style]:-}" ]; then
		row "style (GNU diction)" "$(mbof "$text_bytes")" "${best[style]}" "plain text, $(basename "$text")"
		style_rate=$rate
	else
		echo "style: ${fail[style]:-no figure}"
	fi
fi
if [ -n "${best[analyze]:-}" ] && [ -z "${fail[analyze]:-}" ]; then
	row "cqa-analyze -q" "$(mbof "$total")" "${best[analyze]}" "docs.jsonl, $((npages * copies)) documents"
	analyze_rate=$rate
else
	echo "cqa-analyze -q: ${fail[analyze]:-no figure}"
fi
if [ -n "${best[analyze_distinct]:-}" ] && [ -z "${fail[analyze_distinct]:-}" ]; then
	row "cqa-analyze -q, distinct" "$(mbof "$distinct")" "${best[analyze_distinct]}" "the $npages pages once (no duplicates)"
	distinct_rate=$rate
else
	echo "cqa-analyze -q, distinct: ${fail[analyze_distinct]:-no figure}"
fi
if [ -n "${best[analyze_blocks]:-}" ] && [ -z "${fail[analyze_blocks]:-}" ]; then
	row "cqa-analyze -q, with blocks" "$(mbof "$distinct")" "${best[analyze_blocks]}" \
		"the $npages pages once as cqa-parse wrote them ($(mbof "$(stat -c %s "$docsb")") MB of JSON; MB counts text)"
	blocks_rate=$rate
else
	echo "cqa-analyze -q, with blocks: ${fail[analyze_blocks]:-no figure}"
fi
if [ -n "$page_line" ]; then
	read -r _ page_rate page_mb page_s <<<"$page_line"
	page_rate=$(awk -v r="$page_rate" 'BEGIN { printf "%.1f", r }')
	row "cqa per-page measuring" "$(mbof "$(awk -v m="$page_mb" 'BEGIN { print m * 1e6 }')")" \
		"$(awk -v s="$page_s" 'BEGIN { printf "%.3f", s }')" "cqa-bench-readability, in memory"
else
	echo "cqa per-page measuring: no figure: $(tail -1 "$run/page.out")"
fi
echo "(seconds: GNU time's wall clock of the whole process, best round; the per-page row is timed inside the program, which loads the texts first)"
echo

verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v >= t ? "met" : "NOT met") }'; }
if [ -n "$page_rate" ]; then
	printf 'per-page measuring   %6.1f MB/s = %.2f of the target   target >= %s MB/s  %s\n' \
		"$page_rate" "$(awk -v r="$page_rate" -v t=$target_page 'BEGIN { print r / t }')" \
		$target_page "$(verdict "$page_rate" $target_page)"
	if [ -n "$style_rate" ]; then
		printf '  beside style       %6sx (%s vs %s MB/s)\n' \
			"$(awk -v a="$page_rate" -v s="$style_rate" 'BEGIN { printf "%.2f", a / s }')" "$page_rate" "$style_rate"
	fi
fi
if [ -n "$analyze_rate" ] && [ -n "$style_rate" ]; then
	ratio=$(awk -v a="$analyze_rate" -v s="$style_rate" 'BEGIN { printf "%.2f", a / s }')
	printf 'cqa-analyze / style  %6sx (%s vs %s MB/s)            target >= %sx      %s\n' \
		"$ratio" "$analyze_rate" "$style_rate" $target_ratio "$(verdict "$ratio" $target_ratio)"
	side() { # label rate what
		[ -n "$2" ] || return 0
		printf '  %-18s %6sx (%s MB/s): %s\n' "$1" \
			"$(awk -v a="$2" -v s="$style_rate" 'BEGIN { printf "%.2f", a / s }')" "$2" "$3"
	}
	side distinct "$distinct_rate" "the same pages once, without exact copies"
	side "with blocks" "$blocks_rate" "once, with the blocks a real docs.jsonl carries"
elif [ -z "$style_rate" ]; then
	echo "cqa-analyze / style: no style figure; target >= ${target_ratio}x not judged"
fi
echo

# Sanity: style's counts and scores beside cqa's, on the same plain text.
if [ -s "$run/style.out" ]; then
	awk '
		/Kincaid:/ { k = $2 } /ARI:/ { a = $2 } /Coleman-Liau:/ { c = $2 }
		/Flesch Index:/ { split($3, f, "/") } /Fog Index:/ { g = $3 }
		/SMOG-Grading:/ { s = $2 }
		/ words, average length/ { w = $1; syl = $(NF - 1) }
		/ sentences, average length/ { n = $1; wps = $(NF - 1) }
		/ paragraphs, / { p = $1 }
		END {
			printf "style on the plain text: %s words, %s sentences (%s words each), %s syllables a word, %s paragraphs; Kincaid %s, ARI %s, Coleman-Liau %s, Flesch %s, Fog %s, SMOG %s\n",
			       w, n, wps, syl, p, k, a, c, f[1], g, s
		}' "$run/style.out"
fi
"$bin/cqa-bench-readability" --whole "$text" | sed "s|$text|the same text|"
exit 0
