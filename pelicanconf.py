"""Pelican settings for the kexue-archive site (development build).

``publishconf.py`` imports this and changes only what deployment needs.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

AUTHOR = "苏剑林"
SITENAME = "科学空间 · 存档"
SITEURL = ""
RELATIVE_URLS = True
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
THEME = str(ROOT / "theme")

PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["vendor_assets"]

# Browser assets come from npm at build time (see plugins/vendor_assets).
VENDOR_NODE_MODULES = str(ROOT / "node_modules")
VENDOR_ASSETS: dict[str, str] = {}
