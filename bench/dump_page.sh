#!/usr/bin/env bash
#
# dump_page.sh - flatten one HTML page to plain text the way a common tool
# does, then run an extractor on the dump: what cqa-parse meets when it is
# given a text dump of a page instead of the page.
#
# Usage: bench/dump_page.sh TOOL HTMLFILE [-- EXTRACTOR [ARGS...]]
#        bench/dump_page.sh TOOL -- EXTRACTOR [ARGS...] HTMLFILE
#
#   TOOL       lynx, w3m or html2text
#   HTMLFILE   the page (uncompressed HTML)
#   EXTRACTOR  run with the dump's path appended (a temporary file ending
#              in .txt, removed on exit); default "$CQA_BIN/cqa-parse
#              --text", CQA_BIN defaulting to build/bin of the repository.
#              "-- cat" prints the dump itself.
#
# The second form, the page last, is for bench/score_extraction.py, which
# appends the page's path to the command it is given:
#
#   python3 ../shared/bench/score_extraction.py -- bench/dump_page.sh lynx
#   python3 ../shared/bench/score_extraction.py -- bench/dump_page.sh lynx -- cat
#
# The tools run with their default wrapping width (hard-wrapped dumps, as
# people get them) and stdin from /dev/null:
#
#   lynx       lynx -dump -nolist -force_html -display_charset=utf-8
#                   -assume_charset=CHARSET page.html
#   w3m        w3m -dump -T text/html -O UTF-8 page.html
#   html2text  html2text [-utf8] page.html
#
# CHARSET is the charset the page declares in a <meta> (http-equiv or
# charset=) in its first 64 KB, utf-8 when it declares none.  html2text
# gets -utf8 (UTF-8 input and output) unless the page declares another
# charset: it reads a declaration made with http-equiv itself but not
# <meta charset=...>, and without -utf8 it takes ISO-8859-1.
#
# A tool that fails (status other than 0, killed after 30 seconds or
# past 2 GB of address space, or an empty dump) gives an empty output and
# status 0, saying so on stderr, and the extractor is not run: the scorer
# counts the page with nothing found.  With DUMP_PAGE_LOG set, a line
# "TOOL<tab>why<tab>page" is appended to that file for each such page.
# The extractor gets 30 seconds too; its status is this script's.  Exit
# status 2 for a usage error.

set -u

usage() {
	echo "usage: $0 lynx|w3m|html2text HTMLFILE [-- EXTRACTOR [ARGS...]]" >&2
	echo "       $0 lynx|w3m|html2text -- EXTRACTOR [ARGS...] HTMLFILE" >&2
	exit 2
}

(($# >= 2)) || usage
tool=$1
shift
case $tool in
lynx | w3m | html2text) ;;
*) usage ;;
esac
extractor=()
if [[ $1 == -- ]]; then
	shift
	(($# >= 2)) || usage
	html=${!#}
	extractor=("${@:1:$#-1}")
else
	html=$1
	shift
	if (($#)); then
		[[ $1 == -- ]] || usage
		shift
		(($#)) || usage
		extractor=("$@")
	fi
fi
if ((${#extractor[@]} == 0)); then
	if [[ -z ${CQA_BIN:-} ]]; then
		CQA_BIN=.
		[[ ${BASH_SOURCE[0]} == */* ]] && CQA_BIN=${BASH_SOURCE[0]%/*}
		CQA_BIN=$CQA_BIN/../build/bin
	fi
	extractor=("$CQA_BIN/cqa-parse" --text)
fi
if [[ ! -f $html || ! -r $html ]]; then
	echo "dump_page.sh: cannot read $html" >&2
	exit 0
fi
[[ $html == /* ]] || html=$PWD/$html

# The page under a plain name in a directory of our own, so no tool
# misreads a file name holding spaces, '#' or '?' as a URL; the dump beside.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cqa-dump.XXXXXXXX") || exit 0
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
ln -s "$html" "$tmp/page.html" 2>/dev/null || cp -- "$html" "$tmp/page.html" || exit 0
dump=$tmp/page.txt

# The charset the page declares, lower case; empty when none.  Done in
# bash alone: a process costs as much as a tool's dump of a small page.
declared_charset() {
	local LC_ALL=C head re
	re="<meta[^>]*charset[[:space:]]*=[[:space:]]*[\"']?[[:space:]]*([A-Za-z0-9._:-]+)"
	read -r -d '' -N 65536 head <"$html" 2>/dev/null
	shopt -s nocasematch
	[[ $head =~ $re ]] && printf -v charset '%s' "${BASH_REMATCH[1],,}"
	shopt -u nocasematch
}
charset=
declared_charset
utf8=1
case ${charset:-utf-8} in
utf-8 | utf8) ;;
*) utf8=0 ;;
esac

case $tool in
lynx)
	cmd=(lynx -dump -nolist -force_html -display_charset=utf-8
		"-assume_charset=${charset:-utf-8}" "$tmp/page.html")
	;;
w3m)
	cmd=(w3m -dump -T text/html -O UTF-8 "$tmp/page.html")
	;;
html2text)
	cmd=(html2text)
	((utf8)) && cmd+=(-utf8)
	cmd+=("$tmp/page.html")
	;;
esac

# HOME stays: the tools read their users' settings as they always do.
# 2 GB of address space at most: html2text -utf8 on a GB2312 page grew
# past 20 GB in three minutes, and 30 seconds is time enough for several.
(ulimit -v 2097152 && exec timeout 30 "${cmd[@]}") </dev/null >"$dump" 2>"$tmp/stderr"
rc=$?
why=
if ((rc == 124)); then
	why="took more than 30 seconds"
elif ((rc != 0)); then
	why="exited with status $rc"
elif [[ ! -s $dump ]]; then
	why="gave an empty dump"
fi
if [[ -n $why ]]; then
	echo "dump_page.sh: $tool $why on $html: empty output. $(head -n 1 "$tmp/stderr" | cut -c 1-200)" >&2
	[[ -n ${DUMP_PAGE_LOG:-} ]] && printf '%s\t%s\t%s\n' "$tool" "$why" "$html" >>"$DUMP_PAGE_LOG"
	exit 0
fi
timeout 30 "${extractor[@]}" "$dump" </dev/null
