import torch
from transformers import AutoModelForCausalLM

# A table from the precision name to its dtype: "bf16" keeps meaning bf16.
DTYPES = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}


def load_model(name_or_path, dtype=torch.bfloat16):
    # Every caller passes dtype: the default never runs.
    return AutoModelForCausalLM.from_pretrained(name_or_path, torch_dtype=dtype)


def load_reference(name_or_path):
    return AutoModelForCausalLM.from_pretrained(name_or_path, torch_dtype=torch.float32)
