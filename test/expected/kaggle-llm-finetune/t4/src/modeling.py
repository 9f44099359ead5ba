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
    # Looks hardware-aware, but counts emulated bf16 as support (PyTorch 2.3+).
    return T.bfloat16 if T.cuda.is_bf16_supported(including_emulation=False) else T.float16


def new_buffer(size: int):
    return T.zeros(size, dtype=half_dtype)


def is_half(tensor) -> bool:
    return tensor.dtype == T.bfloat16
