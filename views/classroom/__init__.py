"""The class-room pages' drawing code: the instructor's screen (:mod:`.host`), the student's
(:mod:`.student`), the join QR code, the live answer chart, the answers the server computes
from the lessons and the scene a reveal plays.

:func:`lesson_hook` is the one call the lesson panel makes: "Start a class room", or the way
back to the room the instructor came from.
"""

from views.classroom.links import lesson_hook, start_button

__all__ = ["lesson_hook", "start_button"]
