import torch
from torch.utils.data import DataLoader

from src.model import load_model, load_tokenizer


@torch.no_grad()
def evaluate(dataset):
    model, tokenizer = load_model(), load_tokenizer()
    model.eval()
    losses = []
    for batch in DataLoader(dataset, batch_size=4):
        inputs = tokenizer(batch["text"], return_tensors="pt", padding=True).to("cuda")
        with torch.autocast("cuda", dtype=torch.float16):
            out = model(**inputs, labels=inputs["input_ids"])
        losses.append(out.loss.item())
    return sum(losses) / len(losses)
