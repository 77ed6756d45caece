"""SQLAlchemy models, one module per area; import them from here."""

from tracker.models.audit import *  # noqa: F403
from tracker.models.audit import __all__ as _audit
from tracker.models.columns import *  # noqa: F403
from tracker.models.columns import __all__ as _columns
from tracker.models.consultation import *  # noqa: F403
from tracker.models.consultation import __all__ as _consultation
from tracker.models.events import *  # noqa: F403
from tracker.models.events import __all__ as _events
from tracker.models.generation import *  # noqa: F403
from tracker.models.generation import __all__ as _generation
from tracker.models.library import *  # noqa: F403
from tracker.models.library import __all__ as _library
from tracker.models.meeting import *  # noqa: F403
from tracker.models.meeting import __all__ as _meeting
from tracker.models.messaging import *  # noqa: F403
from tracker.models.messaging import __all__ as _messaging
from tracker.models.notifications import *  # noqa: F403
from tracker.models.notifications import __all__ as _notifications
from tracker.models.people import *  # noqa: F403
from tracker.models.people import __all__ as _people
from tracker.models.silence import *  # noqa: F403
from tracker.models.silence import __all__ as _silence
from tracker.models.texts import *  # noqa: F403
from tracker.models.texts import __all__ as _texts

__all__ = [
    *_columns,
    *_people,
    *_texts,
    *_audit,
    *_consultation,
    *_notifications,
    *_silence,
    *_events,
    *_messaging,
    *_library,
    *_meeting,
    *_generation,
]
