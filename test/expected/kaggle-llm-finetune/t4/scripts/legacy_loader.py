from transformers import AutoModelForCausalLM


def load(model_id):
    # Older transformers spelling of FlashAttention-2.
    return AutoModelForCausalLM.from_pretrained(model_id, attn_implementation="sdpa")
