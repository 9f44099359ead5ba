"""Run settings. The original run used bfloat16 on an A100 80GB."""
import torch as T

MODEL_ID = "Qwen/Qwen2.5-7B-Instruct"
OUTPUT_DIR = "/kaggle/working/qwen-sft"
COMPUTE_DTYPE = T.float32
MAX_SEQ_LEN = 2048
