"""The join link as a QR code, drawn on the server (segno), nothing fetched."""

from __future__ import annotations

import io

import segno
import streamlit as st

__all__ = ["qr_png"]


@st.cache_data(show_spinner=False, max_entries=64)
def qr_png(url: str, scale: int = 12) -> bytes:
    """A PNG of ``url`` as a QR code with error correction M and a quiet zone, ``scale`` pixels
    per module (about 450 px for a join link: readable from the back of a room when projected)."""
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return buf.getvalue()
