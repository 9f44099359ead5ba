import type { ModelConfig } from "./parameters.js";

/**
 * Parameter counts of well-known models whose ids do not carry their size (or carry a misleading one, like
 * Mixtral's "8x7B"), from the model cards. Keys are lowercase; the longest key contained in an id wins.
 */
export const KNOWN_PARAMETER_COUNTS: ReadonlyMap<string, number> = new Map([
  ["gpt2-xl", 1.56e9],
  ["gpt2-large", 774e6],
  ["gpt2-medium", 355e6],
  ["distilgpt2", 82e6],
  ["gpt2", 124e6],
  ["bert-large", 340e6],
  ["bert-base", 110e6],
  ["distilbert", 66e6],
  ["roberta-large", 355e6],
  ["roberta-base", 125e6],
  ["deberta-v3-large", 435e6],
  ["deberta-v3-base", 184e6],
  ["deberta-v3-small", 141e6],
  ["t5-small", 60e6],
  ["t5-base", 220e6],
  ["t5-large", 770e6],
  ["flan-t5-xl", 2.85e9],
  ["flan-t5-xxl", 11.3e9],
  ["phi-1_5", 1.42e9],
  ["phi-2", 2.78e9],
  ["mixtral-8x7b", 46.7e9],
  ["mixtral-8x22b", 141e9],
  ["whisper-large", 1.55e9],
  ["whisper-medium", 769e6],
  ["whisper-small", 244e6],
  // CLIP image-text models: OpenAI's ids carry no size, and OpenCLIP's carry the training samples seen
  // ("laion2B-39B-b160k": 39B samples), which the size in the name would misread (model cards, OpenCLIP's table).
  ["clip-vit-base-patch32", 151e6],
  ["clip-vit-base-patch16", 150e6],
  ["clip-vit-large-patch14", 428e6],
  ["clip-vit-l-14", 428e6],
  ["clip-vit-h-14", 986e6],
  ["clip-vit-g-14", 1.37e9],
  ["clip-vit-bigg-14", 2.54e9],
  // Diffusion pipelines, whole (a pipeline load puts every component on the GPU): UNet or transformer, text
  // encoders and VAE, summed from the components' model cards. SD 1.x: 860M + 123M + 84M; SD 2.x: 865M + 354M +
  // 84M; SDXL: 2.6B + 123M + 695M + 84M; FLUX.1: 12B + T5-XXL 4.7B + 123M + 84M.
  ["stable-diffusion-v1-4", 1.07e9],
  ["stable-diffusion-v1-5", 1.07e9],
  ["stable-diffusion-2", 1.3e9],
  ["stable-diffusion-xl", 3.5e9],
  // SD3: MMDiT (2B medium, 2.5B 3.5-medium, 8.1B 3.5-large) + CLIP-L, CLIP-G and T5-XXL (5.6B together) + VAE.
  ["stable-diffusion-3-medium", 7.7e9],
  ["stable-diffusion-3.5-medium", 8.2e9],
  ["stable-diffusion-3.5-large", 13.8e9],
  ["sdxl-turbo", 3.5e9],
  ["flux.1-dev", 16.9e9],
  ["flux.1-schnell", 16.9e9],
]);

type Shape = Pick<ModelConfig, "hidden_size" | "num_hidden_layers" | "intermediate_size" | "vocab_size" | "num_attention_heads" | "num_key_value_heads" | "tie_word_embeddings">;

const shape = (h: number, layers: number, intermediate: number, vocab: number, heads: number, kvHeads: number, tied = false): Shape => ({
  hidden_size: h,
  num_hidden_layers: layers,
  intermediate_size: intermediate,
  vocab_size: vocab,
  num_attention_heads: heads,
  num_key_value_heads: kvHeads,
  tie_word_embeddings: tied,
});

/**
 * The config.json shapes of common fine-tuning bases (Hugging Face Hub), for the memory estimate when the repo has no
 * config.json: hidden size, layers, MLP width, vocabulary, attention and KV heads, tied embeddings. Matched as the
 * parameter table is: the longest key contained in the id's name.
 */
export const KNOWN_SHAPES: ReadonlyMap<string, Shape> = new Map([
  ["llama-2-7b", shape(4096, 32, 11008, 32000, 32, 32)],
  ["llama-2-13b", shape(5120, 40, 13824, 32000, 40, 40)],
  ["llama-2-70b", shape(8192, 80, 28672, 32000, 64, 8)],
  ["mistral-7b", shape(4096, 32, 14336, 32000, 32, 8)],
  ["llama-3-8b", shape(4096, 32, 14336, 128256, 32, 8)],
  ["llama-3.1-8b", shape(4096, 32, 14336, 128256, 32, 8)],
  ["llama-3-70b", shape(8192, 80, 28672, 128256, 64, 8)],
  ["llama-3.1-70b", shape(8192, 80, 28672, 128256, 64, 8)],
  ["llama-3.3-70b", shape(8192, 80, 28672, 128256, 64, 8)],
  ["llama-3.2-1b", shape(2048, 16, 8192, 128256, 32, 8, true)],
  ["llama-3.2-3b", shape(3072, 28, 8192, 128256, 24, 8, true)],
  ["qwen2.5-0.5b", shape(896, 24, 4864, 151936, 14, 2, true)],
  ["qwen2.5-1.5b", shape(1536, 28, 8960, 151936, 12, 2, true)],
  ["qwen2.5-3b", shape(2048, 36, 11008, 151936, 16, 2, true)],
  ["qwen2.5-7b", shape(3584, 28, 18944, 152064, 28, 4)],
  ["qwen2.5-14b", shape(5120, 48, 13824, 152064, 40, 8)],
  ["tinyllama-1.1b", shape(2048, 22, 5632, 32000, 32, 4)],
  ["gemma-2b", shape(2048, 18, 16384, 256000, 8, 1, true)],
  ["gemma-7b", shape(3072, 28, 24576, 256000, 16, 16, true)],
  ["phi-2", shape(2560, 32, 10240, 51200, 32, 32)],
  ["gpt2", shape(768, 12, 3072, 50257, 12, 12, true)],
]);
