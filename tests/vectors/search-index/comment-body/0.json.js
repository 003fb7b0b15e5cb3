window.__kexueIndex.put("comment-body/0.json",{"terms":{}});
