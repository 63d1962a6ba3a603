"""ScaleLab's router: registers the lab pages, draws the shared sidebar, runs the chosen page."""

from __future__ import annotations

import threading

import streamlit as st

import engine
from engine.rules import EDITION_LABELS, EDITIONS
from views.catalog import HOME, SECTIONS, available
from views.controls import Controls, share_url


@st.cache_resource(show_spinner=False)
def _warm() -> threading.Thread:
    """Compile every lab's kernels once per process, in the background.

    The first page draws at once; a lab whose kernel is still compiling waits only for its own.
    """
    thread = threading.Thread(target=engine.warmup, name="scalelab-warmup", daemon=True)
    thread.start()
    return thread


def _sidebar() -> None:
    """Global settings (bound to the URL like every control) and the share link."""
    with st.sidebar:
        ctrl = Controls("global", global_keys=("rules", "seed", "motion"))
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
        ctrl.notices()
        with st.expander("🔗 Share this scenario"):
            st.caption("The address bar always holds every setting. Copy this link to share it:")
            st.code(share_url() or "(open the app in a browser to get a link)", language=None, wrap_lines=True)
        st.caption("ScaleLab — an interactive lab for architecting to scale on AWS.")


def main() -> None:
    """Build the navigation from the catalogue and run the selected page."""
    st.set_page_config(page_title="ScaleLab", page_icon="📈", layout="wide")
    pages: dict[str, list[st.Page]] = {s: [] for s in SECTIONS}
    for lab in available():
        pages[lab.section].append(
            st.Page(lab.file, title=lab.title, icon=lab.icon, url_path=lab.url_path, default=lab.file == HOME)
        )
    nav = st.navigation({s: p for s, p in pages.items() if p})
    _warm()
    _sidebar()
    nav.run()


main()
