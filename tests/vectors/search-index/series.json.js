window.__kexueIndex.put("series.json",{"docs":{"扩散模型漫谈":[1]}});
