window.__kexueIndex.put("doc/2.json",{"docs":[["archives/transformer-upgrade.html","Transformer升级之路：位置编码","2021-03-08",null,null,1]]});
