"""One module per ``custlint`` command (``commit-msg`` lives in ``commit_msg.py``)."""
