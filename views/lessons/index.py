"""The list of guided lessons, lab by lab, with a link to each (drawn on the home page)."""

from __future__ import annotations

import streamlit as st

from views import lessons
from views.catalog import LABS

__all__ = ["lessons_index"]


def lessons_index() -> None:
    """Every lesson under its lab: its link, its question's topic and the course-notes words it shows."""
    found = lessons.all_lessons()
    st.header("Guided lessons")
    st.caption(
        f"{len(found)} lessons: each sets up a scenario, asks you to predict, plays it and shows the true "
        "answer computed from the run, the event-log lines that explain it and the course-notes statement."
    )
    for problem in lessons.load_errors():
        st.warning(problem, icon=":material/warning:")
    for lab in dict.fromkeys(p.lab for p in LABS):
        mine = lessons.for_lab(lab)
        if not mine:
            continue
        first = next(p for p in LABS if p.lab == lab)
        title = "EC2 Auto Scaling" if lab == "autoscaling" else first.title  # that lab has three pages
        with st.expander(f"{first.icon} **{title}** — {len(mine)} lesson(s)"):
            for lesson in mine:
                page = next(p for p in LABS if p.prefix == lesson.page)
                st.page_link(
                    page.file, label=lesson.title, icon=":material/school:", query_params={"lesson": lesson.id}
                )
                st.caption(f"“{lesson.notes}” — the course notes · link: `{lesson.link()}`")
