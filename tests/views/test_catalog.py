"""The catalogue: every course-notes topic is taught by some lab; addresses are unique."""

from __future__ import annotations

from views.catalog import COURSE_TOPICS, LABS, labs_for


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
