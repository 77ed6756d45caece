"""SQLAlchemy models, one module per area; import them from here."""

from tracker.models.audit import *  # noqa: F403
from tracker.models.audit import __all__ as _audit
from tracker.models.columns import *  # noqa: F403
from tracker.models.columns import __all__ as _columns
from tracker.models.consultation import *  # noqa: F403
from tracker.models.consultation import __all__ as _consultation
from tracker.models.engagement import *  # noqa: F403
from tracker.models.engagement import __all__ as _engagement
from tracker.models.library import *  # noqa: F403
from tracker.models.library import __all__ as _library
from tracker.models.messaging import *  # noqa: F403
from tracker.models.messaging import __all__ as _messaging
from tracker.models.people import *  # noqa: F403
from tracker.models.people import __all__ as _people
from tracker.models.texts import *  # noqa: F403
from tracker.models.texts import __all__ as _texts

__all__ = [
    *_columns,
    *_people,
    *_texts,
    *_audit,
    *_consultation,
    *_engagement,
    *_messaging,
    *_library,
]
