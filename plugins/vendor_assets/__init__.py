"""Copy browser assets installed by npm into the built site (see README.md)."""

from .vendor_assets import register

__all__ = ["register"]
