"""`custlint code FILES` through the real CLI: findings, bad input, suppressions, Django urls, the pool."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import clean_env, custlint

FLASK = '''from flask import Flask
from statsd import StatsClient

app = Flask(__name__)
statsd = StatsClient()


@app.route("/checkout", methods=["POST"])
def checkout():
    statsd.incr("checkout.completed")
    return "ok"


@app.get("/cart")
def cart():
    return "ok"
'''


def write(root: Path, rel: str, text: str | bytes) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text if isinstance(text, bytes) else text.encode())
    return p


def test_findings_have_source_code_subject_path_and_line(tmp_path):
    write(tmp_path, "shop/app.py", FLASK)
    write(tmp_path, "shop/tasks.py", "def run():\n    pass  # FIXME: retry on timeout\n")
    r = custlint("code", "shop", "--format", "json", cwd=tmp_path)
    assert r.code == 1, r.out + r.err  # CD102 is an error
    got = {(f["rule"], f["subject"], f["path"], f["line"], f["source"], f["severity"]) for f in r.json()["findings"]}
    assert got == {("CD103", "shop/app.py", "shop/app.py", 15, "code", "warning"),
                   ("CD102", "shop/tasks.py", "shop/tasks.py", 2, "code", "error")}
    assert r.json()["summary"]["checked"] == 2


def test_warnings_only_exit_0_and_text_output(tmp_path):
    write(tmp_path, "app.py", FLASK)
    r = custlint("code", "app.py", cwd=tmp_path)
    assert r.code == 0
    assert "app.py:15: warning CD103 Route handler 'cart'" in r.out
    assert "1 warning: 1 file checked." in r.out


def test_syntax_error_and_non_utf8_are_warnings_and_the_rest_is_checked(tmp_path):
    write(tmp_path, "broken.py", "def checkout(:\n    pass\n")
    write(tmp_path, "latin1.py", "# caf\xe9\nx = 1\n".encode("latin-1"))
    write(tmp_path, "nul.py", b"x = 1\x00\n")
    write(tmp_path, "good.py", "# TODO: no ticket here\n")
    r = custlint("code", ".", "--format", "json", cwd=tmp_path)
    assert "Traceback" not in r.err
    by_path = {f["path"]: f for f in r.json()["findings"]}
    assert by_path["broken.py"]["rule"] == "CD100" and by_path["broken.py"]["severity"] == "warning"
    assert by_path["broken.py"]["line"] == 1 and "syntax error" in by_path["broken.py"]["message"]
    assert by_path["latin1.py"]["rule"] == "CD100" and "not UTF-8" in by_path["latin1.py"]["message"]
    assert by_path["nul.py"]["rule"] == "CD100"
    assert by_path["good.py"]["rule"] == "CD102"  # still checked
    assert r.json()["summary"]["checked"] == 4


def test_syntax_newer_than_this_python_is_not_an_error(tmp_path):
    # PEP 695 (3.12) parses with libcst even where the running compiler rejects it
    write(tmp_path, "new.py", "type Price = int\n\ndef total[T](items: list[T]) -> int:\n    return 0\n")
    r = custlint("code", "new.py", "--format", "json", cwd=tmp_path)
    assert r.code == 0 and r.json()["findings"] == []


def test_todo_in_a_string_is_not_a_comment_and_ticket_on_next_line_counts(tmp_path):
    write(tmp_path, "a.py", 'HELP = """\n# TODO: this is text\n"""\n# TODO: refund fees\n# tracked in SHOP-9\nx = 1\n')
    r = custlint("code", "a.py", "--format", "json", cwd=tmp_path)
    assert r.json()["findings"] == []


def test_ticket_projects_limit_what_counts(tmp_path):
    write(tmp_path, "a.py", "x = 1  # TODO(ABC-1): later\n")
    (tmp_path / ".custlint.toml").write_text('ticket-projects = ["SHOP"]\n')
    r = custlint("code", "a.py", "--format", "json", cwd=tmp_path)
    assert [f["rule"] for f in r.json()["findings"]] == ["CD102"]


def test_suppression_with_reason_works_without_reason_is_reported(tmp_path):
    write(tmp_path, "a.py", FLASK.replace('@app.get("/cart")', '# custlint: ignore[CD103] internal admin page\n@app.get("/cart")')
          + "x = 1  # TODO: later  # custlint: ignore[todo-without-ticket] generated code\n"
          + "y = 2  # TODO: soon  # custlint: ignore[CD102]\n")
    r = custlint("code", "a.py", "--format", "json", cwd=tmp_path)
    got = sorted((f["rule"], f["line"]) for f in r.json()["findings"])
    assert got == [("CD101", 19), ("CD102", 19)]  # the reasonless one is reported and suppresses nothing


