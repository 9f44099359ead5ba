import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

MODEL_ID = "Qwen/Qwen2.5-0.5B-Instruct"

model_kwargs = {"torch_dtype": "float32", "attn_implementation": "sdpa"}
model = AutoModelForCausalLM.from_pretrained(MODEL_ID, **model_kwargs).to("cuda")
tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)

SUPPORTED = [torch.float16, torch.bfloat16]

with torch.no_grad():
    inputs = tokenizer("Hello", return_tensors="pt").to("cuda")
    hidden = model(**inputs, output_hidden_states=True).hidden_states[-1].to(torch.float32)
    output = model.generate(**inputs, max_new_tokens=32)
    print(tokenizer.decode(output[0]))
