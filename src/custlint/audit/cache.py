"""The audit's per-commit result cache: a re-run judges only the commits it has not seen.

A commit is immutable, so what the audit keeps of its judgement (the principles its findings
break, whether it is exempt, whether its message marks work done) depends only on its SHA and
on what :func:`fingerprint` covers. One file per fingerprint lives in the user's cache folder
(:func:`custlint.core.usercache.cache_dir`, ``audit/<fingerprint>.bin``), never in the repository.

The file is compact binary, read without running any code (no pickle)::

    magic "CLAUDIT\\x02" | fingerprint (32 bytes) | n (uint32) | crc32 of the body (uint32)
    body: fan-out (65,537 uint32: entries whose key starts with a smaller 16-bit prefix)
          | keys (n x 20 bytes: binary SHAs, sorted) | values (n x uint64)

All integers little-endian. That is 28 bytes per commit, plus 256 KB of fan-out, on disk and in
memory (the main process reads it once before the workers fork; they share it). A lookup is one
or two comparisons in the key's fan-out bucket. A file that is truncated, corrupt (crc), of
another format or fingerprint is ignored: every commit is judged again and the file rewritten.
Writes go to a temporary file and ``os.replace``; a folder that cannot be written is no error.
SHA-256 repositories use the first 20 bytes of the object name (still collision-free in practice).

Value bits: the principle mask (bit i: a finding of ``PRINCIPLES[i]``), :data:`EXEMPT`,
:data:`DONE_KNOWN` (the done claim was looked up: only when the audit has release tags) and
:data:`DONE` (the message marks work done: a closing keyword or a smart-commit transition); bits
:data:`RULE_SHIFT` and up: which rules fired (bit ``RULE_SHIFT + i``: the i-th selected rule that
applies to commits, :func:`custlint.audit.verdict.rule_bits`; the fingerprint covers the rules and
their order). An engine with more than :data:`MAX_RULES` commit rules keeps no cache.
"""

from __future__ import annotations

import binascii
import json
import os
import sys
import zlib
from array import array
from itertools import accumulate, pairwise

from custlint.engine.findings import PRINCIPLES

try:  # the interpreter's own SHA-256, the same digest as hashlib's without loading OpenSSL (4 ms an audit)
    from _sha2 import sha256 as _sha256  # type: ignore[import-not-found, unused-ignore]  # Python 3.12+
except ImportError:
    try:
        from _sha256 import sha256 as _sha256  # type: ignore[import-not-found, unused-ignore]  # Python 3.11
    except ImportError:  # an interpreter built without them
        from hashlib import sha256 as _sha256

MAGIC = b"CLAUDIT\x02"
FORMAT = 2  # bump when what a value means, or how the audit judges a commit, changes
KEY = 20
VB = 8  # bytes of a value
STEP = KEY + VB  # bytes of a record (key and value)
FAN = 1 << 16
_HEAD = len(MAGIC) + 32 + 4 + 4
_FAN_BYTES = (FAN + 1) * 4
EXEMPT, DONE_KNOWN, DONE = 1 << 8, 1 << 9, 1 << 10
MASK = (1 << len(PRINCIPLES)) - 1
RULE_SHIFT, MAX_RULES = 16, 48  # rule bits: 16 to 63
FLAGS = MASK | EXEMPT | DONE_KNOWN | DONE
VALID = FLAGS | (((1 << MAX_RULES) - 1) << RULE_SHIFT)
KEEP_FILES = 8  # fingerprints kept (different configs or rule sets); the least recently used go
MAX_ENTRIES = 2_000_000  # beyond this (56 MB) a file starts afresh with the run's new results
_OK = array("I").itemsize == 4 and array("Q").itemsize == 8 and len(PRINCIPLES) <= 8
_SWAP = sys.byteorder != "little"


def key_of(sha: bytes) -> bytes | None:
    """The 20-byte key of a hexadecimal SHA (bytes), or None when it is not one."""
    try:
        k = binascii.unhexlify(sha)
    except (binascii.Error, ValueError):
        return None
    return k[:KEY] if len(k) >= KEY else None


