"""Run ScaleLab as N ``streamlit run`` replicas behind nginx (``start.py``, ``nginx.conf.template``)."""
