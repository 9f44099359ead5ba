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
