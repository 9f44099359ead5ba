import os

import torch
from transformers import AutoModelForCausalLM

assert torch.cuda.get_device_capability()[0] >= 8, "written for Ampere"

MODEL_ID = os.environ.get("MODEL_ID", "meta-llama/Llama-3.2-1B")
model = AutoModelForCausalLM.from_pretrained(MODEL_ID, torch_dtype=torch.float32)
