"""Home: what ScaleLab teaches, the labs that exist, how to use it in class."""

from __future__ import annotations

import streamlit as st

from views.catalog import COURSE_TOPICS, LABS, SECTIONS, START_HERE, labs_for
from views.lessons.index import lessons_index

st.title(":material/show_chart: ScaleLab")
st.markdown(
    "An interactive lab for **architecting to scale on AWS**. Move the sliders — load, scaling policy, "
    "cooldown, shards, capacity units, consumers — and watch instance counts rise and fall, shards "
    "throttle, partitions split and queues fill and drain. Every number the simulation uses comes from "
    "AWS's documentation or the course notes, and where the two disagree you can switch between them."
)
c1, c2, c3 = st.columns(3)
c1.markdown("**:material/school: Self-study** — open a lab, press a preset, then change one thing at a time.")
c2.markdown(
    "**:material/co_present: In class** — every setting lives in the address bar: prepare links, project them, "
    "switch on *Reduced motion* for a still picture."
)
c3.markdown("**:material/share: Share** — the sidebar's *Share this scenario* gives the exact link to what you see.")

st.header("Start here", anchor="start-here")
st.markdown("New here? Five labs, in this order, each building on the one before:")
_lab = {lab.file: lab for lab in LABS}
for step, (file, why) in enumerate(START_HERE, 1):
    lab = _lab[file]
    if not lab.exists:
        continue
    st.page_link(lab.file, label=f"**{step}. {lab.title}** — {why}", icon=lab.icon)
_rest = [lab for lab in LABS[1:] if lab.exists and lab.file not in dict(START_HERE)]
st.caption("Then the rest, in any order: " + ", ".join(lab.title for lab in _rest) + ".")

st.header("The labs")
for section in SECTIONS[1:]:
    labs = [lab for lab in LABS if lab.section == section]
    st.subheader(section)
    cols = st.columns(3)
    for i, lab in enumerate(labs):
        with cols[i % 3].container(border=True):
            if lab.exists:
                st.page_link(lab.file, label=f"**{lab.title}**", icon=lab.icon)
            else:
                st.markdown(f"{lab.icon} **{lab.title}** · *coming soon*")
            st.caption(lab.summary)
            if lab.topics:
                st.caption("Course topics: " + ", ".join(lab.topics))

st.header("The course, topic by topic")
st.caption("Every heading of the course notes on architecting to scale, and the lab that makes it move.")
for topic in COURSE_TOPICS:
    cols = st.columns([1.3, 2])
    cols[0].markdown(f"**{topic}**")
    with cols[1]:
        for lab in labs_for(topic):
            if lab.exists:
                st.page_link(lab.file, label=lab.title, icon=lab.icon)
            else:
                st.markdown(f"{lab.icon} {lab.title} · *coming soon*")

st.header("Using it live in class")
st.markdown(
    "1. Before class, open each scenario you will show and copy its link from *Share this scenario*.\n"
    '2. In class, open a link, state the question ("what happens if the cooldown is 10 minutes?"), '
    "let the class predict, then press **▶ Play**.\n"
    "3. Change one slider and play again; the event log under each chart says *why* each change happened.\n"
    "4. Switch the **rules edition** to show where the course notes and today's AWS differ."
)

lessons_index()
