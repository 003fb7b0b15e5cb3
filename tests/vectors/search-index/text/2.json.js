window.__kexueIndex.put("text/2.json",{"doc":["archives/transformer-upgrade.html","Transformer升级之路：位置编码","2021-03-08",null,null,1],"sections":[["","","位置编码让Transformer知道顺序，梯度更稳，扩散模型也用它。"]]});
