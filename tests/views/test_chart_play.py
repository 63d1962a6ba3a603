"""A chart told to play (a lesson's Play, a class room's reveal): the payload carries the token,
a new token is a new payload (the browser then runs the figure's Replay once), and the browser
finds the Replay button's arguments in the figure."""

from __future__ import annotations

import shutil

import pytest

from tests.views.test_plotly_chart import figure, node_frontend
from views import plotly_chart as pc
from views.page import PLOTLY_CONFIG


def test_the_play_token_is_in_the_payload_and_changes_it() -> None:
    fig = pc.share(figure())
    plain = pc._payload(fig, PLOTLY_CONFIG)
    first, again = pc._payload(fig, PLOTLY_CONFIG, play="a"), pc._payload(fig, PLOTLY_CONFIG, play="a")
    assert "play" not in pc.decode_payload(plain) and pc.decode_payload(first)["play"] == "a"
    assert first is again  # a shared figure's payload for one token is encoded once
    assert first[:32] != plain[:32] != pc._payload(fig, PLOTLY_CONFIG, play="b")[:32]  # new digest: redrawn
    for i in range(20):  # one Play per session must not pile up payloads on a shared figure
        pc._payload(fig, PLOTLY_CONFIG, play=str(i))
    assert len(pc._PAYLOADS[id(fig)][1]) <= 1 + pc._MARKED_PER_FIGURE


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_browser_plays_the_replay_button() -> None:
    sent = pc.decode_payload(pc.chart_payload(figure(), PLOTLY_CONFIG))["figure"]
    replay, none = node_frontend(
        "replayArgs", "console.log(JSON.stringify([replayArgs(fig.layout), replayArgs({})]));", sent
    )
    assert none is None
    assert replay[0] is None and replay[1]["fromcurrent"] is False  # every frame, from the first
    labels = {b["label"]: b["args"] for m in sent["layout"]["updatemenus"] for b in m["buttons"]}
    assert replay == labels["↺ Replay"]
