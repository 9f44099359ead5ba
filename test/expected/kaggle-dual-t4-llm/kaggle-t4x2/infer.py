"""Batch generation with the merged fp16 model."""
import json
import sys

import torch
from torch.utils.data import DataLoader
from transformers import AutoModelForCausalLM, AutoTokenizer

MODEL = "mistralai/Mistral-7B-Instruct-v0.2"


def main(prompts_path: str) -> None:
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    tokenizer.pad_token = tokenizer.eos_token
    tokenizer.padding_side = "left"
    model = AutoModelForCausalLM.from_pretrained(MODEL, torch_dtype=torch.float16, device_map="auto")
    model.eval()

    with open(prompts_path) as f:
        prompts = [json.loads(line)["prompt"] for line in f]
    loader = DataLoader(prompts, batch_size=16, num_workers=4, pin_memory=True)

    for batch in loader:
        inputs = tokenizer(list(batch), return_tensors="pt", padding=True).to(model.device)
        with torch.no_grad():
            out = model.generate(**inputs, max_new_tokens=256)
        for text in tokenizer.batch_decode(out, skip_special_tokens=True):
            print(json.dumps({"completion": text}))


if __name__ == "__main__":
    main(sys.argv[1])
