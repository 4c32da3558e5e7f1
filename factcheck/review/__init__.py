"""The terminal reviewer (``factcheck review``)."""

from .app import ReviewApp, make_app

__all__ = ["ReviewApp", "make_app"]