class Table:
    """The cached values of one fingerprint (read-only); ``fresh`` results are merged on save."""

    __slots__ = ("n", "fan", "keys", "vals")

    def __init__(
        self, n: int = 0, fan: array | None = None, keys: bytes | bytearray = b"", vals: array | None = None
    ) -> None:
        self.n = n
        self.fan = fan if fan is not None else array("I", bytes(_FAN_BYTES))
        self.keys = keys
        self.vals = vals if vals is not None else array("Q")

    def get(self, key: bytes) -> int:
        """The value stored for ``key``, or -1."""
        b = key[0] << 8 | key[1]
        fan = self.fan
        lo, hi = fan[b], fan[b + 1]
        keys = self.keys
        while lo < hi:
            mid = (lo + hi) >> 1
            k = keys[mid * KEY : mid * KEY + KEY]
            if k < key:
                lo = mid + 1
            elif k == key:
                v = self.vals[mid]
                return v if not v & ~VALID else -1
            else:
                hi = mid
        return -1

    def merged(self, fresh: bytes | bytearray) -> Table:
        """A new table: these entries and ``fresh`` ones (records of key + uint64 LE), fresh winning."""
        step = STEP
        recs = _sort_records(fresh)
        if not recs:
            return self
        if self.n + len(recs) // step > MAX_ENTRIES:
            return Table().merged(fresh) if self.n else self
        fan, keys, vals = self.fan, self.keys, self.vals
        out_k = bytearray()
        out_v = array("Q")
        added = array("I", bytes(_FAN_BYTES))  # entries added in each bucket (not replacing one)
        prev = 0  # old entries before this one are copied
        last = None
        for i in range(0, len(recs), step):
            k = bytes(recs[i : i + KEY])
            if k == last:
                continue  # a commit is judged once per run: a key seen twice has the same value twice
            last = k
            v = int.from_bytes(recs[i + KEY : i + STEP], "little")
            b = k[0] << 8 | k[1]
            lo, hi = fan[b], fan[b + 1]
            x = self.find(k, lo, hi) if lo < hi else lo  # where k goes among the old entries
            if x > prev:
                out_k += keys[prev * KEY : x * KEY]
                out_v.extend(vals[prev:x])
            out_k += k
            out_v.append(v)
            if x < self.n and keys[x * KEY : x * KEY + KEY] == k:
                prev = x + 1  # replaced
            else:
                prev = x
                added[b] += 1
        out_k += keys[prev * KEY : self.n * KEY]
        out_v.extend(vals[prev : self.n])
        # fan[b + 1] counts entries in buckets up to b: old ones plus those added there
        new_fan = array("I", [0])
        new_fan.extend(o + a for o, a in zip(fan[1:], accumulate(added[:FAN]), strict=True))
        return Table(len(out_v), new_fan, out_k, out_v)  # keys a bytearray: this table is written, not read

    def find(self, key: bytes, lo: int, hi: int) -> int:
        """The first position in ``lo:hi`` whose key is not less than ``key``."""
        keys = self.keys
        while lo < hi:
            mid = (lo + hi) >> 1
            if keys[mid * KEY : mid * KEY + KEY] < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def pieces(self, fp: bytes) -> list:
        """The file's parts, in order (written one by one: no copy of the whole)."""
        fan, vals = self.fan, self.vals
        if _SWAP:
            fan, vals = array("I", fan), array("Q", vals)
            fan.byteswap()
            vals.byteswap()
        body = [fan, self.keys, vals]
        crc = 0
        for part in body:
            crc = zlib.crc32(part, crc)
        return [MAGIC + fp + self.n.to_bytes(4, "little") + crc.to_bytes(4, "little"), *body]

    def to_bytes(self, fp: bytes) -> bytes:
        return b"".join(bytes(p) for p in self.pieces(fp))

    @classmethod
    def from_bytes(cls, data: bytes, fp: bytes) -> Table | None:
        """The table in ``data``, or None when it is not a sound file of this format and fingerprint."""
        if len(data) < _HEAD + _FAN_BYTES or data[: len(MAGIC)] != MAGIC or data[len(MAGIC) : len(MAGIC) + 32] != fp:
            return None
        n = int.from_bytes(data[_HEAD - 8 : _HEAD - 4], "little")
        if len(data) != _HEAD + _FAN_BYTES + n * (STEP):
            return None
        if zlib.crc32(memoryview(data)[_HEAD:]) != int.from_bytes(data[_HEAD - 4 : _HEAD], "little"):
            return None
        fan = array("I")
        fan.frombytes(data[_HEAD : _HEAD + _FAN_BYTES])
        start = _HEAD + _FAN_BYTES
        keys = data[start : start + n * KEY]
        vals = array("Q")
        vals.frombytes(data[start + n * KEY :])
        if _SWAP:
            fan.byteswap()
            vals.byteswap()
        if fan[0] != 0 or fan[FAN] != n or any(a > b for a, b in pairwise(fan)):
            return None
        return cls(n, fan, keys, vals)


