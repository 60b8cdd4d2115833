#!/usr/bin/env bash
#
# docset.sh - build the documentation set for cqa-parse: real pages of six
# documentation generators from Debian 12 packages, each with a ground truth
# taken from the generator's own main-content element, and a held-out part.
#
# Usage: bench/docset.sh [--out DIR]
#
# cqa-parse is tuned on news and blog articles; documentation pages are
# built differently (a sidebar of the whole manual, breadcrumbs,
# "previous/next", code listings, API tables).  This script makes a set to
# measure it on, outside the repository (default /tmp/cqa-docset):
#
#   1. installs the Debian documentation packages it reads, when missing
#      (lib.sh's bench_install: apt-get as root or through sudo; only
#      Debian's mirrors are needed).  The packages and generators are the
#      PACKAGES table of bench/docset.py:
#        gtk-doc  libglib2.0-doc                      (GLib, GIO, GObject)
#        Doxygen  libflac-doc, libjson-c-doc
#        Texinfo  flex-doc, libgcrypt20-doc
#        MkDocs   mkdocs-doc, python-typer-doc, python-markdown-doc
#        Javadoc  junit4-doc
#        Sphinx   sphinx-doc
#        DocBook  debian-reference-en, maint-guide, debian-faq,
#                 libpam-doc, docbook-xsl-doc-html
#      and, held out, python3.11-doc (Sphinx) and postgresql-doc-15
#      (DocBook XSL);
#   2. runs bench/docset.py (Python 3 standard library only: html.parser),
#      which samples about 50 pages a generator deterministically (SHA-1 of
#      the path inside the package; index, search and listing pages and
#      pages under 500 characters of main text skipped), takes each page's
#      ground truth from the generator's main-content element (a selector
#      table in docset.py, with why) and writes
#        DIR/dev.json      the development set: tune on this;
#        DIR/heldout.json  the held-out set: python3.11-doc and
#                          postgresql-doc-15 only, for one independent check
#                          after tuning, never for tuning itself.
#
# Score an extractor on either with bench/score_docs.py.  Like every
# benchmark it never fails a build: exit 0 whatever happens (it says what
# went wrong), 2 for a usage error.

set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=/tmp/cqa-docset

usage() {
	cat <<EOF
Usage: bench/docset.sh [OPTIONS]
Build the documentation set for cqa-parse from Debian documentation
packages (installed when missing): DIR/dev.json and DIR/heldout.json.

  --out DIR    where to write the set ($out); must be outside the
               repository
  -h, --help   show this help

Then: python3 bench/score_docs.py DIR/dev.json
Exit status 0 whatever the result, 2 for a usage error.
EOF
}

die_usage() {
	echo "docset.sh: $*" >&2
	echo "Try 'bash bench/docset.sh --help'." >&2
	exit 2
}

while (($#)); do
	case $1 in
	--out) (($# >= 2)) || die_usage "$1 needs a value"; out=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) die_usage "unknown argument '$1'" ;;
	esac
done

# The set is data about this machine's packages, not source: keep it out
# of the work tree.
root=$(cd "$here/.." && pwd -P)
out=$(realpath -m -- "$out")
case $out/ in
"$root"/*) die_usage "--out must be outside the repository ($root)" ;;
esac
mkdir -p "$out" || { echo "docset.sh: cannot create $out"; exit 0; }

if ! command -v python3 >/dev/null 2>&1; then
	echo "docset.sh: python3 is needed (apt-get install python3)"
	exit 0
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "docset.sh: this needs a Debian system (dpkg-query not found)"
	exit 0
fi

mapfile -t packages < <(python3 "$here/docset.py" --list-packages)
if ((${#packages[@]} == 0)); then
	echo "docset.sh: bench/docset.py --list-packages printed nothing"
	exit 0
fi
missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	[[ $status == *" installed" ]] || missing+=("$p")
done
if ((${#missing[@]})); then
	# shellcheck source=bench/lib.sh
	. "$here/lib.sh"
	if ! bench_install docset.sh "${missing[@]}"; then
		echo "docset.sh: building the set from the packages that are installed"
	fi
fi

echo "Building the set in $out"
python3 "$here/docset.py" --out "$out" ||
	echo "docset.sh: docset.py failed (status $?)"
exit 0
