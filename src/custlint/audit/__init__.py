"""History audit for tech leads: per-principle counts, monthly trends, lead time to production.

``collect`` streams history (the records of :mod:`custlint.sources.git_log`) and merges the
results, ``worker`` judges each chunk of commits (in worker processes where it pays) through
:meth:`Engine.principles <custlint.engine.evaluator.Engine.principles>`, ``tally`` holds the
counts (small: per month and per author, never per commit), ``cache`` keeps each commit's result,
``leadtime`` finds the first release tag that contains each commit, ``tickets`` the tickets marked
done before production, ``progress`` draws the progress bar, and ``merge`` joins audits.
"""
