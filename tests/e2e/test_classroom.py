"""A class room end to end in real browsers: one instructor and three students, each in their own
browser context, on a server with its own SQLite file.

The instructor starts a room of a guided lesson (its answer is computed by the server from the
lesson, never in the instructor's session), the students join with the link, the instructor opens
the question and every student's page shows it with no reload; three answers arrive on the
instructor's chart; at the reveal every student's page shows the engine's answer beside the class's
answers and plays the lesson scenario's own chart, with the event-log lines and the course notes.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import ARTIFACTS, chart_data, choose, new_page, wait_chart_until, wait_idle
from tests.e2e.server import streamlit_server

pytestmark = pytest.mark.e2e
LESSON = "You lower WCU after a launch"  # views/dynamodb/lessons.yaml, lower-wcu
QUESTION = "how many WCU does each partition get?"
TRUTH = "True answer: 200 WCU per partition"  # 800 WCU over the 4 partitions the launch left
NOTES = "RCU and WCU will be equality allocated across partitions"
SHOTS = Path("/work/shots/classroom")
SEEN_WITHIN_S = 6.0  # polled every second; the budget is 2 s, the margin is for a loaded test machine


@pytest.fixture(scope="module")
def room_url(browser) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A server whose rooms live in a temp folder (not the checkout's data/)."""
    with tempfile.TemporaryDirectory(prefix="scalelab-rooms-") as tmp:
        old = os.environ.get("SCALELAB_DATA_DIR")
        os.environ["SCALELAB_DATA_DIR"] = tmp
        try:
            with streamlit_server() as url:
                yield url
        finally:
            if old is None:
                os.environ.pop("SCALELAB_DATA_DIR", None)
            else:
                os.environ["SCALELAB_DATA_DIR"] = old


def _page(browser, width: int = 1400, height: int = 1000):  # type: ignore[no-untyped-def]
    return new_page(browser, width, height, timeout_ms=45_000)


def _total(data: list[dict]) -> int:
    return int(sum(y for t in data for y in t["y"]))


