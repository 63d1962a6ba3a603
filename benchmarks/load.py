"""A class at once: N concurrent protocol-level sessions against a running ScaleLab server.

Each simulated learner does what the browser does: ``GET`` the page, ``GET /_stcore/health``
(which sets Streamlit's XSRF cookie) and ``/_stcore/host-config``, opens the websocket
``/_stcore/stream`` with the subprotocols ``streamlit, <xsrf token>`` and the cookies, sends a
``BackMsg.rerun_script`` (``ClientState``: the query string, page name, context info), and reads
``ForwardMsg``s until ``script_finished``. Then it reruns the page ``--reruns`` times with one
control changed, as a slider move does: a ``rerun_script`` carrying that widget's new
``WidgetState`` (id read from the page's own deltas), the page's current query string, its
``page_script_hash``, the hashes of the cacheable messages already received, and the id of the
fragment the widget was drawn in (a lab's body is one: the rerun is that fragment's). Every run is
timed from send to ``script_finished`` (an early finish for a rerun the page asked for is waited
through). Protocol messages are the installed package's (``streamlit.proto``).

Modes: ``same`` (every learner opens the same link, so every engine call after the first is a
cache hit) and ``different`` (learner *i* gets ``seed=<base + i>``, a different scenario, so
every engine call is a miss).

    python benchmarks/load.py /dynamodb --sessions 40 --control dynamodb.rcu=1200,1400,1600 --start
    python benchmarks/load.py /dynamodb --sessions 120 --replicas 3 --control dynamodb.rcu=1200,1400,1600
    python benchmarks/load.py /dynamodb --sessions 120 --url http://127.0.0.1:8080 --pid 101 102 103

Before the crowd, one learner alone reruns between two cached scenarios ``--cpu-reruns`` times:
the server process's CPU time (``/proc/<pid>/stat``) per rerun is the "server CPU per cached
rerun" figure. RSS per added session is the server's RSS after all sessions ran (still
connected) minus its RSS before, over N. Budgets are issue 12's; nothing here asserts them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.cookiejar
import math
import os
import random
import statistics
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from benchmarks.common import report  # noqa: E402

# issue 12's budgets
BUDGET_P95_SAME_S = 2.0
BUDGET_P95_DIFFERENT_S = 4.0
BUDGET_CPU_MS = 40.0
BUDGET_RSS_MB = 5.0
DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
WIDGETS = ("slider", "number_input", "checkbox", "radio", "selectbox", "select_slider")
TICK = os.sysconf("SC_CLK_TCK")
SETTLE_S = 0.02  # before each run, outside its timing


# ---- server process figures ------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    """Resident set size of ``pid`` in MB (``VmRSS``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds used so far by ``pid`` (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def wait_quiet(pids: list[int], limit: float = 0.05, window_s: float = 2.0, timeout_s: float = 300.0) -> None:
    """Wait until the servers use under ``limit`` of a core over ``window_s`` (numba warm-up done)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        before = sum(cpu_s(p) for p in pids)
        time.sleep(window_s)
        if (sum(cpu_s(p) for p in pids) - before) / window_s < limit:
            return
    print(f"note: servers still busy after {timeout_s:.0f} s; figures include that work", file=sys.stderr)


# ---- one learner -----------------------------------------------------------------------------


@dataclass
class Control:
    """The control a learner moves: its URL/widget key and the value of each rerun."""

    key: str
    values: list[str]

    @classmethod
    def parse(cls, text: str) -> Control:
        key, _, values = text.partition("=")
        if not key or not values:
            raise ValueError(f"--control must be KEY=V1,V2,... (a widget key and rerun values), got {text!r}")
        return cls(key, values.split(","))


def widget_state(kind: str, element: object, widget_id: str, raw: str):  # type: ignore[no-untyped-def]
    """The ``WidgetState`` the frontend sends when this widget is set to ``raw``."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    ws = WidgetState(id=widget_id)
    if kind == "slider":  # sliders (also select_slider, range sliders) send a double array
        if element.options:  # select_slider: the option index
            ws.double_array_value.data.extend([float(list(element.options).index(v)) for v in raw.split(":")])
        else:
            ws.double_array_value.data.extend(float(v) for v in raw.split(":"))
    elif kind == "number_input":
        if element.data_type == type(element).INT:
            ws.int_value = int(raw)
        else:
            ws.double_value = float(raw)
    elif kind == "checkbox":
        ws.bool_value = raw.lower() == "true"
    elif kind in ("radio", "selectbox"):
        ws.string_value = raw
    else:
        raise ValueError(f"control of kind {kind} is not supported")
    return ws


@dataclass
class Learner:
    """One browser tab, spoken to at protocol level."""

    base: str
    path: str
    query: str
    control: Control | None
    times: list[tuple[str, float]] = field(default_factory=list)  # ("first" | "rerun", seconds)
    errors: list[str] = field(default_factory=list)
    qs: str = ""
    page_hash: str = ""
    widgets: dict[str, tuple[str, object, str]] = field(default_factory=dict)  # key -> (kind, element, id)
    cached: set[str] = field(default_factory=set)
    sent: dict[str, object] = field(default_factory=dict)  # widget id -> its last sent state
    ws: object = None
    upstream: str = ""
    title: str = ""  # the page's title (first heading) on its first run; every rerun must draw it
    title_now: str = ""
    fragment: str = ""  # the fragment the next rerun runs ("" for the whole page)
    fragments: dict[str, str] = field(default_factory=dict)  # widget key -> its fragment id

    def _http(self) -> str:
        """GET the page, the health check and host-config like the frontend; the Cookie header."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(f"{self.base}{self.path}?{self.query}", timeout=60) as r:
            r.read()
            self.upstream = r.headers.get("X-ScaleLab-Upstream", "")
        for endpoint in ("/_stcore/health", "/_stcore/host-config"):
            with opener.open(f"{self.base}{endpoint}", timeout=60) as r:
                r.read()
        self.xsrf = next((c.value for c in jar if c.name == "_streamlit_xsrf"), "")
        return "; ".join(f"{c.name}={c.value}" for c in jar)

    async def open(self) -> None:
        cookie = await asyncio.to_thread(self._http)
        host = urlsplit(self.base)
        self.ws = await connect(
            f"ws://{host.netloc}/_stcore/stream",
            subprotocols=["streamlit", self.xsrf] if self.xsrf else ["streamlit"],
            additional_headers={"Cookie": cookie},
            origin=self.base,
            max_size=None,
            open_timeout=60,
            ping_interval=None,
        )
        self.qs = self.query
        self._finished: asyncio.Queue[int] = asyncio.Queue()
        self._reader_task = asyncio.create_task(self._reader())

    def _client_state(self, *, first: bool):  # type: ignore[no-untyped-def]
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.qs
        cs.context_info.timezone = "UTC"
        cs.context_info.locale = "en-GB"
        cs.context_info.url = f"{self.base}{self.path}?{self.qs}"
        if first:
            cs.page_name = self.path.strip("/")
        else:
            cs.page_script_hash = self.page_hash
            cs.cached_message_hashes.extend(sorted(self.cached))
            cs.widget_states.widgets.extend(self.sent.values())
            cs.fragment_id = self.fragment  # a control inside a fragment reruns only that fragment
        return msg

    def _read(self, fm: ForwardMsg) -> int | None:
        """Note what a ForwardMsg tells; the script-finished status if it is one."""
        kind = fm.WhichOneof("type")
        if fm.metadata.cacheable and fm.hash:
            self.cached.add(fm.hash)
        if kind == "new_session":
            self.page_hash = fm.new_session.page_script_hash
        elif kind == "navigation":  # st.navigation names the page that runs (the hash reruns send)
            self.page_hash = fm.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.qs = fm.page_info_changed.query_string
        elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            el = fm.delta.new_element
            ek = el.WhichOneof("type")
            if ek == "heading" and not self.title_now:
                self.title_now = el.heading.body
            elif ek == "exception":
                self.errors.append(f"exception: {el.exception.message[:120]}")
            elif ek in WIDGETS:
                sub = getattr(el, ek)
                wid = sub.id
                key = wid.split("-", 2)[2] if wid.startswith("$$ID-") and wid.count("-") >= 2 else wid
                self.widgets[key] = (ek, sub, wid)
                self.fragments[key] = fm.delta.fragment_id
        elif kind == "script_finished":
            return fm.script_finished
        elif kind == "page_not_found":
            self.errors.append(f"page not found: {fm.page_not_found.page_name}")
        return None

    async def _reader(self) -> None:
        """Read every ForwardMsg as it comes (as the frontend does, also between runs: the page's
        query string follows the script-finished message); hand on script-finished statuses."""
        async for raw in self.ws:
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            status = self._read(fm)
            if status is not None:
                self._finished.put_nowait(status)

    async def run(self, label: str, msg: BackMsg, timeout_s: float) -> None:
        await asyncio.sleep(SETTLE_S)  # messages sent just after the last run's finish
        while not self._finished.empty():
            self._finished.get_nowait()
        self.title_now = ""
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        deadline = t0 + timeout_s
        while True:
            left = deadline - time.perf_counter()
            if left <= 0 or self._reader_task.done():
                why = "connection closed" if self._reader_task.done() else f"not within {timeout_s:.0f} s"
                raise TimeoutError(f"{label} run: no script_finished ({why})")
            try:
                status = await asyncio.wait_for(self._finished.get(), min(left, 1.0))
            except TimeoutError:
                continue
            if status in DONE:
                break
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                self.errors.append("script compile error")
                break
        self.times.append((label, time.perf_counter() - t0))
        self.title = self.title or self.title_now
        if self.title_now != self.title and not (label == "rerun" and self.fragment):  # a fragment has no title
            self.errors.append(f"{label} run drew {self.title_now!r}, not the page {self.title!r}")

    async def first(self, timeout_s: float) -> None:
        await self.run("first", self._client_state(first=True), timeout_s)

    async def move(self, value: str, timeout_s: float) -> None:
        """Rerun with the control set to ``value`` (the frontend keeps sending the states of the
        widgets it has set, so every earlier change is sent again)."""
        assert self.control is not None
        if self.control.key not in self.widgets:
            known = ", ".join(sorted(self.widgets)) or "none"
            raise KeyError(f"control {self.control.key!r} is not a widget of {self.path} (widgets: {known})")
        kind, element, wid = self.widgets[self.control.key]
        self.sent[wid] = widget_state(kind, element, wid, value)
        self.fragment = self.fragments.get(self.control.key, "")
        if element.query_param_key:  # a URL-bound widget: the frontend writes the address itself
            pairs = [(k, v) for k, v in parse_qsl(self.qs, keep_blank_values=True) if k != element.query_param_key]
            self.qs = urlencode(pairs + [(element.query_param_key, v) for v in value.split(":")])
        await self.run("rerun", self._client_state(first=False), timeout_s)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            with contextlib.suppress(Exception):
                await self._reader_task


# ---- phases ----------------------------------------------------------------------------------


async def solo_cpu(args, pids: list[int]) -> tuple[float, float] | None:  # type: ignore[no-untyped-def]
    """One learner reruns between two scenarios already cached: (server CPU ms, wall ms) per rerun."""
    if not pids or args.cpu_reruns <= 0 or args.control is None:
        return None
    lr = Learner(args.url, args.path, args.query, args.control)
    await lr.open()
    await lr.first(args.timeout)
    a, b = args.control.values[0], args.control.values[-1]
    for v in (a, b, a):  # fill the cache with both scenarios, warm every code path
        await lr.move(v, args.timeout)
    lr.times.clear()
    c0 = sum(cpu_s(p) for p in pids)
    for i in range(args.cpu_reruns):
        await lr.move(b if i % 2 == 0 else a, args.timeout)
    used = sum(cpu_s(p) for p in pids) - c0
    await lr.close()
    wall = statistics.median(t for _, t in lr.times)
    return used * 1000 / args.cpu_reruns, wall * 1000


def session_query(args, i: int) -> str:  # type: ignore[no-untyped-def]
    """Learner ``i``'s query string: the link itself, or (different mode) with its own seed."""
    if args.mode == "same":
        return args.query
    pairs = [(k, v) for k, v in parse_qsl(args.query, keep_blank_values=True) if k != "seed"]
    return urlencode([*pairs, ("seed", str(args.seed_base + i))])


async def learner(args, i: int, start: asyncio.Event) -> Learner:  # type: ignore[no-untyped-def]
    lr = Learner(args.url, args.path, session_query(args, i), args.control)
    await start.wait()
    try:
        await lr.open()
        await lr.first(args.timeout)
        if args.control:
            for r in range(args.reruns):
                await lr.move(args.control.values[r % len(args.control.values)], args.timeout)
    except Exception as err:  # every failure is a counted error, reported below
        lr.errors.append(f"{type(err).__name__}: {err}"[:200])
    return lr


async def crowd(args, pids: list[int]) -> dict:  # type: ignore[no-untyped-def]
    rss0 = sum(rss_mb(p) for p in pids) if pids else None
    start = asyncio.Event()
    tasks = [asyncio.create_task(learner(args, i, start)) for i in range(args.sessions)]
    c0 = sum(cpu_s(p) for p in pids) if pids else 0.0
    t0 = time.perf_counter()
    start.set()
    learners = await asyncio.gather(*tasks)
    wall = time.perf_counter() - t0
    cpu = (sum(cpu_s(p) for p in pids) - c0) if pids else None
    rss1 = sum(rss_mb(p) for p in pids) if pids else None
    for lr in learners:
        await lr.close()
    return {"learners": learners, "wall": wall, "cpu": cpu, "rss0": rss0, "rss1": rss1}


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) by the nearest-rank rule."""
    s = sorted(values)
    return s[min(len(s), max(1, math.ceil(q * len(s)))) - 1]


def print_results(args, res: dict, solo: tuple[float, float] | None, pids: list[int]) -> None:  # type: ignore[no-untyped-def]
    learners: list[Learner] = res["learners"]
    runs = [t for lr in learners for _, t in lr.times]
    firsts = [t for lr in learners for k, t in lr.times if k == "first"]
    reruns = [t for lr in learners for k, t in lr.times if k == "rerun"]
    errors = [e for lr in learners for e in lr.errors]
    budget = BUDGET_P95_SAME_S if args.mode == "same" else BUDGET_P95_DIFFERENT_S
    load = os.getloadavg()
    print(
        f"\n{args.sessions} learners, {args.mode} {'link' if args.mode == 'same' else 'scenarios'}, "
        f"page {args.path}?{args.query}, {args.reruns} reruns each moving {args.control.key if args.control else '-'}"
    )
    print(f"target {args.url}; servers {len(pids) or 'unknown'}; machine load average {load[0]:.2f} {load[1]:.2f}")
    ups = sorted({lr.upstream for lr in learners if lr.upstream})
    if ups:
        spread = {u: sum(lr.upstream == u for lr in learners) for u in ups}
        print("balancer spread: " + ", ".join(f"{u}: {n}" for u, n in spread.items()))
    if runs:
        rows = [
            ("p50 send -> script finished, all runs (s)", statistics.median(runs), budget, "s"),
            ("p95 send -> script finished, all runs (s)", pct(runs, 0.95), budget, "s"),
            ("max (s)", max(runs), budget, "s"),
        ]
        report(rows)
        for name, xs in (("first runs", firsts), ("reruns", reruns)):
            if xs:
                print(f"  {name}: {len(xs)}, p50 {statistics.median(xs):.2f} s, p95 {pct(xs, 0.95):.2f} s")
    print(f"runs {len(runs)} in {res['wall']:.1f} s = {len(runs) / res['wall']:.1f} runs/s; errors {len(errors)}")
    for e in sorted(set(errors))[:5]:
        print(f"  error x{errors.count(e)}: {e}")
    rows = []
    if solo is not None:
        rows.append(("server CPU per cached rerun (ms, one learner alone)", solo[0], BUDGET_CPU_MS, "ms"))
        print(f"  (one learner's cached rerun, wall median {solo[1]:.0f} ms)")
    if res["cpu"] is not None and runs:
        print(f"server CPU over the crowd: {res['cpu']:.1f} s = {res['cpu'] * 1000 / len(runs):.0f} ms per run")
    if res["rss0"] is not None:
        per = (res["rss1"] - res["rss0"]) / args.sessions
        print(f"server RSS {res['rss0']:.0f} MB before, {res['rss1']:.0f} MB with {args.sessions} sessions")
        rows.append(("server RSS per added session (MB)", per, BUDGET_RSS_MB, "MB"))
    if rows:
        report(rows)


async def main_async(args, pids: list[int]) -> None:  # type: ignore[no-untyped-def]
    # Warm up: one visit fills the page list (a fresh server's first run) and the base scenario.
    warm = Learner(args.url, args.path, args.query, args.control)
    await warm.open()
    await warm.first(args.timeout)
    if args.control and args.control.key not in warm.widgets:
        raise SystemExit(f"control {args.control.key!r} not on {args.path}; widgets: {', '.join(sorted(warm.widgets))}")
    if args.mode == "same" and args.control:  # every rerun scenario cached once before the crowd
        for v in args.control.values:
            await warm.move(v, args.timeout)
    await warm.close()
    if pids:
        wait_quiet(pids)
    solo = await solo_cpu(args, pids)
    res = await crowd(args, pids)
    print_results(args, res, solo, pids)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("page", help="page path and optional query, e.g. /dynamodb or '/dynamodb?dynamodb.rcu=800'")
    ap.add_argument("--sessions", "-n", type=int, default=40, help="concurrent learners (default 40)")
    ap.add_argument("--reruns", type=int, default=3, help="reruns per learner after its first run (default 3)")
    ap.add_argument(
        "--control",
        type=Control.parse,
        default=None,
        help="KEY=V1,V2,..: the widget each rerun changes and its values in turn (slider ranges as A:B)",
    )
    ap.add_argument("--mode", choices=("same", "different"), default="same", help="same link, or a scenario each")
    ap.add_argument("--url", help="target base URL (one server or the balancer)")
    ap.add_argument("--start", action="store_true", help="start a plain `streamlit run app.py` on a loopback port")
    ap.add_argument(
        "--replicas", type=int, default=0, help="start this many replicas behind nginx (deploy/start.py) and use it"
    )
    ap.add_argument(
        "--server-option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="with --start: a streamlit option for the server, e.g. runner.postScriptGC=false (repeatable)",
    )
    ap.add_argument("--pid", type=int, nargs="*", default=[], help="server pid(s) to read CPU and RSS from")
    ap.add_argument("--cpu-reruns", type=int, default=20, help="solo cached reruns timed for CPU (0: skip)")
    ap.add_argument("--seed-base", type=int, default=None, help="different mode: first seed (default random)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds a run may take before it is an error")
    args = ap.parse_args(argv)
    path, _, query = args.page.partition("?")
    args.path, args.query = "/" + path.strip("/"), query
    if args.seed_base is None:
        args.seed_base = random.randrange(1, 900_000)
    if args.control and args.reruns and not args.control.values:
        ap.error("--control needs values")
    if sum((args.start, bool(args.url), args.replicas > 0)) != 1:
        ap.error("give exactly one of --url, --start and --replicas")
    if args.replicas:
        from deploy.start import start

        dep = start(args.replicas)
        try:
            args.url = dep.url
            asyncio.run(main_async(args, [r.pid for r in dep.replicas]))
        finally:
            dep.stop()
    elif args.start:
        from deploy.start import free_port, start_replica

        with tempfile.TemporaryDirectory(prefix="scalelab-load-") as tmp:
            extra = [a for opt in args.server_option for a in ("--" + opt.split("=", 1)[0], opt.split("=", 1)[1])]
            rep = start_replica(free_port(), Path(tmp), extra=extra)
            try:
                args.url = rep.url
                asyncio.run(main_async(args, [rep.pid]))
            finally:
                rep.stop()
    else:
        asyncio.run(main_async(args, args.pid))


if __name__ == "__main__":
    main()
