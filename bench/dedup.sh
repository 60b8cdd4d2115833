#!/usr/bin/env bash
#
# dedup.sh - cqa-analyze's near-duplicate detection on corpora of 10k, 100k
# and 1M documents: time and peak memory of each, recall and precision
# against a brute-force all-pairs Jaccard on the smallest, and the time of
# the npm package minhash on that same corpus.
#
# Usage: bench/dedup.sh [--sizes 10k,100k,1M] [--bin DIR] [--work DIR]
#                       [--seed N] [--no-peer] [--keep]
#
#   --sizes   the corpus sizes, k and M suffixes allowed (default
#             10k,100k,1M); the smallest, when at most 100k, is the one
#             scored against the truth and given to the peer
#   --bin     where cqa-analyze, cqa-parse and the cqa-bench-dedup-*
#             programs are (default build/bin of the repository)
#   --work    work directory (default /tmp/cqa-bench-dedup): cache/ keeps
#             the text pool and the npm package between runs; each run's
#             corpora go in a run-* directory removed at the end unless
#             --keep
#   --seed    the corpora's seed (default 1): same seed, same corpora
#   --no-peer skip the npm package
#
# Needs /usr/bin/time (package time, installed with apt-get when missing)
# and python3 to score; node and npm for the peer.  Like every benchmark it
# never fails a build: exit 0 whatever the figures, 2 for a usage error.
# See bench/README.md.

set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
bin="$root/build/bin"
sizes=10k,100k,1M
work=/tmp/cqa-bench-dedup
seed=1
peer=1
keep=0
threshold=0.5
shingle=5
peer_version=0.0.9

usage() {
	echo "usage: $0 [--sizes 10k,100k,1M] [--bin DIR] [--work DIR] [--seed N] [--no-peer] [--keep]" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case "$1" in
	--sizes) [ $# -ge 2 ] || usage; sizes=$2; shift 2 ;;
	--bin) [ $# -ge 2 ] || usage; bin=$2; shift 2 ;;
	--work) [ $# -ge 2 ] || usage; work=$2; shift 2 ;;
	--seed) [ $# -ge 2 ] || usage; seed=$2; shift 2 ;;
	--no-peer) peer=0; shift ;;
	--keep) keep=1; shift ;;
	-h | --help) usage ;;
	*) usage ;;
	esac
done

# The sizes as numbers of documents, smallest first.
declare -a labels=() counts=()
for s in ${sizes//,/ }; do
	[[ $s =~ ^[0-9]+[kKmM]?$ ]] || usage
	case "$s" in
	*[kK]) n=$((${s%?} * 1000)) ;;
	*[mM]) n=$((${s%?} * 1000000)) ;;
	*) n=$s ;;
	esac
	((n > 0)) || usage
	labels+=("$s")
	counts+=("$n")
