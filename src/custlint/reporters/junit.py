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
    suite = ET.SubElement(suites, "testsuite", name=f"custlint {info.command}",
                          tests=str(max(1, len(result.findings)) + len(result.exempt)),
                          failures=str(s["errors"]), errors="0", skipped=str(len(result.exempt)))
    for f in result.findings:
        case = ET.SubElement(suite, "testcase", classname=_x(f"custlint.{f.source}.{f.subject[:12]}"),
                             name=_x(f"{f.rule} {f.name} ({where_words(f)})"))
        text = _x(f"{where_words(f)}: {f.message}\nFix: {f.fix}\nPrinciple: {f.principle}")
        if f.severity == "error":
            fail = ET.SubElement(case, "failure", message=_x(f.message), type=f.rule)
            fail.text = text
        else:
            ET.SubElement(case, "system-out").text = f"{f.severity}: {text}"
    if not result.findings:
        ET.SubElement(suite, "testcase", classname=f"custlint.{info.command}",
                      name=f"{s['checked']} checked, no findings")
    for e in result.exempt:
        case = ET.SubElement(suite, "testcase", classname=_x(f"custlint.{e.source}.{e.subject[:12]}"), name=_x(f"exempt {e.title[:60]}"))
        ET.SubElement(case, "skipped", message=_x(e.reason))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
