"""A class in one room: 40 students join, answer one question, and watch the reveal.

Protocol-level clients (the websocket protocol of benchmarks/load.py, spoken as the browser
speaks it): the instructor opens ``/classroom-host`` and presses *Start a class room*; every
student opens the join link, types a nickname and presses *Join*, then keeps the page's live
fragment polling as the browser does (a fragment rerun every second). The instructor presses
*Open*; each student answers as soon as the question appears; the instructor's page polls until its
chart shows every answer; then *Reveal*, and the time until every student's page shows the true
answer is measured. Loopback only; every wait is bounded.

    python benchmarks/room.py --start                 # a server of its own, rooms in a temp SQLite file
    python benchmarks/room.py --start --postgres      # the same on a throw-away PostgreSQL server
    python benchmarks/room.py --url http://127.0.0.1:8501 --students 40
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from benchmarks.load import DONE, Learner, cpu_s, wait_quiet  # noqa: E402

BUDGET_S = 10.0  # issue 14: 40 students join and answer one question within 10 s
POLL_S = 1.0  # the pages' fragment interval (views.classroom.links.POLL_S)
REVEALED = "True answer:"
LESSON = "lambda-concurrency"  # a room lesson whose reveal computes its answer on the server


@dataclass
class Client(Learner):
    """One browser tab of the class-room pages: widgets found by label, the live fragment polled."""

    labels: dict[str, tuple[str, object, str]] = field(default_factory=dict)  # label -> (kind, element, id)
    fragments: set[str] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)  # markdown and alerts drawn, newest last
    chart_total: int | None = None  # answers on the last answer chart drawn
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def _read(self, fm: ForwardMsg) -> int | None:
        kind = fm.WhichOneof("type")
        if kind == "auto_rerun":
            self.fragments.add(fm.auto_rerun.fragment_id)
        elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            el = fm.delta.new_element
            ek = el.WhichOneof("type")
            if ek in ("button", "text_input", "number_input", "radio"):
                sub = getattr(el, ek)
                self.labels[sub.label] = (ek, sub, sub.id)
            elif ek == "markdown":
                self.texts.append(el.markdown.body)
            elif ek == "alert":
                self.texts.append(el.alert.body)
            elif ek == "bidi_component" and el.bidi_component.bytes:
                from views.plotly_chart import decode_payload

                with_data = decode_payload(el.bidi_component.bytes).get("figure", {}).get("data", [])
                if with_data and "answers" in {t.get("name") for t in with_data}:
                    self.chart_total = int(sum(sum(t.get("y") or []) for t in with_data))
        return super()._read(fm)

    def state(self, fragment: str = "", widgets: list[WidgetState] | None = None) -> BackMsg:
        """A rerun as the frontend sends it (no cached-message hashes: every element comes whole)."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.qs
        cs.page_script_hash = self.page_hash
        cs.context_info.timezone = "UTC"
        cs.context_info.url = f"{self.base}{self.path}?{self.qs}"
        if fragment:
            cs.fragment_id = fragment
            cs.is_auto_rerun = True
        cs.widget_states.widgets.extend(widgets or [])
        return msg

    async def go(self, msg: BackMsg, timeout_s: float = 60.0) -> None:
        """Send one rerun and wait for its finish (one run at a time per tab)."""
        async with self.lock:
            while not self._finished.empty():
                self._finished.get_nowait()
            await self.ws.send(msg.SerializeToString())
            deadline = time.perf_counter() + timeout_s
            while True:
                left = deadline - time.perf_counter()
                if left <= 0 or self._reader_task.done():
                    raise TimeoutError(f"{self.path}: no script_finished")
                try:
                    status = await asyncio.wait_for(self._finished.get(), min(left, 1.0))
                except TimeoutError:
                    continue
                if status in DONE:
                    return

    def widget(self, label_start: str) -> tuple[str, object, str]:
        for label, found in self.labels.items():
            if label.startswith(label_start) or label_start in label:
                return found
        raise KeyError(f"no widget labelled {label_start!r} on {self.path} (have {', '.join(self.labels)})")

    async def press(self, label: str, **values: WidgetState) -> None:
        """Press a button (a form's submit button sends the form's fields with it)."""
        _, _, wid = self.widget(label)
        await self.go(self.state(widgets=[WidgetState(id=wid, trigger_value=True), *values.values()]))
        await asyncio.sleep(0.05)  # the page's own st.rerun() after the callback
        while not self._finished.empty():
            await asyncio.sleep(0.05)

    async def poll(self) -> None:
        """One tick of the live fragment (what ``run_every`` makes the browser send)."""
        for fid in list(self.fragments):
            await self.go(self.state(fragment=fid))


