"""Class room, student's screen: join with the code, answer the open question, see the reveal."""

from __future__ import annotations

import streamlit as st

from views import page
from views.classroom.student import join_form, student_screen
from views.controls import keep_params


def main() -> None:
    """Draw the page."""
    keep_params("room", secret=("p",))
    page.lesson(
        "Join a class", "Type the code on your instructor's screen. No account needed.", icon=":material/front_hand:"
    )
    code, pid = st.query_params.get("room", ""), st.query_params.get("p", "")
    if code and pid:
        student_screen(code, pid)
    else:
        join_form(code)


main()
