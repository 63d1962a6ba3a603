"""The catalogue: every course-notes topic is taught by some lab; addresses are unique; one name per
lab across page files, URL prefixes, engine and views packages, rules keys and test folders."""

from __future__ import annotations

import re
from pathlib import Path

import engine
from engine.rules import lab_keys
from views.catalog import COURSE_TOPICS, LABS, ROOT, available, labs_for, new_prefix, page_for_old_path


def test_every_course_topic_has_a_lab() -> None:
    missing = [t for t in COURSE_TOPICS if not labs_for(t)]
    assert missing == []


def test_every_lab_topic_is_a_course_topic() -> None:
    for lab in LABS:
        for topic in lab.topics:
            assert topic in COURSE_TOPICS, (lab.title, topic)


def test_addresses_are_unique_and_not_bare_file_stems() -> None:
    paths = [lab.url_path for lab in LABS]
    assert len(paths) == len(set(paths))
    for lab in LABS:
        assert "_" not in lab.url_path


PAGES_DIR = ROOT / "app_pages"


def test_every_page_file_is_in_the_catalogue_and_every_entry_has_its_file() -> None:
    """A renamed page must not silently leave both the app and the suite."""
    on_disk = {f"app_pages/{p.name}" for p in PAGES_DIR.glob("*.py")}
    listed = {lab.file for lab in LABS}
    assert on_disk - listed == set(), "page files the catalogue does not list"
    assert listed - on_disk == set(), "catalogue entries whose page file is missing"
    assert available() == list(LABS)


def test_each_page_is_named_for_its_lab_and_prefixes_its_controls_with_its_stem() -> None:
    for lab in LABS:
        stem = Path(lab.file).stem
        assert stem == lab.lab or stem.startswith(f"{lab.lab}_"), lab.file
        assert lab.prefix == stem
        source = (ROOT / lab.file).read_text()
        if "Controls(P)" in source:
            assert re.search(rf'^P = "{stem}"$', source, re.M), f"{lab.file}: P must be {stem!r}"


def test_one_name_per_lab_across_engine_views_rules_and_tests() -> None:
    """The engine package, views package, rules key and test folders use the lab's name."""
    for lab in {p for p in LABS if p.lab not in ("home", "load", "classroom")}:
        assert (ROOT / "engine" / lab.package / "__init__.py").is_file(), lab.lab
        assert (ROOT / "views" / lab.package / "__init__.py").is_file(), lab.lab
        assert lab.lab in lab_keys(), lab.lab
        assert (ROOT / "tests" / "engine" / lab.package).is_dir(), lab.lab
    assert sorted(engine.LABS) == sorted({p.package for p in LABS if p.lab not in ("home", "load", "classroom")})


def test_old_prefixes_and_addresses_lead_to_one_page_each() -> None:
    olds = [o for lab in LABS for o in lab.old_prefixes]
    assert len(olds) == len(set(olds))
    assert not set(olds) & {lab.prefix for lab in LABS}
    assert new_prefix("ddb.wcu") == "dynamodb.wcu"
    assert new_prefix("asg.cooldown_s") == "autoscaling_policies.cooldown_s"
    assert new_prefix("dynamodb.wcu") is None and new_prefix("seed") is None
    assert page_for_old_path("horizontal-vertical").file == "app_pages/autoscaling_vertical.py"
    assert page_for_old_path("step-functions").file == "app_pages/stepfunctions.py"
    assert page_for_old_path("kinesis") is None
    paths = {lab.url_path for lab in LABS}
    assert not {o for lab in LABS for o in lab.old_paths} & paths
