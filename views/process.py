"""What the server does once per process, not once per rerun.

``app.py`` runs again on every rerun of every session, so what is defined there is made again
each time; these live in an imported module, made once: the background kernel warm-up, the heap
freeze after the first run, and the favicon (read once, sent as a ``data:`` URL, so a rerun
neither reads nor decodes the image nor adds it to the session's media files).
"""

from __future__ import annotations

import base64
import gc
import threading
from pathlib import Path

import streamlit as st

import engine

__all__ = ["FAVICON", "freeze_heap", "warm_kernels"]

_FAVICON_FILE = Path(__file__).resolve().parent / "assets" / "favicon.png"  # served by the app itself
FAVICON = "data:image/png;base64," + base64.b64encode(_FAVICON_FILE.read_bytes()).decode("ascii")


@st.cache_resource(show_spinner=False)
def warm_kernels() -> threading.Thread:
    """Compile every lab's kernels once per process, in the background.

    The first page draws at once; a lab whose kernel is still compiling waits only for its own.
    """
    thread = threading.Thread(target=engine.warmup, name="scalelab-warmup", daemon=True)
    thread.start()
    return thread


@st.cache_resource(show_spinner=False)
def freeze_heap() -> bool:
    """Once per process, after its first page run: move everything alive now (modules, compiled
    kernels, the catalogue) out of the garbage collector's view. Without it a full collection
    walks them every few dozen reruns (130-170 ms each, about 3-4 ms per rerun on average)."""
    gc.collect()
    gc.freeze()
    return True
