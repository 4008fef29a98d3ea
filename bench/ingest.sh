#!/usr/bin/env bash
# The archive-scale benchmark (issue 6): registre against reference points measured in the
# same run on the same files, so that the ratios hold on a noisy machine.
#
#   bench/ingest.sh            # 20,000 and 100,000 synthetic documents, 300 PDFs; 15-20 min
#   RUNS=5 bench/ingest.sh     # more runs per figure (the median is reported)
#   SMALL=2000 LARGE=10000 PDF_COPIES=10 bench/ingest.sh   # a quick look
#
# Corpora come from the project's synthetic generator with a fixed seed (a thousand files
# per folder), and the PDFs are copies of corpus/*.pdf (a comment appended after %%EOF so
# each copy has its own bytes). Needs ripgrep, poppler-utils and GNU time (installed with
# apt when missing). Writes the table to stdout and keeps the corpora in $WORK.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SMALL=${SMALL:-20000}
LARGE=${LARGE:-100000}
PDF_COPIES=${PDF_COPIES:-60}
WORK=${WORK:-/tmp/registre-bench}
mkdir -p "$WORK"

need() { command -v "$1" >/dev/null 2>&1 || apt-get install -y -qq "$2" >/dev/null 2>&1 || { echo "bench: $1 is missing (apt package $2)" >&2; exit 1; }; }
need rg ripgrep
need pdftotext poppler-utils
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null 2>&1 || { echo "bench: GNU time is missing" >&2; exit 1; }
need taskset util-linux
# The one-thread figures run on one core. Unpinned, `--jobs 1` extracts on one thread while
# tantivy's indexing threads (two at least) and the PDF workers use the other core, so a
# "per core" rate counted two cores and the 2-thread ratio compared two cores with two.
ONE_CORE="taskset -c $(taskset -pc $$ | sed 's/.*: *//; s/[,-].*//')"

cargo build --release -q --bin registre --example synth --example raw_index --example pdf_extract_alone
REG=./target/release/registre
EX=./target/release/examples

