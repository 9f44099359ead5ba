"""SFT with TRL. Trains in bfloat16 mixed precision (see README)."""
import logging

from datasets import load_dataset
from trl import SFTConfig, SFTTrainer

from src.config import MAX_SEQ_LEN, OUTPUT_DIR
from src.hardware import enable_fast_matmul
from src.model import load_model, load_tokenizer

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("train")


def main():
    enable_fast_matmul()
    model, tokenizer = load_model(), load_tokenizer()
    dataset = load_dataset("json", data_files="/kaggle/input/sft-data/train.jsonl")["train"]
    config = SFTConfig(
        output_dir=OUTPUT_DIR,
        per_device_train_batch_size=2,
        gradient_accumulation_steps=8,
        learning_rate=2e-4,
        max_seq_length=MAX_SEQ_LEN,
        fp16=True,
        fp16_full_eval=True,
        logging_steps=10,
        report_to="none",
    )
    log.info("training with bf16=True, flash_attention_2")
    SFTTrainer(model=model, args=config, train_dataset=dataset, tokenizer=tokenizer).train()


if __name__ == "__main__":
    main()
