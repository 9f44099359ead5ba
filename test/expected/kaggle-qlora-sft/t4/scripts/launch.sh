#!/usr/bin/env bash
# One process per GPU (DDP): each of Kaggle's two T4s holds a full copy of the 4-bit model and its own batch.
set -euo pipefail
accelerate launch --num_processes 1 train.py
