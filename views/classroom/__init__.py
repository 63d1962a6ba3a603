"""The class-room pages' drawing code: the instructor's screen (:mod:`.host`), the student's
(:mod:`.student`), the join QR code, the live answer chart, the lesson scenario a reveal plays.

:func:`start_button` is the one call a lesson panel makes to offer "Start a class room".
"""

from views.classroom.links import start_button

__all__ = ["start_button"]
