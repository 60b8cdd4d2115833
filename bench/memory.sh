#!/usr/bin/env bash
#
# memory.sh - peak memory of each stage on a hostile input, beside the size
# of that input.
#
# Usage: bench/memory.sh [--bin DIR] [--keep]
#
# Three inputs are generated in a temporary directory:
#
#   links.html   a page of a million paragraphs of one link each (44 MB),
#                given to cqa-parse: the node and block caps bound it;
#   huge.jsonl   a docs.jsonl line of 200 MB of text, then a small one,
#                given to cqa-analyze: the text is read, hashed and counted
#                without whole copies;
#   hugeurl.txt  a URL list whose one line is 200 MB long, given to
#                cqa-fetch -i: the line is refused while it is read.
#
# For each it prints the input size, the peak resident set size (GNU time's
# "Maximum resident set size") and their ratio, and the warnings the stage
# gave.  Needs /usr/bin/time (package time) and python3.  Like every
# benchmark it never fails a build: exit 0 whatever the result, 2 for a
# usage error.

set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin="$here/../build/bin"
keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	--bin) bin=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	*) echo "usage: $0 [--bin DIR] [--keep]" >&2; exit 2 ;;
	esac
done
if [ ! -x /usr/bin/time ] || ! command -v python3 >/dev/null; then
	echo "memory.sh: needs /usr/bin/time and python3; skipped"
	exit 0
fi

dir=$(mktemp -d /tmp/cqa-bench-memory-XXXXXX)
[ $keep = 1 ] || trap 'rm -rf "$dir"' EXIT

python3 - "$dir" <<'EOF'
import os, sys
d = sys.argv[1]
with open(os.path.join(d, 'links.html'), 'w') as f:
    f.write('<html><head><title>Links</title></head><body>\n')
    for i in range(1000000):
        f.write('<p><a href="/p/%07d">link %d</a></p>\n' % (i, i))
    f.write('</body></html>\n')
with open(os.path.join(d, 'huge.jsonl'), 'w') as f:
    f.write('{"url":"http://e.com/","status":200,"text":"')
    chunk = 'lorem ipsum dolor sit amet. ' * 10000
    for _ in range(200 * 1024 * 1024 // len(chunk)):
        f.write(chunk)
    f.write('","blocks":[]}\n')
    f.write('{"url":"http://e.com/2","status":200,"text":"Short."}\n')
with open(os.path.join(d, 'hugeurl.txt'), 'w') as f:
    f.write('http://127.0.0.1:9/' + 'a' * (200 * 1024 * 1024) + '\n')
EOF

# measure NAME INPUT COMMAND...: one line of figures, then the warnings.
measure() {
	local name=$1 input=$2
	shift 2
	/usr/bin/time -v -o "$dir/time" "$@" >/dev/null 2>"$dir/stderr"
	local kb size
	kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$dir/time")
	size=$(stat -c %s "$input")
	awk -v n="$name" -v s="$size" -v k="$kb" 'BEGIN {
		printf "%-12s input %8.1f MB   peak RSS %8.1f MB   %5.2fx\n",
		       n, s / 1e6, k * 1024 / 1e6, k * 1024 / s }'
	sed 's/^/    /' "$dir/stderr" | cut -c1-160 | head -5
}

echo "bin: $bin"
measure cqa-parse "$dir/links.html" "$bin/cqa-parse" "$dir/links.html"
measure cqa-analyze "$dir/huge.jsonl" "$bin/cqa-analyze" "$dir/huge.jsonl"
measure cqa-fetch "$dir/hugeurl.txt" "$bin/cqa-fetch" --retries 0 \
	-i "$dir/hugeurl.txt" -o "$dir/out.warc.gz" --crawl-log "$dir/crawl.csv"
exit 0
