"""The room service for this server process, the room's links, and the start button.

Links: the instructor's ``/classroom-host?room=CODE&key=SECRET`` (the secret travels only there)
and the students' ``/join?room=CODE`` (the join page; ``&p=ID`` is added when a student joins,
so a reload keeps them in the room).
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from classroom import RoomService, get_engine

__all__ = [
    "HOST_PAGE",
    "JOIN_PAGE",
    "POLL_S",
    "host_link",
    "join_link",
    "origin",
    "service",
    "start_button",
    "start_room",
]

HOST_PAGE = "app_pages/classroom_host.py"
JOIN_PAGE = "app_pages/classroom_join.py"
JOIN_PATH = "join"  # the short alias of the join page (views/catalog.py)
POLL_S = 1.0  # how often an open page asks the database for news


@st.cache_resource(show_spinner=False)
def service() -> RoomService:
    """One room service per server process, on the database of ``SCALELAB_DATABASE_URL`` (or
    the SQLite file), migrated on first use."""
    return RoomService(get_engine())


def origin() -> str:
    """``scheme://host[:port]`` of the address this page was opened at."""
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def join_link(code: str) -> str:
    """The address students open (or scan) to join room ``code``."""
    return f"{origin()}/{JOIN_PATH}?{urlencode({'room': code})}"


def host_link(code: str, key: str) -> str:
    """The instructor's address for room ``code``: it carries the secret; do not project it."""
    return f"{origin()}/classroom-host?{urlencode({'room': code, 'key': key})}"


def start_room(lesson_id: str) -> tuple[str, str]:
    """A new room for ``lesson_id`` (a snapshot of its questions): ``(code, secret)``."""
    from views.classroom.lessons import room_lessons

    return service().create_room(lesson_id, room_lessons()[lesson_id].questions)


_STARTED = "classroom.started"


def _start(lesson_id: str) -> None:
    """The start button's callback (a callback, so a page that reruns itself cannot lose the
    press): the new room waits in the session for the switch to its screen."""
    st.session_state[_STARTED] = start_room(lesson_id)


def start_button(lesson_id: str, *, where: object = None) -> None:
    """A "Start a class room" button for a lesson panel: it opens the instructor's screen of a
    new room running ``lesson_id``."""
    from views.classroom.lessons import room_lessons

    if started := st.session_state.pop(_STARTED, None):
        st.switch_page(HOST_PAGE, query_params={"room": started[0], "key": started[1]})
    box = where or st
    if lesson_id in room_lessons():
        box.button(
            ":material/school: Start a class room",
            key=f"classroom.start.{lesson_id}",
            help="Students answer on their phones.",
            on_click=_start,
            args=(lesson_id,),
        )


def lesson_hook(lesson_id: str) -> None:
    """The lesson panel's class-room line: "back to the class room" when the instructor came from
    a room's screen (the address carries ``room`` and ``key``), else the button that starts a room."""
    from views.controls import keep_params

    code, key = st.query_params.get("room"), st.query_params.get("key")
    if code and key:
        keep_params("room", secret=("key",))
        st.page_link(
            HOST_PAGE, label=f":material/school: Back to class room {code}", query_params={"room": code, "key": key}
        )
    else:
        start_button(lesson_id)
