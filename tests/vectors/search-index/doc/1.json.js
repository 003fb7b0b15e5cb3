window.__kexueIndex.put("doc/1.json",{"docs":[["archives/diffusion-1.html","扩散模型漫谈（一）：直观理解","2022-06-13","扩散模型漫谈",1,0]]});
