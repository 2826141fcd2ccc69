#!/usr/bin/env bash
# Debian's PyTorch as the baseline for TrainingStepBenchmarks: installs python3-torch when missing (a benchmark
# baseline only; the product never uses Python), then times the same ResNet18 training step.
set -euo pipefail
# Debian's interpreter: the one its python3-torch is built for (a python3 earlier on PATH may be another).
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get install -y --no-install-recommends python3-torch >&2
fi
exec /usr/bin/python3 "$(dirname "$0")/pytorch-train-step.py" "$@"
