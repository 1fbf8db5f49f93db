"""The one exception type a user's mistake raises.

The CLI turns a :class:`UserError` into one line on stderr and exit code 2; any
other exception is a bug in custlint.
"""


class UserError(Exception):
    """Bad input, config, usage or environment: one line that says what to do."""

    exit_code = 2
