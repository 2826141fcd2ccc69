#!/usr/bin/env bash
# Runs `./circumplex train ARGS` and, when the process dies of a signal, continues it from its last checkpoint with
# --resume (bit-identical to an uninterrupted run), up to CIRCUMPLEX_TRAIN_RESTARTS times (default 5). Long runs go
# in the background and span sessions, and anything that kills the process (TorchSharp 0.107's BatchNorm aborted a
# training step every ten-odd epochs until the networks got Networks/StableBatchNorm2d; an out-of-memory kill) would
# otherwise leave the run waiting for someone to resume it. A run that fails with an ordinary error (bad
# arguments, missing data: exit codes below 128) is not retried.
# Usage: scripts/train-resuming.sh --data ... --out runs/NAME [train options]
#        CIRCUMPLEX_TRAIN_COMMAND replaces `./circumplex train` (tests; a built circumplex.dll).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -n "${CIRCUMPLEX_TRAIN_COMMAND:-}" ]]; then read -r -a command <<< "$CIRCUMPLEX_TRAIN_COMMAND"; else command=("$root/circumplex" train); fi
restarts="${CIRCUMPLEX_TRAIN_RESTARTS:-5}"
args=("$@")
for ((attempt = 0; ; attempt++)); do
  "${command[@]}" "${args[@]}"
  code=$?
  if (( code < 128 )); then exit "$code"; fi
  if (( attempt >= restarts )); then
    echo "train-resuming: the run died of signal $((code - 128)) for the $((attempt + 1))th time; giving up" >&2
    exit "$code"
  fi
  echo "train-resuming: the run died of signal $((code - 128)); continuing from its last checkpoint ($((attempt + 1)) of $restarts)" >&2
  [[ " ${args[*]} " == *" --resume "* ]] || args+=(--resume)
done
