"""The check functions behind ``kind = "analysis"`` rules: one module per shipped rule pack
(``rules/kpi.toml`` -> :mod:`custlint.checks.kpi`), each check registered by its own
``@check("name")`` decorator (:mod:`custlint.engine.registry`)."""
