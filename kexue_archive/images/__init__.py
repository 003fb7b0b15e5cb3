"""The blog's images kept beside the archive: where a copy lives, and how to fetch it.

``layout`` is the one URL -> file rule that both ``scripts/fetch_images.py`` (writing) and the
``archived_images`` Pelican plugin (reading) follow; ``references`` finds the images a post
uses; ``fetch`` downloads them politely.
"""
