#!/usr/bin/env bash
# usage: bench/run.sh [N ...]        (default sizes: 10 100 300 1000 5000)
#
# The agendapack benchmark (issue 7).  For each size N, gen.py writes the
# same synthetic agenda pack for every engine (agendapack's meeting and
# paper YAML, and the peers' HTML, Typst, pdfmake and LaTeX sources); each
# engine builds it RUNS times as a whole process under /usr/bin/time -v,
# and the medians of wall time, user time and peak RSS are reported with the
# page count (pdfinfo) and check.py's verdict on the last run's PDF
# (contents page ranges, repeated table headers, a footer on every page,
# outline, contents links).  report.py then writes the ratios of agendapack
# to each peer and to the emission floor (floor.c), per page.
#
# Peers run when installed (sh bench/setup.sh); a missing one is reported
# as "not installed" and skipped.  agendapack is built in
# build-release/ (meson, --buildtype=release) unless AGENDAPACK names a
# binary.
#
# Environment: ENGINES (default "agendapack weasyprint typst pdfmake latex
# floor"), RUNS (3), PEER_MAX_N (1000: peers are not run above this size;
# the floor and agendapack always are), SLOW_S (120: a peer whose median at
# N=300 is over this is skipped above 300), FONT_DIR (DejaVu folder),
# OUT (bench/out), SEED (gen.py's seed), AGENDAPACK (the binary).
#
# Results: OUT/results.md (tables), OUT/results.tsv, OUT/cpu.tsv (user +
# system time, both threads), OUT/versions.txt,
# OUT/<N>/<engine>.{pdf,times,err,check}.
set -euo pipefail
cd "$(dirname "$0")"
BENCH=$PWD
ROOT=$(cd .. && pwd)

SIZES=${*:-10 100 300 1000 5000}
RUNS=${RUNS:-3}
SLOW_S=${SLOW_S:-120}
PEER_MAX_N=${PEER_MAX_N:-1000}
ENGINES=${ENGINES:-agendapack untagged weasyprint typst pdfmake latex floor}
SEED=${SEED:-0xA6E4DA}
export FONT_DIR=${FONT_DIR:-/usr/share/fonts/truetype/dejavu}
export NODE_PATH=$BENCH/peers/node_modules
OUT=${OUT:-out}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -f "$OUT/floor-lpp.txt" "$OUT/floor-lines.txt" "$OUT/density.txt"

need() { command -v "$1" >/dev/null || { echo "run.sh: $1 not found ($2)" >&2; exit 1; }; }
if [ ! -x /usr/bin/time ]; then
    echo "run.sh: /usr/bin/time not found; installing GNU time" >&2
    if [ "$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y time >/dev/null ||
        { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y time >/dev/null; }
    fi
    [ -x /usr/bin/time ] || { echo "run.sh: apt-get install -y time (as root)" >&2; exit 1; }
fi
need pdfinfo "apt-get install -y poppler-utils"
need pdftotext "apt-get install -y poppler-utils"
need python3 "apt-get install -y python3"
need cc "apt-get install -y gcc"

# agendapack, release build
if [ -z "${AGENDAPACK:-}" ]; then
    need meson "apt-get install -y meson ninja-build"
    [ -d "$ROOT/build-release" ] || meson setup "$ROOT/build-release" "$ROOT" --buildtype=release >/dev/null
    meson compile -C "$ROOT/build-release" agendapack:executable >/dev/null
    AGENDAPACK=$ROOT/build-release/agendapack
fi
[ -x "$AGENDAPACK" ] || { echo "run.sh: $AGENDAPACK is not executable" >&2; exit 1; }
# The emission floor: a separate cc call, not part of the meson build.
cc -O2 -Wall -o "$OUT/floor" floor.c -lhpdf -lm

installed() {   # engine -> 0 if it can run here
    case $1 in
    agendapack|untagged|floor) return 0 ;;
    weasyprint) command -v weasyprint >/dev/null ;;
    typst)      command -v node >/dev/null && [ -d "$NODE_PATH/@myriaddreamin/typst-ts-node-compiler" ] ;;
    pdfmake)    command -v node >/dev/null && [ -d "$NODE_PATH/pdfmake" ] ;;
    latex)      command -v lualatex >/dev/null && kpsewhich fontspec.sty >/dev/null 2>&1 &&
                    kpsewhich longtable.sty >/dev/null 2>&1 ;;
    *) echo "run.sh: unknown engine $1" >&2; exit 2 ;;
    esac
}

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME")"
    echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "agendapack: $("$AGENDAPACK" --version 2>&1 | head -1) ($AGENDAPACK, git $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo "?"))"
    echo "cc: $(cc --version | head -1)"
    installed weasyprint && echo "weasyprint: $(weasyprint --version)"
    command -v node >/dev/null && echo "node: $(node --version)"
    installed pdfmake && echo "pdfmake: $(node -p 'require("pdfmake/package.json").version')"
    installed typst && echo "typst-ts-node-compiler: $(node -p 'require("@myriaddreamin/typst-ts-node-compiler/package.json").version')"
    installed latex && echo "lualatex: $(lualatex --version | head -1)"
    echo "libharu: $(dpkg-query -W -f '${Version}' libhpdf-dev 2>/dev/null || echo '?')"
    echo "font: $FONT_DIR/DejaVuSans.ttf, DejaVuSans-Bold.ttf"
    echo "seed: $SEED; runs: $RUNS; sizes: $SIZES; peers up to N=$PEER_MAX_N"
    for e in $ENGINES; do installed "$e" || echo "$e: NOT INSTALLED (sh bench/setup.sh), skipped"; done
} > "$OUT/versions.txt"
cat "$OUT/versions.txt"

