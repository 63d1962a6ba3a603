"""The instructor's screen: the join code, link and QR code; the question, its live answers and
the Open / Close / Reveal / Next controls (which need the room's secret)."""

from __future__ import annotations

import streamlit as st

from classroom import BadAnswer, NotAllowed, RoomGone
from views.classroom import answers, reveal
from views.classroom.lessons import lab_page, room_lessons
from views.classroom.links import POLL_S, host_link, join_link, service, start_room
from views.classroom.qr import qr_png
from views.classroom.tally import tally_figure
from views.page import chart

__all__ = ["pick_lesson", "room_screen"]

STATE_LABELS = {
    "pending": "not open yet",
    "open": ":material/radio_button_checked: open: answers arriving",
    "closed": ":material/stop_circle: closed",
    "revealed": ":material/check_circle: revealed",
}


def pick_lesson() -> None:
    """No room yet: choose a lesson and start one."""
    found = room_lessons()
    if not found:
        st.info("No lesson with questions is installed on this server yet.")
        return
    ids = list(found)
    asked = st.query_params.get("lesson", "")
    if asked and asked not in found:
        st.warning(
            f"URL parameter `lesson={asked[:40]}` is no lesson a room can run; pick one below.",
            icon=":material/warning:",
        )
    choice = st.selectbox(
        "Lesson",
        ids,
        index=ids.index(asked) if asked in found else 0,
        format_func=lambda i: f"{found[i].title} ({len(found[i].questions)} questions)",
    )
    st.caption(f"Course notes: “{found[choice].note}”" if found[choice].note else "")
    if st.button(":material/school: Start a class room", type="primary"):
        code, key = start_room(choice)
        st.query_params.update({"room": code, "key": key})
        st.rerun()


def _join_panel(code: str) -> None:
    link = join_link(code)
    st.markdown("Join at the address below or scan the code. No account needed.")
    st.title(code, anchor=False)  # the join code, large enough to read from the back of a room
    st.code(link, language=None, wrap_lines=True)
    st.image(qr_png(link), width=420, caption=f"Scan to join room {code}")


_PROBLEM = "classroom.host.problem"


def _act(action: str, code: str, key: str, step: int) -> None:
    """A control's callback (run before the rerun it causes, so the screen shows its effect at
    once); a refusal is kept for the screen to show."""
    svc = service()
    try:
        if action == "open":
            svc.open_question(code, key, step)
        elif action == "close":
            svc.close_question(code, key, step)
        elif action == "reveal":
            svc.reveal(code, key, step)  # the answer the server computed from the lesson
        elif action == "next":
            svc.next_question(code, key)
    except (BadAnswer, NotAllowed, LookupError, ValueError) as exc:
        st.session_state[_PROBLEM] = str(exc)


@st.fragment(run_every=POLL_S)
def _live(code: str, key: str) -> None:
    """The question and its answers, refreshed from the database every second."""
    try:
        snap = service().snapshot(code)
    except RoomGone as exc:
        st.warning(f"{exc}. Start a new room from the lesson.", icon=":material/timer_off:")
        return
    if problem := st.session_state.pop(_PROBLEM, None):
        st.warning(problem, icon=":material/warning:")
    q = snap.question
    if not snap.computed:
        answers.ensure(service(), code, key, snap.lesson_id, snap.step)
    if snap.step + 1 < snap.steps:
        answers.ensure(service(), code, key, snap.lesson_id, snap.step + 1)  # ready before it is asked
    st.subheader(f"Question {snap.step + 1} of {snap.steps}")
    st.markdown(f"### {q.text}")
    if q.kind == "number":
        tol = f" (within ±{q.tolerance:g} counts as right)" if q.tolerance else ""
        st.caption(f"Answer: a number{f' in {q.unit}' if q.unit else ''}{tol}.")
    st.markdown(
        f"**{STATE_LABELS[snap.state]}** · **{snap.tally.total}** of {snap.participants} "
        f"student{'s' if snap.participants != 1 else ''} answered"
    )
    cols = st.columns(4)
    last = snap.step + 1 >= snap.steps
    buttons = (
        (":material/play_arrow: Open", "open", snap.state in ("open", "revealed")),
        (":material/stop_circle: Close", "close", snap.state != "open"),
        (
            ":material/lightbulb: Reveal",
            "reveal",
            snap.state in ("pending", "revealed") or not snap.computed,
        ),
        (":material/skip_next: Next", "next", last or snap.state != "revealed"),
    )
    for col, (label, action, off) in zip(cols, buttons, strict=True):
        col.button(
            label,
            disabled=off,
            type="primary" if not off and action in ("open", "reveal") else "secondary",
            key=f"classroom.{action}",
            on_click=_act,
            args=(action, code, key, snap.step),
        )
    if snap.state != "revealed" and not snap.computed:
        failed = answers.problem(snap.lesson_id, snap.step)
        if failed:
            st.warning(f"The answer could not be computed: {failed}", icon=":material/warning:")
        else:
            st.caption(
                ":material/hourglass_top: The server is running the lesson's scenario to compute the answer; "
                "Reveal is ready when it is."
            )
    lab = lab_page(snap.lesson_id, snap.step, room=code, key=key)
    if lab is not None:
        st.page_link(
            lab[0],
            label=f"Show question {snap.step + 1} on its lab page",
            icon=":material/science:",
            query_params=lab[1],
        )
    chart(tally_figure(snap, height=420), "classroom.host.tally")
    if snap.state == "revealed":
        st.success(f"True answer: **{snap.true_answer}{(' ' + q.unit) if q.unit else ''}**, computed by the engine.")
        found = reveal.scene(code, snap.step)
        if found is not None:
            reveal.draw(found, key="classroom.host.play", play=f"{code}.{snap.step}")


def room_screen(code: str, key: str) -> None:
    """The instructor's screen of room ``code``; a wrong or missing key gets a notice instead."""
    svc = service()
    try:
        known = svc.is_instructor(code, key)
    except RoomGone as exc:
        st.warning(f"{exc}. Start a new one below.", icon=":material/timer_off:")
        st.query_params.pop("room", None)
        st.query_params.pop("key", None)
        pick_lesson()
        return
    if not known:
        st.warning(
            "This link does not carry the instructor's key for this room, so it cannot open, close or "
            "reveal questions. Students join here instead:",
            icon=":material/lock:",
        )
        st.page_link("app_pages/classroom_join.py", label=f"Join room {code}", query_params={"room": code})
        return
    left, right = st.columns([1, 1.6], gap="large")
    with left:
        _join_panel(code)
        with st.expander(":material/key: Your instructor link (keep it to yourself)"):
            st.code(host_link(code, key), language=None, wrap_lines=True)
            st.caption("Anyone with this link can open, close and reveal questions. Rooms last 24 hours.")
    with right:
        _live(code, key)
