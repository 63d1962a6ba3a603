"""What every lab's compiled kernel shares: the event writer, array slot layouts, target tracking.

* :mod:`engine.kernel.events`: the one event writer (:func:`~engine.kernel.events.emit`) and its
  reader; event kinds declared once per lab.
* :mod:`engine.kernel.layout`: named slots for kernel parameter, state and output arrays.
* :mod:`engine.kernel.target_tracking`: EC2 target-tracking alarms and proportional capacity.
"""