done
((${#counts[@]})) || usage
order=$(for i in "${!counts[@]}"; do echo "${counts[$i]} $i"; done | sort -n | awk '{print $2}')

# shellcheck source=bench/lib.sh
. "$here/lib.sh"

for p in cqa-analyze cqa-bench-dedup-corpus cqa-bench-dedup-truth; do
	if [ ! -x "$bin/$p" ]; then
		echo "dedup.sh: $bin/$p not found; build it first (cmake --build build); skipped"
		exit 0
	fi
done
if [ ! -x /usr/bin/time ]; then
	bench_install dedup.sh time >/dev/null
	if [ ! -x /usr/bin/time ]; then
		echo "dedup.sh: needs /usr/bin/time (apt-get install time); skipped"
		exit 0
	fi
fi
have_python=1
command -v python3 >/dev/null 2>&1 || have_python=0

mkdir -p "$work/cache" || exit 0
run=$(mktemp -d "$work/run-XXXXXX") || exit 0
if [ $keep = 1 ]; then
	echo "work directory (kept): $run"
else
	trap 'rm -rf "$run"' EXIT
	trap 'exit 130' INT TERM
fi

# cqa-analyze with near-duplicate detection says so in its help.
near=0
aopts=()
if "$bin/cqa-analyze" --help 2>&1 | grep -q -- --similarity; then
	near=1
	aopts=(--shingle "$shingle" --similarity "$threshold")
fi
echo "cqa-analyze: $bin/cqa-analyze"
if [ $near = 0 ]; then
	echo "  no --similarity in its --help: no near-duplicate detection in this build, only exact duplicates are found"
fi

# The text pool: the development pages' main text, once.
dev="$root/../shared/data/extraction-dev"
pool_opts=()
if [ -d "$dev/html" ] && [ -x "$bin/cqa-parse" ]; then
	pool="$work/cache/pool.jsonl"
	if [ ! -s "$pool" ]; then
		if "$bin/cqa-parse" -q -j 2 -o "$pool.tmp" "$dev/html" && [ -s "$pool.tmp" ]; then
			mv "$pool.tmp" "$pool"
		else
			rm -f "$pool.tmp"
		fi
	fi
	if [ -s "$pool" ]; then
		pool_opts=(--pool "$pool")
		echo "text pool: the main text of the $(wc -l <"$pool") pages of $(cd "$dev" && pwd), by cqa-parse (cached: $pool)"
	fi
fi
if ((${#pool_opts[@]} == 0)); then
	if [ -d "$dev/html" ]; then
		echo "text pool: $bin/cqa-parse is missing: text made up from a built-in list of English words instead"
	else
		echo "text pool: ../shared/data not found ($dev): text made up from a built-in list of English words instead"
	fi
fi

now() { date +%s.%N; }
# fmt_sub A B: B - A with 2 decimals
fmt_sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

first=1
truth_label=
declare -A row_mb row_gen row_s row_rss row_kbdoc row_pairs row_note
peer_line=
for i in $order; do
	label=${labels[$i]}
	n=${counts[$i]}
	dir="$run/$label"
	mkdir -p "$dir"
	# docs.jsonl is about 2.6 KB a document; metrics.jsonl and the
	# analyzer's temporary files about as much again
	need=$((n * 6 / 1000 + 100))
	avail=$(df -Pm "$dir" | awk 'NR == 2 { print $4 }')
	if [ -n "$avail" ] && ((avail < need)); then
		row_note[$label]="skipped: $avail MB free in $dir, about $need MB needed"
		echo "$label: ${row_note[$label]}"
		continue
	fi
	score=0
	if [ $first = 1 ] && ((n <= 100000)); then
		score=1
		truth_label=$label
	fi
	first=0
	extra=()
	[ $score = 1 ] && extra=(--norm "$dir/norm.tsv" --planted "$dir/planted.tsv")
	echo "$label: generating $n documents"
	t0=$(now)
	if ! "$bin/cqa-bench-dedup-corpus" "${pool_opts[@]}" --docs "$n" --seed "$seed" \
		--shingle "$shingle" --similarity "$threshold" "${extra[@]}" \
		-o "$dir/docs.jsonl" 2>"$dir/corpus.log"; then
		row_note[$label]="corpus generation failed: $(tail -1 "$dir/corpus.log")"
		echo "$label: ${row_note[$label]}"
		continue
	fi
	row_gen[$label]=$(fmt_sub "$t0" "$(now)")
	row_mb[$label]=$(awk -v s="$(stat -c %s "$dir/docs.jsonl")" 'BEGIN { printf "%.1f", s / 1e6 }')
	echo "  $(cat "$dir/corpus.log")"

	echo "$label: cqa-analyze"
	/usr/bin/time -f '%e %M' -o "$dir/time" "$bin/cqa-analyze" "${aopts[@]}" -q \
		-o "$dir/metrics.jsonl" "$dir/docs.jsonl" 2>"$dir/analyze.err"
	rc=$?
	read -r secs kb < <(tail -1 "$dir/time")
	row_s[$label]=$secs
	row_rss[$label]=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
	row_kbdoc[$label]=$(awk -v k="$kb" -v n="$n" 'BEGIN { printf "%.2f", k / n }')
	if [ $rc != 0 ]; then
		row_note[$label]="cqa-analyze exited with status $rc: $(head -c 200 "$dir/analyze.err")"
		echo "  ${row_note[$label]}"
	fi
	grep -F '"type":"duplicate_' "$dir/metrics.jsonl" >"$dir/dups.jsonl" 2>/dev/null
	if [ $have_python = 1 ]; then
		read -r total nnear nexact < <(python3 "$here/dedup_score.py" count "$dir/dups.jsonl")
		row_pairs[$label]="$total ($nnear near + $nexact exact)"
	else
		row_pairs[$label]="$(grep -c '"type":"duplicate_pair"' "$dir/dups.jsonl") records"
	fi
	echo "  ${row_s[$label]} s, peak RSS ${row_rss[$label]} MB, pairs ${row_pairs[$label]}"

	if [ $score = 1 ]; then
		echo "$label: exact all-pairs Jaccard (cqa-bench-dedup-truth)"
		"$bin/cqa-bench-dedup-truth" --shingle "$shingle" --similarity "$threshold" \
			-o "$dir/truth.tsv" "$dir/docs.jsonl" 2>"$dir/truth.log"
		echo "  $(cat "$dir/truth.log")"
		if [ $peer = 1 ]; then
			echo "$label: minhash (npm)"
			modules="$work/cache/npm/node_modules"
			if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
				peer_line="minhash (npm): skipped, node or npm is missing (apt-get install nodejs npm)"
			elif [ ! -f "$modules/minhash/package.json" ] &&
				! npm install --prefix "$work/cache/npm" --no-audit --no-fund --no-save \
					--loglevel=error "minhash@$peer_version" >"$work/cache/npm.log" 2>&1; then
				peer_line="minhash (npm): skipped, npm install minhash@$peer_version failed: $(tail -1 "$work/cache/npm.log")"
			else
				/usr/bin/time -f '%e %M' -o "$dir/peer.time" node "$here/dedup_peer.js" \
					"$modules" "$dir/norm.tsv" "$dir/peer.tsv" "$threshold" "$shingle" \
					>"$dir/peer.log" 2>&1
				prc=$?
				read -r psecs pkb < <(tail -1 "$dir/peer.time")
				if [ $prc = 0 ]; then
					peer_s=$psecs
					peer_kb=$pkb
					peer_line=$(awk -v s="$psecs" -v k="$pkb" -v n="$(wc -l <"$dir/peer.tsv")" -v l="$label" \
						'BEGIN { printf "minhash (npm) on %s: %.2f s, peak RSS %.1f MB, %d pairs (its estimates >= '"$threshold"')", l, s, k / 1024, n }')
				else
					peer_line="minhash (npm): failed (status $prc): $(tail -2 "$dir/peer.log")"
				fi
			fi
			echo "  ${peer_line}"
			[ -s "$dir/peer.log" ] && echo "  $(tail -1 "$dir/peer.log")"
		fi
	elif [ $keep = 0 ]; then
		rm -f "$dir/docs.jsonl" "$dir/metrics.jsonl"
	fi
done

echo
fmt='%-6s %-13s %8s %9s %6s %8s %11s %7s  %s\n'
# shellcheck disable=SC2059
printf "$fmt" size tool docs "corpus MB" "gen s" seconds "peak RSS MB" KB/doc "pairs found"
for i in $order; do
	label=${labels[$i]}
	if [ -n "${row_s[$label]:-}" ]; then
		# shellcheck disable=SC2059
		printf "$fmt" "$label" cqa-analyze "${counts[$i]}" "${row_mb[$label]}" \
			"${row_gen[$label]}" "${row_s[$label]}" "${row_rss[$label]}" "${row_kbdoc[$label]}" \
			"${row_pairs[$label]}"
	fi
	if [ "$label" = "$truth_label" ] && [ -n "${peer_s:-}" ]; then
		# shellcheck disable=SC2059
		printf "$fmt" "$label" "minhash (npm)" "${counts[$i]}" - - "$peer_s" \
			"$(awk -v k="$peer_kb" 'BEGIN { printf "%.1f", k / 1024 }')" \
			"$(awk -v k="$peer_kb" -v n="${counts[$i]}" 'BEGIN { printf "%.2f", k / n }')" \
			"$(wc -l <"$run/$label/peer.tsv") (its estimates >= $threshold)"
	fi
	[ -n "${row_note[$label]:-}" ] && printf '%-6s %s\n' "$label" "${row_note[$label]}"
done
echo "(seconds and peak RSS: GNU time's wall clock and maximum resident set size of the whole process)"
echo

if [ -z "$truth_label" ]; then
	echo "recall and precision: no corpus of at most 100k documents in --sizes; not measured"
elif [ $have_python = 0 ]; then
	echo "recall and precision: python3 is missing; not scored"
elif [ -f "$run/$truth_label/truth.tsv" ]; then
	d="$run/$truth_label"
	popt=()
	[ -s "$d/peer.tsv" ] && popt=(--peer "$d/peer.tsv")
	python3 "$here/dedup_score.py" score --truth "$d/truth.tsv" --dups "$d/dups.jsonl" \
		--planted "$d/planted.tsv" --similarity "$threshold" --label "$truth_label" "${popt[@]}"
fi
echo

if [ -n "$peer_line" ] && [ -z "${peer_s:-}" ]; then
	echo "$peer_line"
fi
if [ -n "${peer_s:-}" ] && [ -n "${row_s[$truth_label]:-}" ]; then
	awk -v c="${row_s[$truth_label]}" -v p="$peer_s" -v l="$truth_label" -v near=$near 'BEGIN {
		r = c > 0 ? p / c : 0
		printf "cqa vs minhash (npm) on %s: %.2f s vs %.2f s: %.1fx   target >= 5x  %s\n",
		       l, c, p, r, (r >= 5 ? "met" : "NOT met")
		if (!near)
			print "  (this cqa-analyze finds exact duplicates only: the ratio is not yet the target'\''s)"
	}'
fi
for i in $order; do
	if ((counts[i] == 1000000)); then
		label=${labels[$i]}
		mem=$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
		if [ -n "${row_s[$label]:-}" ] && [ -z "${row_note[$label]:-}" ]; then
			awk -v s="${row_s[$label]}" -v m="${row_rss[$label]}" -v mem="$mem" -v cpu="$(nproc)" 'BEGIN {
				printf "1M documents: %.1f s, peak RSS %.2f GB on this %d-core, %s GB machine   target: runs here  met\n",
				       s, m / 1024, cpu, mem }'
		else
			echo "1M documents: did not complete   target: runs on this $(nproc)-core, $mem GB machine  NOT met"
		fi
	fi
done
exit 0
