"""Leaf plumbing every stage may use: the typed config, lazy patterns, plain records, the user's
cache, TOML reading, the regex-safety check and the process pool. Nothing here imports a stage."""
