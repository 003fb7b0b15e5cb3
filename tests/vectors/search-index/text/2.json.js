window.__kexueIndex.put("text/2.json",{"sections":[["","","位置编码让Transformer知道顺序，梯度更稳，扩散模型也用它。"]]});
