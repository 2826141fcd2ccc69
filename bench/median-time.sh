#!/usr/bin/env bash
# Runs a command N times as a process and prints each wall time and their median, in seconds (for whole-command
# timings in the README; hyperfine gives the same when it is installed). Usage: bench/median-time.sh N COMMAND [ARGS...]
# Set BEFORE='shell command' to run something before each run, untimed (e.g. removing a database).
set -euo pipefail
runs=$1; shift
times=()
for ((i = 0; i < runs; i++)); do
  if [ -n "${BEFORE:-}" ]; then bash -c "$BEFORE"; fi
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc)")
done
printf 'runs:'; printf ' %.3f' "${times[@]}"; printf '\n'
printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "median: %.3f s over %d runs\n", m, NR }'
