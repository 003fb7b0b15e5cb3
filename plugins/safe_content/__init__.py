"""Keep script, off-site requests and page ids out of content HTML and TeX (README.md)."""

from .html_guard import DEFAULT_POLICY, HtmlPolicy, guard_html
from .safe_content import DEFAULTS, guard_content, policy_for, register
from .tex_policy import neutralise_tex

__all__ = [
    "DEFAULTS",
    "DEFAULT_POLICY",
    "HtmlPolicy",
    "guard_content",
    "guard_html",
    "neutralise_tex",
    "policy_for",
    "register",
]
