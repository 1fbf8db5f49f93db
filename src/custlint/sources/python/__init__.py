"""Reading Python code: finding files under a root, decoding them, their comments, a process pool.

Nothing here imports libcst; the parts that parse import it lazily.
"""
