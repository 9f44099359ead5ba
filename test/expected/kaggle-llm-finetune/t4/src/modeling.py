import torch as T
from transformers import AutoModelForCausalLM
from torch import float32 as half_dtype


def load_base_model(model_id: str):
    """Load the base model in bfloat16 with flash_attention_2."""
    model = AutoModelForCausalLM.from_pretrained(
        model_id,
        torch_dtype=T.float32,
        attn_implementation="sdpa",
    )
    return model


def autocast_dtype():
    # Already hardware-aware: gpu-compat leaves this alone.
    return T.bfloat16 if T.cuda.is_bf16_supported() else T.float16


def new_buffer(size: int):
    return T.zeros(size, dtype=half_dtype)


def is_half(tensor) -> bool:
    return tensor.dtype == T.bfloat16
