"""SQLAlchemy models, one module per area; import them from here."""

from tracker.models.consultation import *  # noqa: F403
from tracker.models.consultation import __all__ as _consultation
from tracker.models.core import *  # noqa: F403
from tracker.models.core import __all__ as _core
from tracker.models.engagement import *  # noqa: F403
from tracker.models.engagement import __all__ as _engagement
from tracker.models.library import *  # noqa: F403
from tracker.models.library import __all__ as _library
from tracker.models.meeting import *  # noqa: F403
from tracker.models.meeting import __all__ as _meeting
from tracker.models.messaging import *  # noqa: F403
from tracker.models.messaging import __all__ as _messaging

__all__ = [*_core, *_consultation, *_engagement, *_messaging, *_library, *_meeting]
