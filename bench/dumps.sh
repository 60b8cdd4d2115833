#!/usr/bin/env bash
#
# dumps.sh - cqa-parse on text dumps of pages (lynx, w3m, html2text)
# beside cqa-parse on the same pages' HTML, in one run.
#
# Usage: bench/dumps.sh [--jobs N] [--tools "lynx w3m html2text"] [--bin DIR]
#                       [--data DIR]
#
#   --jobs   pages scored at once (default 2)
#   --tools  the dump tools, among lynx, w3m and html2text (default all
#            three)
#   --bin    where cqa-parse is (default build/bin of the repository)
#   --data   the annotated set (default ../shared/data/extraction-dev:
#            evaldata.json and html/)
#
# The pages are the 990 annotated pages of ../shared/data/extraction-dev,
# scored with ../shared/bench/score_extraction.py (precision, recall and F
# of the annotated main-content segments found in the output, by
# substring matching after whitespace is collapsed).  Scored in the same
# run:
#
#   html / cqa-parse    cqa-parse --text PAGE.html: the reference;
#   TOOL / cqa-parse    bench/dump_page.sh TOOL: the page flattened by
#                       TOOL to a hard-wrapped text dump, then
#                       cqa-parse --text DUMP.txt;
#   TOOL / whole dump   bench/dump_page.sh TOOL -- cat: the dump itself,
#                       the keep-everything baseline (recall near 1,
#                       precision low).
#
# Every row uses one copy of cqa-parse, taken at the start, so a rebuild
# during the run changes none.  The exact command each tool runs is in
# bench/dump_page.sh.  Target: the F of cqa-parse on a dump within 0.05
# of its F on the HTML.  Installs lynx, w3m and html2text when missing
# (lib.sh's bench_install: apt-get as root or through sudo); a tool still
# missing is left out, saying so.
# Like every benchmark it never fails a build: exit 0 whatever the
# figures, 2 for a usage error.  See bench/README.md.

set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
bin="$root/build/bin"
jobs=2
tools="lynx w3m html2text"
dev="$root/../shared/data/extraction-dev"
target=0.05

usage() {
	echo "usage: $0 [--jobs N] [--tools \"lynx w3m html2text\"] [--bin DIR] [--data DIR]" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case "$1" in
	--jobs) [ $# -ge 2 ] || usage; jobs=$2; shift 2 ;;
	--tools) [ $# -ge 2 ] || usage; tools=$2; shift 2 ;;
	--bin) [ $# -ge 2 ] || usage; bin=$2; shift 2 ;;
	--data) [ $# -ge 2 ] || usage; dev=$2; shift 2 ;;
	-h | --help) usage ;;
	*) usage ;;
	esac