def _sort_records(fresh: bytes | bytearray) -> bytearray:
    """The 28-byte records of ``fresh``, sorted by key, in one more buffer of the same size (a
    counting sort on the key's first two bytes, then the few records of a bucket sorted apart):
    no Python object per record, so saving costs 28 more bytes a commit, not 80."""
    step = STEP
    m = len(fresh) // step
    end = m * step
    if m < 4096:  # a few new commits (the usual re-run): sorting them as objects is quicker
        return bytearray(b"".join(sorted(bytes(fresh[i : i + step]) for i in range(0, end, step))))
    cnt = array("I", bytes(4 * (FAN + 1)))  # cnt[b + 1]: records in bucket b
    for i in range(0, end, step):
        cnt[(fresh[i] << 8 | fresh[i + 1]) + 1] += 1
    pos = array("I", accumulate(cnt))  # pos[b]: where bucket b starts
    out = bytearray(end)
    for i in range(0, end, step):
        b = fresh[i] << 8 | fresh[i + 1]
        p = pos[b] * step
        out[p : p + step] = fresh[i : i + step]
        pos[b] += 1
    start = 0
    for b in range(FAN):
        c = cnt[b + 1]
        if c > 1:
            lo = start * step
            part = sorted(bytes(out[j : j + step]) for j in range(lo, lo + c * step, step))
            out[lo : lo + c * step] = b"".join(part)
        start += c
    return out


# -- where, and under which fingerprint ----------------------------------------------------------


def folder() -> str | None:
    from custlint.core.usercache import cache_dir

    root = cache_dir()
    return os.path.join(root, "audit") if root and _OK else None


def _path(fp: bytes) -> str | None:
    where = folder()
    return os.path.join(where, fp.hex()[:40] + ".bin") if where else None


def load(fp: bytes) -> Table:
    """The cached table for ``fp``; empty when there is none or it cannot be read."""
    path = _path(fp)
    if path is None:
        return Table()
    try:
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > _HEAD + _FAN_BYTES + MAX_ENTRIES * (STEP):
                return Table()  # not a file this module writes: not read into memory either
            data = fh.read()
    except OSError:
        return Table()
    try:
        table = Table.from_bytes(data, fp)
    except (ValueError, OverflowError, IndexError):  # pragma: no cover - from_bytes checks sizes first
        table = None
    return table if table is not None else Table()


def save(fp: bytes, old: Table, fresh: bytes | bytearray) -> None:
    """Merge ``fresh`` results into ``old`` and write the file (atomically); skipped silently when not possible."""
    path = _path(fp)
    if path is None or not fresh:
        return
    pieces = old.merged(fresh).pieces(fp)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            for p in pieces:
                fh.write(p)
        os.replace(tmp, path)
    except OSError:  # read-only folder, full disk: no cache this time
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return
    _prune(os.path.dirname(path))


def touch(fp: bytes) -> None:
    """Mark the file as used (the least recently used ones are pruned)."""
    path = _path(fp)
    if path:
        try:
            os.utime(path)
        except OSError:
            pass


def _prune(where: str) -> None:
    try:
        files = [e for e in os.scandir(where) if e.name.endswith((".bin", ".tmp")) and e.is_file()]
        files.sort(key=lambda e: e.stat().st_mtime, reverse=True)
    except OSError:
        return
    bins = [e for e in files if e.name.endswith(".bin")]
    for e in bins[KEEP_FILES:]:
        try:
            os.unlink(e.path)
        except OSError:
            pass


_CODE_CHECKS = ("kpi-metric-not-emitted", "kpi-metric-emitted")
_TICKET_CHECKS = ("ticket-exists", "ticket-has-customer-problem", "ticket-has-kpi", "ticket-done-in-production")