def test_one_instructor_three_students(browser, room_url) -> None:  # type: ignore[no-untyped-def]
    contexts = []
    try:
        ctx, host = _page(browser)
        contexts.append(ctx)
        host.goto(room_url + "/classroom-host")
        wait_idle(host, 90)
        choose(host, host.locator("[data-testid=stSelectbox]").first, LESSON)
        host.get_by_role("button", name=re.compile("Start a class room")).click()
        host.wait_for_url(re.compile(r"key="))
        code = parse_qs(urlsplit(host.url).query)["room"][0]
        key = parse_qs(urlsplit(host.url).query)["key"][0]
        host.get_by_text(code, exact=True).first.wait_for()
        host.locator("[data-testid=stImage] img").first.wait_for()  # the QR code (drawn after the title)
        join = host.locator("[data-testid=stCode]").filter(has_text="/join?room=").first.inner_text().strip()
        assert join.endswith(f"/join?room={code}")

        students = []
        for i, answer in enumerate(("200", "250", "150")):
            ctx, pg = _page(browser, *((390, 844) if i < 2 else (1280, 720)))  # phones and a laptop
            contexts.append(ctx)
            pg.goto(join)  # the link the QR code holds
            wait_idle(pg, 60)
            pg.get_by_role("textbox", name="Nickname (optional)").fill(f"student {i}")
            pg.get_by_role("button", name="Join").click()
            pg.wait_for_url(re.compile(r"[?&]p="))
            pg.get_by_text("Waiting for your instructor").wait_for()
            assert pg.get_by_role("button", name=re.compile("Open")).count() == 0
            students.append((pg, answer))

        host.get_by_role("button", name=re.compile("Open")).click()
        t0 = time.monotonic()
        for pg, _ in students:
            pg.get_by_text(QUESTION).wait_for(timeout=SEEN_WITHIN_S * 1000 * 2)
        seen = time.monotonic() - t0
        assert seen <= SEEN_WITHIN_S * len(students), f"students saw the question after {seen:.1f} s"
        for pg, answer in students:
            box = pg.get_by_role("spinbutton", name=re.compile("Your answer"))
            box.fill(answer)
            pg.get_by_role("button", name="Send my answer").click()
            pg.get_by_text(f"Your answer: {answer}").wait_for()
        # a second answer replaces the first
        pg, _ = students[2]
        pg.get_by_role("spinbutton", name=re.compile("Your answer")).fill("100")
        pg.get_by_role("button", name="Change my answer").click()
        pg.get_by_text("Your answer: 100").wait_for()

        data = wait_chart_until(host, lambda d: _total(d) == 3, timeout_s=20)
        assert _total(data) == 3
        host.get_by_text("3 of 3 students answered").wait_for()

        for pg, _ in students:  # count the chart animations started from the first frame (Replay)
            pg.wait_for_function("() => !!window.Plotly", timeout=60_000)  # the bundle, warmed by the sidebar
            pg.evaluate(
                """() => { const animate = window.Plotly.animate; window.__replays = 0;
                    window.Plotly.animate = function (...args) {
                        if (args[1] === null) window.__replays += 1;
                        return animate.apply(this, args);
                    }; }"""
            )
        # Reveal is enabled once the server has run the lesson's step through its page (a child
        # process; the instructor never opened the lab page): wait for it, then press it.
        reveal = host.get_by_role("button", name=re.compile("Reveal"))
        host.wait_for_function(
            "() => [...document.querySelectorAll('button')].some(b => b.innerText.includes('Reveal') && !b.disabled)",
            timeout=600_000,
        )
        reveal.click()
        t0 = time.monotonic()
        host.get_by_text(TRUTH).first.wait_for(timeout=60_000)
        students[0][0].get_by_text(TRUTH).first.wait_for(timeout=60_000)
        print(f"the first student saw the true answer {time.monotonic() - t0:.1f} s after Reveal was pressed")
        for i, (pg, _) in enumerate(students):
            pg.get_by_text(TRUTH).first.wait_for(timeout=60_000)
            pg.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=60_000)
            assert _total(chart_data(pg, 0)) == 3  # the class's distribution
            assert chart_data(pg, 1)  # the lesson scenario's own chart beside it
            # it plays by itself: its frames are built and its Replay ran (Plotly.animate from the start)
            pg.wait_for_function(
                "() => window.__replays >= 1 && document.querySelectorAll('.js-plotly-plot')[1]._transitionData._frames.length > 1",
                timeout=30_000,
            )
            pg.get_by_text(NOTES).first.wait_for()  # the course notes
            pg.get_by_text("What the event log says").wait_for()
            assert pg.get_by_text("manual update").count() >= 1  # the explaining event-log lines
            if i == 0:
                assert pg.get_by_text("is right").count() == 1
            if i == 2:
                pg.get_by_text("(-100 WCU per partition)").first.wait_for()  # how far the answer was
        print(
            f"the three students' reveals (answer, chart playing, notes) all checked {time.monotonic() - t0:.1f} s after Reveal"
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        for pg, name in (
            (host, "instructor"),
            (students[0][0], "student-390x844"),
            (students[2][0], "student-1280x720"),
        ):
            pg.screenshot(path=str(SHOTS / f"{name}-after-reveal.png"))
            pg.locator(".js-plotly-plot").nth(1).scroll_into_view_if_needed()  # the scenario's chart
            pg.wait_for_timeout(400)
            pg.screenshot(path=str(SHOTS / f"{name}-after-reveal-scene.png"))
            pg.get_by_text(NOTES).first.scroll_into_view_if_needed()  # the event-log lines and the notes
            pg.wait_for_timeout(400)
            pg.screenshot(path=str(SHOTS / f"{name}-after-reveal-notes.png"))
        for pg, _ in students:
            assert pg.console.errors == [] and pg.console.external == []

        # A student's id is no instructor key.
        pg, _ = students[0]
        pid = parse_qs(urlsplit(pg.url).query)["p"][0]
        pg.goto(f"{room_url}/classroom-host?room={code}&key={pid}")
        pg.get_by_text("does not carry the instructor's key").wait_for()
        assert pg.get_by_role("button", name=re.compile("Reveal")).count() == 0
        assert key not in pg.content()
        assert host.console.errors == []
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        for i, ctx in enumerate(contexts):
            for j, pg in enumerate(ctx.pages):
                pg.screenshot(path=str(ARTIFACTS / f"classroom-{i}-{j}.png"), full_page=True)
        raise
    finally:
        for ctx in contexts:
            ctx.close()
