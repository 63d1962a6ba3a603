"""The balancer config that deploy/start.py renders, and the load benchmark's own arithmetic and
protocol messages (no server: the replica test in tests/e2e runs the real set-up)."""

from __future__ import annotations

import re
import subprocess

import pytest
from streamlit.proto.Element_pb2 import Element

from benchmarks.load import Control, pct, session_query, widget_state
from deploy.start import nginx_path, render_config


def test_config_lists_every_replica_on_loopback_with_passive_checks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = render_config(tmp_path, 8080, [8601, 8602, 8603]).read_text()
    assert not re.search(r"@[A-Z]+@", text)  # every template field filled
    assert "listen 127.0.0.1:8080;" in text
    servers = re.findall(r"server (127\.0\.0\.1:\d+) max_fails=1 fail_timeout=10s;", text)
    assert servers == ["127.0.0.1:8601", "127.0.0.1:8602", "127.0.0.1:8603"]
    assert "hash $scalelab_route consistent;" in text  # sticky on the balancer's own cookie
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert (tmp_path / "tmp").is_dir()


@pytest.mark.skipif(nginx_path() is None, reason="nginx is not installed (apt-get install nginx)")
def test_nginx_accepts_the_rendered_config(tmp_path) -> None:  # type: ignore[no-untyped-def]
    conf = render_config(tmp_path, 8080, [8601, 8602])
    exe = nginx_path()
    assert exe is not None
    out = subprocess.run([exe, "-t", "-p", str(tmp_path), "-c", str(conf)], check=False, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_nearest_rank_percentiles() -> None:
    """Nearest rank: the p-th percentile of n sorted values is the ceil(p*n)-th. Ten values 1..10:
    p50 -> ceil(5.0) = 5th = 5; p95 -> ceil(9.5) = 10th = 10; p10 -> ceil(1.0) = 1st = 1."""
    values = [7.0, 1.0, 10.0, 3.0, 2.0, 9.0, 4.0, 8.0, 6.0, 5.0]
    assert (pct(values, 0.5), pct(values, 0.95), pct(values, 0.1)) == (5.0, 10.0, 1.0)
    assert pct([4.0], 0.95) == 4.0


def test_widget_states_are_what_the_frontend_sends() -> None:
    el = Element()
    el.slider.id = "$$ID-abc-dynamodb.rcu"
    el.slider.data_type = el.slider.INT
    ws = widget_state("slider", el.slider, el.slider.id, "1400")
    assert ws.id == "$$ID-abc-dynamodb.rcu" and list(ws.double_array_value.data) == [1400.0]
    rng = widget_state("slider", el.slider, el.slider.id, "8:12.5")
    assert list(rng.double_array_value.data) == [8.0, 12.5]
    el.number_input.data_type = el.number_input.INT
    assert widget_state("number_input", el.number_input, "n", "7").int_value == 7
    assert widget_state("checkbox", el.checkbox, "c", "true").bool_value is True
    assert widget_state("radio", el.radio, "r", "zipf").string_value == "zipf"
    with pytest.raises(ValueError, match="not supported"):
        widget_state("text_input", el.text_input, "t", "x")


def test_different_mode_gives_each_learner_its_own_seed() -> None:
    class Args:
        mode = "different"
        query = "dynamodb.rcu=800&seed=3"
        seed_base = 100

    assert session_query(Args, 0) == "dynamodb.rcu=800&seed=100"
    assert session_query(Args, 7) == "dynamodb.rcu=800&seed=107"
    Args.mode = "same"
    assert session_query(Args, 7) == "dynamodb.rcu=800&seed=3"


def test_control_argument() -> None:
    assert Control.parse("dynamodb.rcu=1200,1400") == Control("dynamodb.rcu", ["1200", "1400"])
    with pytest.raises(ValueError, match="KEY=V1,V2"):
        Control.parse("dynamodb.rcu")