corpus() { # corpus NAME COUNT
  [ -f "$WORK/$1.done" ] || { rm -rf "${WORK:?}/$1"; "$EX/synth" "$WORK/$1" "$2" 6 --no-truth >/dev/null 2>&1; touch "$WORK/$1.done"; }
}
corpus small "$SMALL"
if [ ! -f "$WORK/pdf.done" ]; then
  rm -rf "$WORK/pdf"; mkdir -p "$WORK/pdf"
  for i in $(seq "$PDF_COPIES"); do
    for f in corpus/*.pdf; do
      out="$WORK/pdf/$(basename "$f" .pdf)-$i.pdf"; cp "$f" "$out"; printf '%% copy %d\n' "$i" >>"$out"
    done
  done
  touch "$WORK/pdf.done"
fi

# median RUNS SETUP COMMAND...: runs the command RUNS times (SETUP before each, not
# timed) and prints "seconds max_rss_kb" of the median run.
median() {
  local runs=$1 setup=$2; shift 2
  for _ in $(seq "$runs"); do
    eval "$setup"
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || { cat "$WORK/stderr" >&2; exit 1; }
    cat "$WORK/time"
  done | sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'
}
secs() { echo "${1%% *}"; }
rss_mb() { echo "${1##* }" | awk '{printf "%.0f", $1/1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
per() { awk -v n="$1" -v s="$2" 'BEGIN {printf "%.0f", n/s}'; }

docs=$(find "$WORK/small" -type f | wc -l)
mb=$(du -sm "$WORK/small" | cut -f1)
pdfs=$(find "$WORK/pdf" -name '*.pdf' | wc -l)
pages=0
for f in corpus/*.pdf; do pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}'))); done
pages=$((pages * PDF_COPIES))

rg1=$(median "$RUNS" : $ONE_CORE rg -j1 -c -i "délibération" "$WORK/small")
raw2=$(median "$RUNS" "rm -rf $WORK/raw" "$EX/raw_index" "$WORK/small" "$WORK/raw" 2)
raw1=$(median "$RUNS" "rm -rf $WORK/raw" $ONE_CORE "$EX/raw_index" "$WORK/small" "$WORK/raw" 1)
chk1=$(median "$RUNS" : $ONE_CORE "$REG" check "$WORK/small" --format json --ocr off --jobs 1)
chk2=$(median "$RUNS" : "$REG" check "$WORK/small" --format json --ocr off --jobs 2)
ing1=$(median "$RUNS" "rm -rf $WORK/idx" $ONE_CORE "$REG" ingest "$WORK/small" --index "$WORK/idx" --ocr off --quiet --jobs 1)
ing2=$(median "$RUNS" "rm -rf $WORK/idx" "$REG" ingest "$WORK/small" --index "$WORK/idx" --ocr off --quiet --jobs 2)
again=$(median "$RUNS" : "$REG" ingest "$WORK/small" --index "$WORK/idx" --ocr off --quiet --jobs 2)
pdfreg=$(median "$RUNS" "rm -rf $WORK/pidx" $ONE_CORE "$REG" ingest "$WORK/pdf" --index "$WORK/pidx" --ocr off --quiet --jobs 1)
pdfx=$(median "$RUNS" : $ONE_CORE bash -c "$EX/pdf_extract_alone $WORK/pdf/*.pdf")
pdftt=$(median "$RUNS" : $ONE_CORE bash -c "for f in $WORK/pdf/*.pdf; do pdftotext -layout \"\$f\" -; done")

echo "registre benchmark — $(date -u +%F), $(nproc) cores, median of $RUNS runs"
echo
echo "Corpus: $docs synthetic documents, $mb MB (seed 6); $pdfs PDFs, $pages pages."
echo
echo "| what | seconds | rate | peak RSS |"
echo "|---|---:|---:|---:|"
echo "| rg -j1 over the corpus (reading), 1 core | $(secs "$rg1") | $(per "$docs" "$(secs "$rg1")") docs/s | $(rss_mb "$rg1") MB |"
echo "| raw tantivy indexing, same analyzer, 1 thread on 1 core | $(secs "$raw1") | $(per "$docs" "$(secs "$raw1")") docs/s | $(rss_mb "$raw1") MB |"
echo "| raw tantivy indexing, same analyzer, 2 threads | $(secs "$raw2") | $(per "$docs" "$(secs "$raw2")") docs/s | $(rss_mb "$raw2") MB |"
echo "| registre check (extract+check), 1 thread on 1 core | $(secs "$chk1") | $(per "$docs" "$(secs "$chk1")") docs/s | $(rss_mb "$chk1") MB |"
echo "| registre check (extract+check), 2 threads | $(secs "$chk2") | $(per "$docs" "$(secs "$chk2")") docs/s | $(rss_mb "$chk2") MB |"
echo "| registre ingest (full, new index), 1 thread on 1 core | $(secs "$ing1") | $(per "$docs" "$(secs "$ing1")") docs/s | $(rss_mb "$ing1") MB |"
echo "| registre ingest (full, new index), 2 threads | $(secs "$ing2") | $(per "$docs" "$(secs "$ing2")") docs/s | $(rss_mb "$ing2") MB |"
echo "| registre ingest again, nothing changed | $(secs "$again") | $(per "$docs" "$(secs "$again")") docs/s | $(rss_mb "$again") MB |"
echo "| PDFs: registre ingest, 1 thread on 1 core | $(secs "$pdfreg") | $(per "$pages" "$(secs "$pdfreg")") pages/s | $(rss_mb "$pdfreg") MB |"
echo "| PDFs: pdf-extract alone, 1 core | $(secs "$pdfx") | $(per "$pages" "$(secs "$pdfx")") pages/s | $(rss_mb "$pdfx") MB |"
echo "| PDFs: pdftotext once per file, 1 core | $(secs "$pdftt") | $(per "$pages" "$(secs "$pdftt")") pages/s | |"

if [ "$LARGE" -gt 0 ]; then
  corpus large "$LARGE"
  large_docs=$(find "$WORK/large" -type f | wc -l)
  big=$(median 1 "rm -rf $WORK/lidx" "$REG" ingest "$WORK/large" --index "$WORK/lidx" --ocr off --quiet --jobs 2)
  echo "| registre ingest $large_docs documents, 2 threads (1 run) | $(secs "$big") | $(per "$large_docs" "$(secs "$big")") docs/s | $(rss_mb "$big") MB |"
fi

echo
echo "| target | measured | met |"
echo "|---|---:|:-:|"
verdict() { awk -v m="$1" -v t="$2" -v dir="$3" 'BEGIN {ok = (dir == "ge") ? (m >= t) : (m <= t); print ok ? "yes" : "no"}'; }
v=$(per "$docs" "$(secs "$chk1")"); echo "| extract+check ≥ 5,000 docs/s per core | $v docs/s | $(verdict "$v" 5000 ge) |"
v=$(ratio "$(secs "$ing2")" "$(secs "$raw2")"); echo "| full ingest ≤ 1.5 × raw tantivy indexing (2 threads) | $v × | $(verdict "$v" 1.5 le) |"
v=$(ratio "$(secs "$ing1")" "$(secs "$ing2")"); echo "| ingest on 2 threads ≥ 1.7 × 1 thread on 1 core | $v × | $(verdict "$v" 1.7 ge) |"
if [ "$LARGE" -gt 0 ]; then
  v=$(rss_mb "$big"); echo "| $large_docs documents: peak RSS ≤ 600 MB | $v MB | $(verdict "$v" 600 le) |"
  v=$(ratio "$(rss_mb "$big")" "$(rss_mb "$ing2")"); echo "| $large_docs documents: peak RSS ≤ 1.2 × the $docs-document peak | $v × | $(verdict "$v" 1.2 le) |"
fi
v=$(per "$pages" "$(secs "$pdfreg")"); echo "| PDFs ≥ 600 pages/s per core | $v pages/s | $(verdict "$v" 600 ge) |"
v=$(ratio "$(secs "$pdftt")" "$(secs "$pdfreg")"); echo "| PDFs ≥ 3 × faster than pdftotext per file | $v × | $(verdict "$v" 3 ge) |"
