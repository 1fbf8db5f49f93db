"""Releases: when a production deploy finishes, mark done exactly the work now in production.

``range.py`` finds what the release holds (REV, the previous production point, the commits
between, the production record ``--record`` appends); ``plan.py`` decides per ticket (close,
comment, none) with the same reference reading as the link rules; ``comments.py`` words what the
tickets and PRs are told (with a hidden marker per release, so nothing is said twice);
``github.py``, ``gitlab.py``, ``jira.py`` and ``files.py`` carry the plan out on each ticket source.
"""
