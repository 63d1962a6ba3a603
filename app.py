"""ScaleLab's router: registers the lab pages, draws the shared sidebar, runs the chosen page."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from engine.rules import EDITION_LABELS, EDITIONS
from views import presentation
from views.catalog import HOME, SECTIONS, LabPage, available, new_prefix
from views.controls import GLOBAL_KEYS, Controls, forwarded_params, page_guard, share_url
from views.instructor import instructor_link
from views.page import lazy_expander
from views.plotly_chart import warm_bundle
from views.process import FAVICON, freeze_heap, warm_kernels

SHARE_OPEN = "__sidebar.share.open"  # the session keys of the sidebar's two lazy expanders
INSTRUCTOR_OPEN = "__sidebar.instructor.open"


def _sidebar() -> tuple[DeltaGenerator | None, DeltaGenerator | None]:
    """Global settings (bound to the URL like every control) and a place for the share link,
    which is written once the page has run (its URL guard may remove parameters), and for the
    instructor link (it lists the controls the page drew); each ``None`` while its expander is
    closed (its contents are drawn only while open, :func:`views.page.lazy_expander`)."""
    with st.sidebar:
        ctrl = Controls("global", global_keys=GLOBAL_KEYS)
        ctrl.select(
            "Rules edition",
            "rules",
            EDITIONS,
            "course",
            format_func=lambda e: EDITION_LABELS[e],
            radio=True,
            help="Course notes: the numbers the course teaches. AWS today: the current AWS "
            "documentation. Each lab shows where they differ.",
        )
        ctrl.number(
            "Random seed", "seed", 0, 999_999, 0, 1, help="Same settings and seed give the same run, bit for bit."
        )
        ctrl.toggle("Reduced motion", "motion", False, help="Show the final picture of each run without animation.")
        present = ctrl.toggle(
            "Presentation mode",
            "present",
            False,
            help="For a projector: large type, high contrast, one chart per screen, the event log in large print.",
        )
        ctrl.notices()
        share = lazy_expander(":material/share: Share this scenario", SHARE_OPEN, whole_runs=True)
        link = None
        if share is not None:
            share.caption("The address bar always holds every setting. Copy this link to share it:")
            link = share.empty()
        box = lazy_expander(":material/co_present: Instructor link", INSTRUCTOR_OPEN, whole_runs=True)
        instructor = None if box is None else box.container()
        st.caption("ScaleLab — an interactive lab for architecting to scale on AWS.")
        # Every lab draws with the same Plotly bundle: load it while the page is idle, from every
        # page (not only Home), so the first chart of the next lab opened does not wait for it.
        warm_bundle()
    presentation.apply(present)
    return link, instructor


def _redirect(to: st.Page) -> None:
    """Open ``to`` with the current parameters, their old prefixes renamed (a link from before a
    page or its controls were renamed)."""
    st.switch_page(to, query_params=forwarded_params(new_prefix))


def _alias_page(target: st.Page, old_path: str) -> st.Page:
    """A hidden page at an old address that forwards to ``target``, parameters and all."""
    return st.Page(lambda: _redirect(target), title=target.title, url_path=old_path, visibility="hidden")


def main() -> None:
    """Build the navigation from the catalogue and run the selected page."""
    st.set_page_config(
        page_title="ScaleLab",
        page_icon=FAVICON,
        layout="wide",
        initial_sidebar_state="collapsed" if presentation.in_url() else "auto",
    )
    pages: dict[str, list[st.Page]] = {s: [] for s in SECTIONS}
    by_lab: dict[LabPage, st.Page] = {}
    for lab in available():
        by_lab[lab] = st.Page(lab.file, title=lab.title, icon=lab.icon, url_path=lab.url_path, default=lab.file == HOME)
        pages[lab.section].append(by_lab[lab])
    for lab, page in by_lab.items():
        pages[lab.section].extend(_alias_page(page, old) for old in lab.old_paths)
    # expanded=True: every lab is listed, none hidden behind "View 6 more"
    nav = st.navigation({s: p for s, p in pages.items() if p}, expanded=True)
    if any(new_prefix(k) for k in st.query_params):
        _redirect(nav)
    warm_kernels()
    with page_guard():
        link, instructor = _sidebar()
        nav.run()
    if link is not None:
        link.code(share_url() or "(open the app in a browser to get a link)", language=None, wrap_lines=True)
    if instructor is not None:
        instructor_link(instructor)
    freeze_heap()


main()
