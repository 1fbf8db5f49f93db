"""History audit for tech leads: per-principle counts, monthly trends, lead time to production.

``collect`` streams history and judges each commit (in worker processes where it pays),
``tally`` holds the counts (small: per month and per author, never per commit),
``leadtime`` finds the first release tag that contains each commit, ``done`` finds
"done" claims, and ``text``/``html``/``merge`` present and join the results.
"""
