"""Turn saved 科学空间 listing pages into a Pelican archive (ingest stage)."""
