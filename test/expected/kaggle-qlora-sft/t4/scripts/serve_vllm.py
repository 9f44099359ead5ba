from vllm import LLM, SamplingParams

llm = LLM(model="/kaggle/working/qwen-sft-merged", dtype="half", max_model_len=2048)
params = SamplingParams(temperature=0.0, max_tokens=128)
print(llm.generate(["Explain bfloat16 in one sentence."], params)[0].outputs[0].text)