def text_state(client: Client, label: str, value: str) -> WidgetState:
    _, _, wid = client.widget(label)
    return WidgetState(id=wid, string_value=value)


async def poll_until(client: Client, done, timeout_s: float, seen: dict | None = None) -> float | None:  # type: ignore[no-untyped-def]
    """Poll every POLL_S until ``done(client)``; the time it first held (perf_counter), or None."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if done(client):
            return time.perf_counter()
        await asyncio.sleep(POLL_S)
        client.texts.clear()
        try:
            await client.poll()
        except Exception as err:  # a lost tab is counted, not fatal
            client.errors.append(f"{type(err).__name__}: {err}"[:160])
            return None
    return None


async def student(base: str, code: str, i: int, opened: asyncio.Event, value: float, out: dict) -> None:
    """Join, wait for the question, answer at once, wait for the reveal."""
    c = Client(base, "/classroom-join", f"room={code}", None)
    out["client"] = c
    await c.open()
    await c.go(c._client_state(first=True))
    await c.press("Join", code=text_state(c, "Room code", code), nick=text_state(c, "Nickname", f"student {i}"))
    if "p" not in parse_qs(c.qs):
        raise RuntimeError(f"student {i} did not join (query {c.qs!r})")
    out["joined"] = time.perf_counter()
    await opened.wait()
    if await poll_until(c, lambda x: any("Your answer" in lbl for lbl in x.labels), 15.0) is None:
        raise RuntimeError(f"student {i} never saw the question")
    out["saw"] = time.perf_counter()
    _, _, wid = c.widget("Your answer")
    await c.press("Send my answer", v=WidgetState(id=wid, double_value=value))
    c.texts.clear()
    await c.poll()
    if not any(f"Your answer: **{value:g}**" in t for t in c.texts):
        raise RuntimeError(f"student {i}: the answer was not confirmed")
    out["answered"] = time.perf_counter()
    out["revealed"] = await poll_until(c, lambda x: any(REVEALED in t for t in x.texts), 60.0)


async def run(base: str, n: int, db_url: str | None, pid: int | None = None) -> int:
    host = Client(base, "/classroom-host", f"lesson={LESSON}", None)
    await host.open()
    await host.go(host._client_state(first=True))
    await host.press("Start a class room")
    q = parse_qs(host.qs)
    code = q["room"][0]
    if not q.get("key"):
        raise RuntimeError("the instructor's address carries no key")
    print(f"room {code} on {base}; {n} students")
    cpu = (lambda: cpu_s(pid)) if pid else (lambda: float("nan"))
    opened = asyncio.Event()
    c0 = cpu()
    outs: list[dict] = [{} for _ in range(n)]
    answers = [900.0 + 10 * (i % 21) for i in range(n)]  # spread around the true 1,000
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(student(base, code, i, opened, answers[i], outs[i])) for i in range(n)]
    # the instructor opens the question once everyone has joined (bounded)
    join_deadline = time.perf_counter() + BUDGET_S * 3
    while sum("joined" in o for o in outs) < n and time.perf_counter() < join_deadline:
        if all(t.done() for t in tasks):
            break
        await asyncio.sleep(0.1)
    joined_s = time.perf_counter() - t0
    c_join = cpu() - c0
    await host.poll()
    await host.press("Open")
    t_open = time.perf_counter()
    opened.set()
    shown = await poll_until(host, lambda h: h.chart_total == n, BUDGET_S * 3)
    chart = host.chart_total
    await host.poll()  # the chart as the instructor sees it now
    line = next((t for t in host.texts if "students answered" in t), "")
    c_answer = cpu() - c0 - c_join
    # Reveal is enabled once the server has computed the answer from the lesson (in the background)
    ready = await poll_until(host, lambda h: not h.widget("Reveal")[1].disabled, 600.0)
    if ready is None:
        raise RuntimeError("the answer was not computed: Reveal stayed disabled")
    t_reveal = time.perf_counter()
    await host.press("Reveal")
    host_reveal = time.perf_counter() - t_reveal
    results = await asyncio.gather(*tasks, return_exceptions=True)
    failures = [r for r in results if isinstance(r, Exception)]
    t_all = max((o["answered"] for o in outs if "answered" in o), default=float("nan"))
    reveal = [o["revealed"] - t_reveal for o in outs if o.get("revealed")]
    seen = [o["saw"] - t_open for o in outs if "saw" in o]
    counted = None
    if db_url:
        from classroom import RoomService
        from classroom.db import open_engine

        eng = open_engine(db_url)
        counted = RoomService(eng).snapshot(code, step=0).tally.total
        eng.dispose()
    answered = sum("answered" in o for o in outs)
    print(f"joined: {sum('joined' in o for o in outs)}/{n} in {joined_s:.1f} s")
    if seen:
        print(f"question seen after Open: p50 {statistics.median(seen):.2f} s, max {max(seen):.2f} s")
    print(f"answers confirmed on the students' pages: {answered}/{n}; lost: {n - answered}")
    print(
        f"join + answer, first join to last answer: {t_all - t0:.1f} s (budget {BUDGET_S:.0f} s); "
        f"Open to last answer: {t_all - t_open:.1f} s"
    )
    print(f"answers counted in the database: {counted if counted is not None else 'not known (give --db-url)'}")
    print(
        f"instructor's chart shows: {chart} answers"
        + (f" ({shown - t_open:.1f} s after Open)" if shown else " (never reached every answer)")
        + (f"; its line reads: {line!r}" if line else "")
    )
    if reveal:
        print(
            f"reveal seen by {len(reveal)}/{n} students: p50 {statistics.median(reveal):.2f} s, "
            f"max {max(reveal):.2f} s after Reveal was pressed (the instructor's own page took {host_reveal:.2f} s)"
        )
    if pid:
        print(
            f"server CPU: {c_join:.1f} s for {n} joins ({c_join / n * 1000:.0f} ms each); {c_answer:.1f} s from Open "
            f"to every answer on the chart; machine load average {os.getloadavg()[0]:.1f}"
        )
    errors = [e for o in outs if "client" in o for e in o["client"].errors] + [str(f)[:160] for f in failures]
    print(f"errors: {len(errors)}")
    for e in sorted(set(errors))[:5]:
        print(f"  x{errors.count(e)}: {e}")
    for o in outs:
        if "client" in o:
            await o["client"].close()
    await host.close()
    ok = answered == n and chart == n and (counted in (None, n)) and len(reveal) == n and not errors
    if not ok:
        print(
            f"FAILED: {n - answered} answers lost, chart {chart}, counted {counted}, {n - len(reveal)} reveals not seen"
        )
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--students", "-n", type=int, default=40, help="students in the room (default 40, at most 200)")
    ap.add_argument("--url", help="a running ScaleLab (loopback)")
    ap.add_argument("--db-url", help="with --url: its database URL, to count the stored answers")
    ap.add_argument("--start", action="store_true", help="start a server of its own (rooms in a temp folder)")
    ap.add_argument("--postgres", action="store_true", help="with --start: rooms on a throw-away PostgreSQL server")
    args = ap.parse_args(argv)
    if not 1 <= args.students <= 200:
        ap.error("--students must be 1..200")
    if bool(args.url) == args.start:
        ap.error("give exactly one of --url and --start")
    if args.url:
        host = args.url.split("//", 1)[-1].split(":")[0].split("/")[0]
        if host not in ("127.0.0.1", "localhost", "[::1]"):
            ap.error("the target must be on this machine (loopback)")
        return asyncio.run(run(args.url.rstrip("/"), args.students, args.db_url))
    from deploy.start import free_port, start_replica

    with tempfile.TemporaryDirectory(prefix="scalelab-room-") as tmp:
        import contextlib

        with contextlib.ExitStack() as stack:
            if args.postgres:
                from tests.classroom.postgres import postgres_server

                db_url = stack.enter_context(postgres_server())
                os.environ["SCALELAB_DATABASE_URL"] = db_url
            else:
                os.environ["SCALELAB_DATA_DIR"] = tmp
                db_url = f"sqlite:///{Path(tmp) / 'classroom.sqlite3'}"
            rep = start_replica(free_port(), Path(tmp), extra=["--server.fileWatcherType", "none"])
            stack.callback(rep.stop)
            wait_quiet([rep.pid])  # the app compiles every lab's kernels in the background first
            return asyncio.run(run(rep.url, args.students, db_url, rep.pid))


if __name__ == "__main__":
    sys.exit(main())