# Lines of real page text for floor, and how many a report page holds.
floor_text() {
    local pdf=$1 man=$2
    pdftotext -layout "$pdf" - 2>/dev/null |
        sed 's/^[[:space:]]*//; s/[[:space:]]\{1,\}/ /g; s/ $//' |
        grep -v -e '^$' -e '^Page [0-9]*$' > "$OUT/floor-lines.txt"
    { python3 check.py "$pdf" "$man" --stats || true; } |
        sed -n 's/^stats:.*lines\/page \([0-9.]*\),.*/\1/p' | awk '{printf "%.0f\n", $1 - 1}' > "$OUT/floor-lpp.txt"
    echo "floor: $(wc -l < "$OUT/floor-lines.txt") text lines from $pdf, $(cat "$OUT/floor-lpp.txt") lines a page"
}

cmd_for() {   # engine dir n -> command line (array via global CMD)
    local e=$1 d=$2 n=$3
    case $e in
    agendapack) CMD=("$AGENDAPACK" build "$d/agendapack/meeting.yaml" -o "$d/$e.pdf"
                     --layout "$BENCH/agendapack-layout.yaml" --font-dir "$FONT_DIR") ;;
    untagged)   CMD=("$AGENDAPACK" build "$d/agendapack/meeting.yaml" -o "$d/$e.pdf" --no-tagged
                     --layout "$BENCH/agendapack-layout.yaml" --font-dir "$FONT_DIR") ;;
    weasyprint) CMD=(weasyprint "$d/pack.html" "$d/$e.pdf") ;;
    typst)      CMD=(node typst.js "$d/pack.typ" "$d/$e.pdf") ;;
    pdfmake)    CMD=(node pdfmake.js "$d/pack.json" "$d/$e.pdf") ;;
    latex)      CMD=(./latex.sh "$d/pack.tex" "$d/$e.pdf") ;;
    floor)      CMD=("$OUT/floor" "$n" "$d/$e.pdf" "$OUT/floor-lines.txt" "$(cat "$OUT/floor-lpp.txt")" "$FONT_DIR") ;;
    esac
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

# /usr/bin/time -v output -> "wall user rss_kb sys"
parse_v() {
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
        /User time \(seconds\)/ { u = $2 }
        /System time \(seconds\)/ { s = $2 }
        /Maximum resident set size/ { m = $2 }
        END { printf "%.3f %.2f %d %.2f\n", w, u, m, s }' "$1"
}

