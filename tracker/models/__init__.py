"""SQLAlchemy models, one module per area; import them from here."""

from tracker.models.core import *  # noqa: F403
from tracker.models.core import __all__ as _core

__all__ = list(_core)
