"""``--format junit``: JUnit XML, for CI systems that show test reports.

One test case per finding (a failure for errors; warnings and notices pass with their text in
``system-out``), exempt work as skipped cases, and one passing case when all is clear, so the
report is never empty.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from custlint.engine.findings import Result
from custlint.reporters._where import where_words

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    """Text XML 1.0 can hold (control characters cannot be written even escaped)."""
    return _NOT_XML.sub("?", str(text))


def render(result: Result, info) -> str:
    s = result.summary()
    suites = ET.Element("testsuites", name="custlint")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=f"custlint {info.command}",
        tests=str(max(1, len(result.findings)) + len(result.exempt)),
        failures=str(s["errors"]),
        errors="0",
        skipped=str(len(result.exempt)),
    )
    for f in result.findings:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=_x(f"custlint.{f.source}.{f.subject[:12]}"),
            name=_x(f"{f.rule} {f.name} ({where_words(f)})"),
        )
        text = _x(f"{where_words(f)}: {f.message}\nFix: {f.fix}\nPrinciple: {f.principle}")
        if f.severity == "error":
            fail = ET.SubElement(case, "failure", message=_x(f.message), type=f.rule)
            fail.text = text
        else:
            ET.SubElement(case, "system-out").text = f"{f.severity}: {text}"
    if not result.findings:
        ET.SubElement(
            suite, "testcase", classname=f"custlint.{info.command}", name=f"{s['checked']} checked, no findings"
        )
    for e in result.exempt:
        case = ET.SubElement(
            suite, "testcase", classname=_x(f"custlint.{e.source}.{e.subject[:12]}"), name=_x(f"exempt {e.title[:60]}")
        )
        ET.SubElement(case, "skipped", message=_x(e.reason))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _no_commands(ET.tostring(suites, encoding="unicode")) + "\n"


# in text nodes ElementTree keeps line ends raw: a message's next line could start with '::'
_LINE_ENDS = str.maketrans({"\r": "&#13;", "\n": "&#10;", "\x85": "&#133;", "\u2028": "&#8232;", "\u2029": "&#8233;"})


def _no_commands(xml: str) -> str:
    """The serialised document with no workflow command in it (SECURITY.md section 2) and the same
    content: the line ends inside text and attributes written as character references (the
    document's own line ends, between tags, kept), and ``##[`` as ``#&#35;[``. Markup never holds
    ``##[`` or those characters, so only character data is changed."""
    pieces = []
    for i, chunk in enumerate(xml.split("<")):
        tag, sep, data = chunk.partition(">") if i else ("", "", chunk)
        if i:
            tag = _attrs(tag)
        if data.strip():  # character data, not the indentation between tags
            data = data.translate(_LINE_ENDS)
        pieces.append(("<" if i else "") + tag + sep + data)
    text = "".join(pieces)
    while "##[" in text:
        text = text.replace("##[", "#&#35;[")
    return text


def _attrs(tag: str) -> str:
    # ElementTree writes \n, \r in attribute values as &#10; &#13; already; the others stay raw
    return tag.translate(_LINE_ENDS)
