"""Live class rooms: an instructor opens a lesson's questions, students answer on their own devices.

Storage (:mod:`classroom.db`, :mod:`classroom.models`, the alembic scripts in ``migrations/``) and
the room service (:mod:`classroom.service`) hold no Streamlit code; the pages live in
``app_pages/classroom_*.py`` and their drawing code in ``views/classroom/``.
"""

from classroom.db import database_url, get_engine
from classroom.service import (
    BadAnswer,
    NotAllowed,
    QuestionSpec,
    RoomGone,
    RoomService,
    Snapshot,
    Tally,
    normalise_code,
)

__all__ = [
    "BadAnswer",
    "NotAllowed",
    "QuestionSpec",
    "RoomGone",
    "RoomService",
    "Snapshot",
    "Tally",
    "database_url",
    "get_engine",
    "normalise_code",
]
