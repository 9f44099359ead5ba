#!/usr/bin/env bash
set -euo pipefail
python train.py \
  --model_name_or_path Qwen/Qwen2.5-0.5B \
  --output_dir out \
  --per_device_train_batch_size 2