def _rule_form(r) -> dict:
    """Everything of a rule that judging a document reads (not its documentation or examples)."""
    return {
        "code": r.code,
        "name": r.name,
        "principle": r.principle,
        "severity": r.severity,
        "applies_to": list(r.applies_to),
        "kind": r.kind,
        "message": r.message,
        "fix": r.fix,
        "enabled": r.enabled,
        "when": r.when,
        "check": r.check,
        "params": r.params,
        "sections": sorted(r.sections),
        "min_words": r.min_words,
        "scope": r.scope,
        "pattern": [r.pattern.pattern, r.pattern.flags] if r.pattern is not None else None,
    }


def _json_default(o):
    if isinstance(o, (set, frozenset)):
        return sorted(o, key=str)
    if isinstance(o, (tuple, bytes)):
        return list(o) if isinstance(o, tuple) else o.hex()
    return str(o)  # a Path; anything else by its text (an unstable text only costs cache misses)


def _code_stamp() -> list:
    """custlint's own code and shipped rule packs, by name, size and modification time: an
    editable install changes its code without changing its version."""
    import custlint
    from custlint.engine.packs import builtin_dir

    out = []
    for top in (os.path.dirname(os.path.abspath(custlint.__file__)), str(builtin_dir())):
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for f in sorted(filenames):
                if f.endswith((".py", ".toml")):
                    try:
                        st = os.stat(os.path.join(dirpath, f))
                    except OSError:
                        continue
                    out.append([os.path.relpath(os.path.join(dirpath, f), top), st.st_size, st.st_mtime_ns])
    return out


def _file_digest(path) -> str | None:
    try:
        with open(path, "rb") as fh:
            return _sha256(fh.read()).hexdigest()
    except OSError:
        return None


def fingerprint(engine) -> bytes:
    """What a commit's cached judgement is valid for (32 bytes, SHA-256 of):

    - the cache format, custlint's version and Python's (``usercache.STAMP``), and the size and
      modification time of every file of custlint's code and shipped rule packs;
    - every selected rule, in its parsed form: code, name, principle, severity, the kinds it
      applies to, kind, check, params, sections, min-words, pattern and flags, scope, ``when``,
      message and fix (so a change to a user's rule pack that changes any rule changes it);
    - the whole config (every key, whether or not a commit check reads it) and the folder its
      relative paths start from;
    - ``GITHUB_BASE_REF`` and ``CI_MERGE_REQUEST_TARGET_BRANCH_NAME`` (the done rules read the
      target branch: :meth:`custlint.sources.ci_env.CIEnv.env_stamp`);
    - with a ticket source configured and a ticket rule selected: the content of the ticket cache;
    - with a code root and a KPI-metric rule selected: the name, size and modification time of
      every Python file under the code root.
    """
    from custlint.core.usercache import STAMP
    from custlint.sources import ci_env

    cfg = engine.config
    rules = list(engine.rules)
    checks = {r.check for r in rules if r.kind == "analysis"}
    parts: dict = {
        "format": FORMAT,
        "stamp": STAMP,
        "principles": list(PRINCIPLES),
        "code": _code_stamp(),
        "rules": [_rule_form(r) for r in rules],
        "config": cfg.as_dict(),
        "root": str(cfg.root),
        "env": ci_env.current().env_stamp(),
    }
    if checks & set(_TICKET_CHECKS):
        from custlint.analysis.ticket_links import cache_path, configured

        if configured(cfg):
            parts["tickets"] = _file_digest(cache_path(cfg))
    root = cfg.code_root
    if root and checks & set(_CODE_CHECKS):
        from pathlib import Path

        from custlint.sources.python.files import python_files

        path = Path(root) if Path(root).is_absolute() else cfg.root / root
        files = []
        if path.is_dir():
            for f in python_files(path, cfg.code_exclude):
                try:
                    st = f.stat()
                except OSError:
                    continue
                files.append([str(f), st.st_size, st.st_mtime_ns])
        parts["code_root"] = files
    text = json.dumps(parts, sort_keys=True, default=_json_default, ensure_ascii=True)
    return _sha256(text.encode()).digest()
