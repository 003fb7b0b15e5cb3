window.__kexueIndex.put("comment-body/1.json",{"terms":{}});
