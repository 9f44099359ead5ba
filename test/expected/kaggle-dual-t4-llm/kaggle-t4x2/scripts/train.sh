#!/usr/bin/env bash
# QLoRA SFT of Mistral-7B on one 8 x A100 node (global batch 4 x 8 x 4 = 128).
set -euo pipefail

export CUDA_VISIBLE_DEVICES=0,1
NUM_GPUS=2

torchrun --standalone --nproc_per_node "$NUM_GPUS" train.py \
    --model_name_or_path mistralai/Mistral-7B-v0.1 \
    --dataset_path data/sft.jsonl \
    --per_device_train_batch_size 4 \
    --gradient_accumulation_steps 16 \
    --learning_rate 2e-4 \
    --num_train_epochs 1 \
    --output_dir outputs/mistral-qlora
