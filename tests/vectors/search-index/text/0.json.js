window.__kexueIndex.put("text/0.json",{"sections":[["","","Muon optimizer: a translation of the spectral norm idea into an update rule, with Newton-Schulz iterations."]]});
