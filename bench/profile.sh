#!/usr/bin/env bash
# usage: bench/profile.sh [N]        (default 1000)
#
# Profiles agendapack on the benchmark's N-page pack with
# valgrind --tool=callgrind (instruction counts: stable on a shared machine)
# and, for comparison, the emission floor on the same number of pages.
# agendapack is built in build-prof/ (release optimisation plus debug info,
# so inlined functions keep their source names); the default build is not
# touched.  Writes OUT/profile-N/{agendapack,floor}.callgrind and
# {inclusive,self}.txt, and prints the top entries.
set -euo pipefail
cd "$(dirname "$0")"
BENCH=$PWD
ROOT=$(cd .. && pwd)
N=${1:-1000}
OUT=${OUT:-out}
FONT_DIR=${FONT_DIR:-/usr/share/fonts/truetype/dejavu}
P=$OUT/profile-$N
mkdir -p "$P"
command -v valgrind >/dev/null || { echo "profile.sh: apt-get install -y valgrind" >&2; exit 1; }
[ -d "$ROOT/build-prof" ] || meson setup "$ROOT/build-prof" "$ROOT" --buildtype=release -Ddebug=true >/dev/null
meson compile -C "$ROOT/build-prof" agendapack:executable >/dev/null
python3 gen.py "$N" "$P/in" >/dev/null
valgrind --tool=callgrind --callgrind-out-file="$P/agendapack.callgrind" \
    "$ROOT/build-prof/agendapack" build "$P/in/agendapack/meeting.yaml" -o "$P/agendapack.pdf" \
    --layout "$BENCH/agendapack-layout.yaml" --font-dir "$FONT_DIR" 2>&1 | grep 'refs:' | sed 's/^==[0-9]*== */agendapack /'
# the floor, with its text from agendapack's own output at this size
cc -O2 -Wall -o "$P/floor" floor.c -lhpdf -lm
pdftotext -layout "$P/agendapack.pdf" - | sed 's/^[[:space:]]*//; s/[[:space:]]\{1,\}/ /g; s/ $//' |
    grep -v -e '^$' -e '^Page [0-9]*$' > "$P/floor-lines.txt"
valgrind --tool=callgrind --callgrind-out-file="$P/floor.callgrind" \
    "$P/floor" "$(pdfinfo "$P/agendapack.pdf" | awk '/^Pages:/ {print $2}')" "$P/floor.pdf" "$P/floor-lines.txt" 36 "$FONT_DIR" \
    2>&1 | grep 'refs:' | sed 's/^==[0-9]*== */floor /'
callgrind_annotate --inclusive=yes "$P/agendapack.callgrind" > "$P/inclusive.txt" 2>/dev/null
callgrind_annotate "$P/agendapack.callgrind" > "$P/self.txt" 2>/dev/null
callgrind_annotate --tree=calling "$P/agendapack.callgrind" > "$P/calling.txt" 2>/dev/null
short() { sed -n '/^Ir  *file:function/,/^$/p' "$1" | sed 's|/work/[^ ]*/src/|src/|; s|\[/usr/lib/x86_64-linux-gnu/|[|; s|\[/.*/agendapack\]||' | head -"$2"; }
echo "== inclusive"; short "$P/inclusive.txt" 40
echo "== self";      short "$P/self.txt" 30
