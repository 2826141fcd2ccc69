#!/usr/bin/env bash
# Table 2 on our data: every architecture of the paper (and ResNet18) trained with one budget on the same faces, then
# evaluated on the same test faces. Each row: 64 px, plan B, the AffectNet training faces of DATA (labels_train.csv:
# 2,040 to train, 360 held out, seed 1), at most 12 epochs of 4,000 images (48,000 images; early stopping may end a
# run sooner), the architecture's own start
# (ResNet18 from ImageNet, the others from scratch: no pretrained weights for them are served here), no expression
# head; then `evaluate` on labels_test.csv. Runs go through scripts/train-resuming.sh with --resume, so the table can
# span sessions: run the script again and it continues the row it stopped in; finished rows are not redone.
# Writes runs/table2/<row>/ (checkpoint, epochs.csv, model.cmodel, test800/) and runs/table2/table2.md.
# Usage: scripts/table2.sh [DATA_DIR]   (default ../shared/data/faces/affectnet_val_subset)
#        TABLE2_ROWS="alexnet:1x2 resnet18:1x2" limits the rows; TABLE2_OUT replaces runs/table2;
#        CIRCUMPLEX_TRAIN_COMMAND (as in train-resuming.sh) and CIRCUMPLEX_EVALUATE_COMMAND replace `./circumplex train`
#        and `./circumplex evaluate` (tests; a built circumplex.dll that later edits of the sources do not rebuild).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data="${1:-../shared/data/faces/affectnet_val_subset}"
[[ -f "$data/labels_train.csv" && -f "$data/labels_test.csv" ]] || { echo "table2: no labels_train.csv and labels_test.csv in $data" >&2; exit 1; }
rows=(${TABLE2_ROWS:-alexnet:1x2 resnet18:1x2 invnet50:1x2 drvit:1x2 invnet50:2x1 drvit:2x1 vit:1x2 resnet50:1x2})
evaluate=(${CIRCUMPLEX_EVALUATE_COMMAND:-"$root/circumplex" evaluate})
out="${TABLE2_OUT:-runs/table2}"
mkdir -p "$out"

for row in "${rows[@]}"; do
  arch="${row%%:*}"; design="${row##*:}"; dir="$out/$arch-$design"
  if [[ ! -f "$dir/model.cmodel" ]]; then
    echo "table2: training $arch $design ($(date -u +%H:%M) UTC)"
    scripts/train-resuming.sh --arch "$arch" --design "$design" --size 64 --plan B --data "$data/labels_train.csv" \
      --validation-fraction 0.15 --epochs 12 --max-images-per-epoch 4000 --seed 1 \
      --out "$dir" --model-out "$dir/model.cmodel" --resume > "$dir.log" 2>&1 \
      || { echo "table2: $arch $design failed (see $dir.log)" >&2; continue; }
  fi
  if [[ ! -f "$dir/test800/table2.csv" ]]; then
    "${evaluate[@]}" --model "$dir/model.cmodel" --data "$data/labels_test.csv" --out "$dir/test800" > "$dir/test800.log" 2>&1 \
      || { echo "table2: evaluating $arch $design failed (see $dir/test800.log)" >&2; continue; }
  fi
done

# One markdown row per finished run: the evaluation's figures and the training time (the sum of epochs.csv's seconds).
python3 - "$out" "${rows[@]}" <<'EOF' > "$out/table2.md"
import csv, sys, os
out, rows = sys.argv[1], sys.argv[2:]
print("| model | params | V RMSE | V CORR | V CCC | V SAGR | A RMSE | A CORR | A CCC | A SAGR | epochs | training time |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for row in rows:
    arch, design = row.split(":")
    d = os.path.join(out, f"{arch}-{design}")
    t2 = os.path.join(d, "test800", "table2.csv")
    if not os.path.exists(t2):
        print(f"| {arch} {design} | not finished | | | | | | | | | | |")
        continue
    r = next(csv.DictReader(open(t2, encoding="utf-8")))
    epochs = list(csv.DictReader(open(os.path.join(d, "epochs.csv"), encoding="utf-8")))
    minutes = sum(float(e["seconds"]) for e in epochs) / 60
    f = lambda k: f"{float(r[k]):.3f}".replace("0.", ".", 1) if float(r[k]) >= 0 else f"{float(r[k]):.3f}".replace("-0.", "−.", 1)
    print(f"| {r['model']} | {int(r['params']) / 1e6:.1f}M | {f('valence_rmse')} | {f('valence_corr')} | {f('valence_ccc')} | {f('valence_sagr')} "
          f"| {f('arousal_rmse')} | {f('arousal_corr')} | {f('arousal_ccc')} | {f('arousal_sagr')} | {len(epochs)} | {minutes:.0f} min |")
EOF
echo "table2: $out/table2.md"
cat "$out/table2.md"
