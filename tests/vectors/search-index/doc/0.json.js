window.__kexueIndex.put("doc/0.json",{"docs":[["archives/muon.html","谱范数与Muon优化器","2023-02-28",null,null,0]]});
