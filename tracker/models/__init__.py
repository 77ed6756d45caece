"""SQLAlchemy models, one module per area; import them from here."""

from tracker.models.consultation import *  # noqa: F403
from tracker.models.consultation import __all__ as _consultation
from tracker.models.core import *  # noqa: F403
from tracker.models.core import __all__ as _core

__all__ = list(_core) + list(_consultation)
