#!/usr/bin/env bash
# Pages per second for born-digital PDFs: registre's whole pipeline (text in a worker
# process, cleaning, extraction) against poppler's pdftotext alone, on the same files,
# one thread each, median of RUNS runs. Needs pdftotext and pdfinfo (poppler-utils), bc.
# Usage: bench/pdf-speed.sh [DIR_OR_FILES...]   (default: corpus/*.pdf and, when
# ../shared/real-pdf is there, its born-digital Couthenans minutes p001–p011)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
cargo build --release -q
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(corpus/*.pdf)
  for f in ../shared/real-pdf/p0{01,02,03,04,05,06,07,08,09,10,11}_*.pdf; do [ -e "$f" ] && files+=("$f"); done
fi
pages=0
for f in "${files[@]}"; do pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}'))); done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_of() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
reg=$(for _ in $(seq "$RUNS"); do time_of ./target/release/registre extract --jobs 1 --ocr off "${files[@]}"; done | median)
ptt=$(for _ in $(seq "$RUNS"); do time_of bash -c 'for f in "$@"; do pdftotext -layout "$f" -; done' _ "${files[@]}"; done | median)
printf '%d files, %d pages, median of %d runs (1 thread)\n' "${#files[@]}" "$pages" "$RUNS"
printf 'registre extract : %6.3f s  %7.1f pages/s\n' "$reg" "$(echo "$pages / $reg" | bc -l)"
printf 'pdftotext -layout: %6.3f s  %7.1f pages/s\n' "$ptt" "$(echo "$pages / $ptt" | bc -l)"
printf 'ratio registre/pdftotext time: %.2f\n' "$(echo "$reg / $ptt" | bc -l)"