done
[[ $jobs =~ ^[1-9][0-9]*$ ]] || usage
read -r -a tool_list <<<"$tools"
((${#tool_list[@]})) || usage
for t in "${tool_list[@]}"; do
	case $t in
	lynx | w3m | html2text) ;;
	*) echo "dumps.sh: unknown tool '$t' (lynx, w3m or html2text)" >&2; usage ;;
	esac
done

# shellcheck source=bench/lib.sh
. "$here/lib.sh"

scorer="$root/../shared/bench/score_extraction.py"
if [ ! -f "$dev/evaldata.json" ] || [ ! -d "$dev/html" ]; then
	bench_skip dumps.sh "no annotated pages in $dev (evaldata.json and html/; is ../shared/data missing?): nothing to score"
fi
if [ ! -f "$scorer" ]; then
	bench_skip dumps.sh "the scorer $scorer is missing"
fi
if ! command -v python3 >/dev/null 2>&1; then
	bench_skip dumps.sh "python3 is needed for the scorer (apt-get install python3)"
fi
if [ ! -x "$bin/cqa-parse" ]; then
	bench_skip dumps.sh "$bin/cqa-parse not found; build it first (cmake --build build)"
fi
if ! command -v timeout >/dev/null 2>&1; then
	bench_skip dumps.sh "timeout (coreutils) is needed"
fi
dev=$(cd "$dev" && pwd)
scorer=$(cd "$(dirname "$scorer")" && pwd)/$(basename "$scorer")

# The tools, each its own Debian package of the same name.
missing=()
for t in "${tool_list[@]}"; do
	command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
((${#missing[@]})) && bench_install dumps.sh "${missing[@]}"
have=()
for t in "${tool_list[@]}"; do
	if command -v "$t" >/dev/null 2>&1; then
		have+=("$t")
	else
		echo "dumps.sh: $t is missing: left out"
	fi
done

run=$(mktemp -d "${TMPDIR:-/tmp}/cqa-bench-dumps.XXXXXX") || exit 0
trap 'rm -rf "$run"' EXIT
trap 'exit 130' INT TERM

# One build for every row: a copy of cqa-parse, taken now, so a rebuild
# during the run (minutes) changes no row and fails no page.  cqa-parse
# links no library of the build tree.
mkdir -p "$run/bin"
parse=$bin/cqa-parse
for _ in 1 2 3; do
	if cp "$bin/cqa-parse" "$run/bin/cqa-parse" 2>/dev/null &&
		"$run/bin/cqa-parse" --version >/dev/null 2>&1; then
		parse=$run/bin/cqa-parse
		break
	fi
	sleep 2
done

version() { # TOOL: its package and version
	dpkg-query -W -f '${Package} ${Version}' "$1" 2>/dev/null || "$1" -version 2>&1 | head -n 1
}
echo "pages: the $(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$dev/evaldata.json" 2>/dev/null) annotated pages of $dev"
echo "scorer: $scorer, $jobs job(s)"
if [ "$parse" = "$bin/cqa-parse" ]; then
	echo "cqa-parse: $bin/cqa-parse (could not copy it: a rebuild during the run would change the rows)"
else
	echo "cqa-parse: $bin/cqa-parse ($("$parse" --version 2>&1 | head -n 1)), copied for the run"
fi
for t in "${have[@]}"; do
	echo "$t: $(version "$t")"
done
echo

# score NAME CMD...: scores CMD; sets P R F (empty when the scorer gave no
# figures), pages and fails.  The scorer's temporary copies of the pages
# go in $run (it leaves them behind), so does every dump.
score() {
	local name=$1 start line
	shift
	start=$(date +%s)
	printf '  %-22s' "$name"
	TMPDIR=$run python3 "$scorer" --data "$dev" --jobs "$jobs" -- "$@" >"$run/$name.out" 2>"$run/$name.err"
	rm -rf "$run"/cqa-extract-*
	line=$(grep '^precision ' "$run/$name.out" | tail -n 1)
	read -r P R F < <(awk '{ print $2, $4, $8 }' <<<"$line")
	read -r pages fails < <(awk '/^pages / { print $2, $4 }' "$run/$name.out")
	if [ -z "$line" ]; then
		P='' R='' F=''
		echo "no figures: $(tail -n 1 "$run/$name.err")"
	else
		echo "$((${pages:-0})) pages, $((${fails:-0})) failures, $(($(date +%s) - start)) s"
	fi
}

fmt='%-11s %-14s %6s %6s %6s  %10s  %s\n'
rows=()
row() { # input extractor P R F diff target
	# shellcheck disable=SC2059
	rows+=("$(printf "$fmt" "$1" "$2" "${3:--}" "${4:--}" "${5:--}" "$6" "$7" | sed 's/ *$//')")
}
notes=()

echo "scoring (each line one pass of the scorer over every page):"
score html-cqa-parse "$parse" --text
html_F=$F
row html cqa-parse "$P" "$R" "$F" "" ""
[ "${fails:-0}" != 0 ] && notes+=("html / cqa-parse: cqa-parse exited with an error on $fails page(s)")
for t in "${have[@]}"; do
	CQA_BIN=$(dirname "$parse") DUMP_PAGE_LOG=$run/$t-cqa.log \
		score "$t-cqa-parse" bash "$here/dump_page.sh" "$t"
	diff='' verdict=''
	if [ -n "$F" ] && [ -n "$html_F" ]; then
		diff=$(awk -v a="$F" -v b="$html_F" 'BEGIN { printf "%+.3f", a - b }')
		verdict=$(awk -v d="$diff" -v t=$target 'BEGIN { print (d <= t && d >= -t) ? "met" : "NOT met" }')
	fi
	row "$t" cqa-parse "$P" "$R" "$F" "$diff" "$verdict"
	[ "${fails:-0}" != 0 ] && notes+=("$t / cqa-parse: cqa-parse exited with an error (or took over 30 s) on $fails dump(s)")
	DUMP_PAGE_LOG=$run/$t-cat.log \
		score "$t-whole-dump" bash "$here/dump_page.sh" "$t" -- cat
	row "$t" "whole dump" "$P" "$R" "$F" "" ""
	if [ -s "$run/$t-cat.log" ]; then
		notes+=("$t: $(wc -l <"$run/$t-cat.log") empty dump(s), counted as pages with nothing found: $(cut -f 2 "$run/$t-cat.log" | sort | uniq -c | awk '{ n = $1; $1 = ""; printf "%s%s%s", sep, n, $0; sep = ", " }')")
	else
		notes+=("$t: no empty dumps")
	fi
done
echo

# shellcheck disable=SC2059
printf "$fmt" input extractor P R F "F - HTML F" "target: within $target" | sed 's/ *$//' 
printf '%s\n' "${rows[@]}"
echo
for n in "${notes[@]}"; do
	echo "$n"
done
echo "(P, R, F: precision, recall and F-score of score_extraction.py; whole dump = the dump itself, every segment the tool kept)"
echo "(the block model's weights and vocabulary were fitted on these pages: for sites they never saw, see the held-out rows of bench/fit_dump_model.py)"
exit 0