row() { printf '%s\n' "$*" | tr ' ' '\t' >> "$OUT/results.tsv"; }
printf 'engine\tN\tpages\twall_s\tuser_s\trss_mb\tms_per_page\tpages_per_s\tpdf_kb\tcheck\n' > "$OUT/results.tsv"
# CPU time (user + system, both threads) per engine and size: medians and
# every run, for the issue 21 comparisons (the report's tables use user).
printf 'engine\tN\tuser_s\tsys_s\tcpu_s\trss_mb_runs\tcpu_s_runs\twall_s_runs\n' > "$OUT/cpu.tsv"
declare -A SLOW
first=1
for n in $SIZES; do
    d="$OUT/$n"
    mkdir -p "$d"
    python3 gen.py --seed "$SEED" "$n" "$d"
    for e in $ENGINES; do
        if ! installed "$e"; then
            printf '%s\t%s\t-\t-\t-\t-\t-\t-\t-\tnot installed\n' "$e" "$n" >> "$OUT/results.tsv"
            continue
        fi
        if [ "$e" != agendapack ] && [ "$e" != floor ] && [ "$n" -gt "$PEER_MAX_N" ]; then
            printf '%s\t%s\t-\t-\t-\t-\t-\t-\t-\tnot run (N > PEER_MAX_N=%s)\n' "$e" "$n" "$PEER_MAX_N" >> "$OUT/results.tsv"
            continue
        fi
        if [ "$e" = floor ] && [ ! -s "$OUT/floor-lpp.txt" ]; then
            ref=""
            for r in weasyprint typst pdfmake latex agendapack; do
                [ -s "$d/$r.pdf" ] && { ref=$r; break; }
            done
            [ -n "$ref" ] || { echo "run.sh: floor needs another engine's output first" >&2; continue; }
            floor_text "$d/$ref.pdf" "$d/manifest.json"
        fi
        if [ -n "${SLOW[$e]:-}" ] && [ "$n" -gt 300 ]; then
            echo "== $e N=$n: skipped (median ${SLOW[$e]} s at N=300 > $SLOW_S s)"
            printf '%s\t%s\t-\t-\t-\t-\t-\t-\t-\tskipped: %s s at N=300\n' "$e" "$n" "${SLOW[$e]}" >> "$OUT/results.tsv"
            continue
        fi
        cmd_for "$e" "$d" "$n"
        if [ $first = 1 ]; then   # untimed: builds font caches (fontconfig, luaotfload)
            "${CMD[@]}" >/dev/null 2>&1 || true
        fi
        : > "$d/$e.times"
        ok=1
        for i in $(seq "$RUNS"); do
            rm -f "$d/$e.pdf"
            if ! timeout 1800 /usr/bin/time -v -o "$d/$e.time1" "${CMD[@]}" > "$d/$e.err" 2>&1 ||
                [ ! -s "$d/$e.pdf" ]; then
                ok=0
                echo "== $e N=$n: FAILED (run $i):"; tail -5 "$d/$e.err"
                break
            fi
            parse_v "$d/$e.time1" >> "$d/$e.times"
        done
        if [ $ok = 0 ]; then
            printf '%s\t%s\t-\t-\t-\t-\t-\t-\t-\tFAILED: %s\n' "$e" "$n" "$(grep -v '^\s*$' "$d/$e.err" | tail -1 | tr '\t' ' ')" >> "$OUT/results.tsv"
            continue
        fi
        wall=$(awk '{print $1}' "$d/$e.times" | median)
        user=$(awk '{print $2}' "$d/$e.times" | median)
        rss=$(awk '{print $3}' "$d/$e.times" | median)
        sys_s=$(awk '{print $4}' "$d/$e.times" | median)
        cpu=$(awk '{print $2 + $4}' "$d/$e.times" | median)
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$e" "$n" "$user" "$sys_s" "$cpu" \
            "$(awk '{printf "%.0f ", $3 / 1024}' "$d/$e.times")" "$(awk '{printf "%.2f ", $2 + $4}' "$d/$e.times")" \
            "$(awk '{printf "%s ", $1}' "$d/$e.times")" >> "$OUT/cpu.tsv"
        pages=$(pdfinfo "$d/$e.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
        if [ "$e" = floor ]; then
            check="n/a by design; $(python3 check.py "$d/$e.pdf" "$d/manifest.json" --stats 2>/dev/null | sed -n 's/^stats: //p' || true)"
        else
            python3 check.py "$d/$e.pdf" "$d/manifest.json" > "$d/$e.check" || true
            check=$(head -1 "$d/$e.check")
        fi
        ms=$(awk -v w="$wall" -v p="$pages" 'BEGIN {printf "%.2f", 1000 * w / p}')
        rssmb=$(awk -v k="$rss" 'BEGIN {printf "%.0f", k / 1024}')
        pps=$(awk -v w="$wall" -v p="$pages" 'BEGIN {printf "%.0f", p / w}')
        kb=$(( $(stat -c %s "$d/$e.pdf") / 1024 ))
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$e" "$n" "$pages" "$wall" "$user" "$rssmb" "$ms" "$pps" "$kb" "$check" >> "$OUT/results.tsv"
        echo "== $e N=$n: $pages pages, wall $wall s, user $user s, user+sys $cpu s, $rssmb MB, $ms ms/page, $pps pages/s, $kb KB (runs: $(awk '{printf "%s ", $1}' "$d/$e.times"))"
        echo "   $check"
        if [ "$n" = 300 ] && awk -v w="$wall" -v s="$SLOW_S" 'BEGIN {exit !(w > s)}'; then
            SLOW[$e]=$wall
        fi
    done
    # agendapack's own text density, to compare with the floor's
    [ -s "$d/agendapack.pdf" ] && python3 check.py "$d/agendapack.pdf" "$d/manifest.json" --stats 2>/dev/null |
        sed -n "s/^stats: /agendapack N=$n density: /p" | tee -a "$OUT/density.txt" || true
    first=0
done

python3 report.py "$OUT/results.tsv" "$OUT/versions.txt" > "$OUT/results.md"
echo
cat "$OUT/results.md"
