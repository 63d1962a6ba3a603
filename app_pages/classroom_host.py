"""Class room, instructor's screen: start a room for a lesson, show the join code and QR code,
open each question, watch the answers arrive, reveal the engine's answer."""

from __future__ import annotations

import streamlit as st

from views import page
from views.classroom.host import pick_lesson, room_screen
from views.controls import keep_params


def main() -> None:
    """Draw the page."""
    keep_params("room", "lesson", secret=("key",))
    page.lesson(
        "Class room",
        "Put a lesson's questions to the whole class: students join on their own devices with the code, "
        "answer, and see the engine's answer beside the class's when you reveal it. Answers hold no "
        "personal data; a room and everything in it is deleted after 24 hours.",
        icon=":material/school:",
    )
    code, key = st.query_params.get("room", ""), st.query_params.get("key", "")
    if code:
        room_screen(code, key)
    else:
        pick_lesson()


main()
