#!/usr/bin/env bash
# Launch SFT on the node's GPUs.
set -euo pipefail

accelerate launch --config_file configs/accelerate.yaml --mixed_precision fp16 train.py \
  --model_name_or_path Qwen/Qwen2.5-1.5B-Instruct \
  --fp16 True \
  --tf32 False \
  --attn_implementation sdpa \
  --output_dir outputs/sft
echo "done: trained with --bf16 True"