def test_select_ignore_and_exit_zero(tmp_path):
    write(tmp_path, "a.py", "# TODO: x\n")
    assert custlint("code", "a.py", "--ignore", "CD102", cwd=tmp_path).code == 0
    assert custlint("code", "a.py", "--exit-zero", cwd=tmp_path).code == 0
    r = custlint("code", "a.py", "--select", "CD103", "--format", "json", cwd=tmp_path)
    assert r.json()["findings"] == []
    (tmp_path / ".custlint.toml").write_text('[severity]\nCD102 = "warning"\n')
    assert custlint("code", "a.py", cwd=tmp_path).code == 0


def test_missing_path_and_bad_jobs_are_exit_2(tmp_path):
    r = custlint("code", "nope.py", cwd=tmp_path)
    assert r.code == 2 and r.err.startswith("custlint: error: no such file or folder: nope.py")
    r = custlint("code", ".", "--jobs", "0", cwd=tmp_path)
    assert r.code == 2


def test_django_views_named_in_urls_are_entry_points(tmp_path):
    write(tmp_path, "shop/__init__.py", "")
    write(tmp_path, "shop/urls.py", 'from django.urls import path, include\nfrom . import views\nfrom .views import CartView\n\n'
          'urlpatterns = [\n    path("checkout/", views.checkout),\n    path("cart/", CartView.as_view()),\n'
          '    path("api/", include("api.urls")),\n]\n')
    write(tmp_path, "shop/views.py", 'from django.views import View\nfrom prometheus_client import Counter\n\n'
          'VIEWS = Counter("cart_views", "Cart page views")\n\n\ndef checkout(request):\n    return None\n\n\n'
          'class CartView(View):\n    def get(self, request):\n        VIEWS.inc()\n\n\ndef helper():\n    return None\n')
    # only views.py is passed, as pre-commit would; the urls are found under the code root (here: cwd)
    r = custlint("code", "shop/views.py", "--format", "json", cwd=tmp_path)
    got = [(f["rule"], f["line"], f["message"]) for f in r.json()["findings"]]
    assert len(got) == 1 and got[0][:2] == ("CD103", 7)
    assert "Django view 'checkout' (routed in shop/urls.py:6)" in got[0][2]


def test_metric_calls_from_config_count_as_emission(tmp_path):
    write(tmp_path, "app.py", 'from fastapi import APIRouter\nfrom acme import telemetry\n\nrouter = APIRouter()\n\n\n'
          '@router.post("/orders")\ndef place():\n    telemetry.emit("orders.placed")\n')
    assert [f["rule"] for f in custlint("code", "app.py", "--format", "json", cwd=tmp_path).json()["findings"]] == ["CD103"]
    (tmp_path / ".custlint.toml").write_text('metric-calls = ["telemetry.emit"]\n')
    assert custlint("code", "app.py", "--format", "json", cwd=tmp_path).json()["findings"] == []


def test_pool_gives_the_same_findings_as_one_process(tmp_path):
    for i in range(40):
        write(tmp_path, f"pkg/m{i:02d}.py", FLASK if i % 3 == 0 else f"x = {i}  # XXX: check {i}\n" if i % 3 == 1 else "y = 1\n")
    write(tmp_path, "pkg/broken.py", "def f(:\n")
    one = custlint("code", "pkg", "--jobs", "1", "--format", "json", cwd=tmp_path).json()
    two = custlint("code", "pkg", "--jobs", "2", "--format", "json", cwd=tmp_path).json()
    assert one == two
    assert one["summary"]["checked"] == 41
    assert len(one["findings"]) == 14 + 13 + 1


def test_code_path_imports_libcst_only_when_a_file_needs_parsing(tmp_path):
    write(tmp_path, "plain.py", "x = 1\n# TODO(SHOP-1): later\n")
    code = ("import sys\nfrom custlint.cli import main\nrc = main(['code', sys.argv[1], '--jobs', '1'])\n"
            "print('LIBCST=' + str('libcst' in sys.modules))\n")
    p = subprocess.run([sys.executable, "-c", code, str(tmp_path / "plain.py")], capture_output=True, text=True,
                       env=clean_env(), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "LIBCST=False" in p.stdout  # the pre-filter and the compiler were enough
