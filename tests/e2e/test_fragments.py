"""A lab's body is a fragment (views.page.body): in Chromium, moving one of its controls reruns
only the body, and the sidebar's share link, drawn outside it, still follows the move.

The browser's own websocket messages are read (each frame is one Streamlit ``ForwardMsg``), so
the test sees what the server ran, not only what the page shows.
"""

from __future__ import annotations

import time

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.e2e.conftest import chart_data, nudge_slider, open_page, wait_chart_change, wait_idle

pytestmark = pytest.mark.e2e

SLIDER = "Initial provisioned RCU"  # DynamoDB, step 10 from 1,000 (one key press: 1,010)


def _record(pg) -> list[ForwardMsg]:  # type: ignore[no-untyped-def]
    """Every ForwardMsg the page receives from now on, in order."""
    got: list[ForwardMsg] = []

    def on_ws(ws) -> None:  # type: ignore[no-untyped-def]
        def on_frame(payload: bytes | str) -> None:
            if isinstance(payload, bytes):
                msg = ForwardMsg()
                msg.ParseFromString(payload)
                got.append(msg)

        ws.on("framereceived", on_frame)

    pg.on("websocket", on_ws)
    return got


def _deltas(msgs: list[ForwardMsg]) -> list[ForwardMsg]:
    return [m for m in msgs if m.WhichOneof("type") == "delta"]


def test_a_slider_move_reruns_only_the_lab_body(page) -> None:  # type: ignore[no-untyped-def]
    msgs = _record(page)
    open_page(page, "/dynamodb", charts=4)
    first = _deltas(msgs)
    assert any(m.metadata.delta_path[0] == 1 for m in first), "the whole run draws the sidebar"
    assert any(m.delta.new_element.WhichOneof("type") == "heading" for m in first)
    before = chart_data(page)
    msgs.clear()
    nudge_slider(page, SLIDER, 1)
    wait_chart_change(page, before)
    assert "dynamodb.rcu=1010" in page.url
    finished = [m.script_finished for m in msgs if m.WhichOneof("type") == "script_finished"]
    assert finished[-1] == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY, finished
    assert ForwardMsg.FINISHED_SUCCESSFULLY not in finished, "the move reran the whole page"
    moved = _deltas(msgs)
    assert moved, "the fragment drew nothing"
    assert all(m.metadata.delta_path[0] == 0 for m in moved), "a fragment rerun drew into the sidebar"
    assert not [
        m
        for m in moved
        if m.delta.new_element.WhichOneof("type") == "heading" and "DynamoDB" in m.delta.new_element.heading.body
    ]
    assert {m.delta.fragment_id for m in moved} == {moved[0].delta.fragment_id} != {""}
    # the page is whole: title and sidebar still shown, and no error
    assert page.get_by_role("heading", name="DynamoDB capacity").count() == 1
    assert page.locator("[data-testid=stSidebar]").get_by_text("Rules edition").count() == 1
    assert page.locator("[data-testid=stException]").count() == 0


def test_the_share_link_follows_a_slider_move(page) -> None:  # type: ignore[no-untyped-def]
    msgs = _record(page)
    open_page(page, "/dynamodb", charts=4)
    page.locator("[data-testid=stSidebar] [data-testid=stExpander]").filter(has_text="Share this scenario").click()
    link = page.locator("[data-testid=stSidebar] [data-testid=stCode]")
    link.wait_for(timeout=30_000)
    wait_idle(page)  # the run that opened it has finished (a key press during a run can be lost)
    assert "dynamodb.rcu" not in link.inner_text()
    msgs.clear()
    nudge_slider(page, SLIDER, 1)
    deadline = time.monotonic() + 20
    while "dynamodb.rcu=1010" not in link.inner_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "dynamodb.rcu=1010" in link.inner_text()
    finished = [m.script_finished for m in msgs if m.WhichOneof("type") == "script_finished"]
    assert finished[-1] == ForwardMsg.FINISHED_SUCCESSFULLY, "with the share link open, a move reruns the whole page"
    assert ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY not in finished, finished
