"""`make lighthouse`: Lighthouse's scores for seven pages, served the way production runs.

    .venv/bin/python -m benchmarks.lighthouse [--runs N] [--keep]

A measurement, not a CI gate: it prints performance, accessibility, best practices and
cumulative layout shift (CLS) for each page, against the targets (performance >= 90,
CLS < 0.1, accessibility and best practices 100), and exits 0 whatever they are.

How it serves the pages, as production does except for TLS:

- a throwaway SQLite database in a temporary folder, migrated and loaded with the demo
  (``load_demo`` runs with DEBUG on, as it insists; nothing else does);
- ``collectstatic`` into the same folder (hashed, compressed files), then gunicorn on a
  free port on 127.0.0.1 with DEBUG off, a random SECRET_KEY and WhiteNoise serving the
  collected files, with only SECURE_SSL_REDIRECT turned off (plain HTTP on loopback);
- it signs in as the demo coordinator and governor through the real sign-in form and
  hands Lighthouse the session cookie (``--extra-headers``).

Lighthouse (npm ``lighthouse``, from node_modules) runs Debian's Chromium
(CHROME_PATH=/usr/bin/chromium, headless), with its default mobile profile and
simulated slow 4G. It never downloads a browser.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"
CATEGORIES = ["performance", "accessibility", "best-practices"]
# Opportunities worth naming under the table, with the files each flagged.
OPPORTUNITIES = {
    "render-blocking-resources": "render-blocking",
    "unused-css-rules": "unused CSS",
    "unused-javascript": "unused JavaScript",
    "uses-long-cache-ttl": "short cache lifetime",
    "uses-text-compression": "not compressed",
}

# label, path, the demo user who sees it. {listeners} is the demo's Listeners scheme (a
# complete plan awaiting approval), {insiders} its Insiders scheme (a plan just started,
# so still editable: "Check your answers" is only for a plan that can be changed).
PAGES: list[tuple[str, str, str]] = [
    ("Scheme list", "/schemes/", "coordinator"),
    ("Scheme overview", "/schemes/{listeners}/", "coordinator"),
    ("Planning checklist", "/schemes/{listeners}/planning/", "coordinator"),
    ("Check your answers", "/schemes/{insiders}/planning/check/", "coordinator"),
    ("Plan to print", "/schemes/{listeners}/plan/print/", "coordinator"),
    ("Maintenance", "/schemes/{listeners}/maintenance/", "coordinator"),
    ("Plans awaiting approval", "/plans/awaiting-approval/", "governor"),
]


@dataclass
class Score:
    performance: float
    accessibility: float
    best_practices: float
    cls: float
    fcp_ms: float
    lcp_ms: float
    # audit id -> the URLs it flagged (only audits that did not pass)
    flagged: dict[str, set[str]] = field(default_factory=dict)


def base_environment(folder: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # The run's own database, broker and static files, whatever the shell says.
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
            "CELERY_RESULT_BACKEND",
            "STATICFILES_BACKEND",
            "WHITENOISE_USE_FINDERS",
        }
    }
    env.update(
        VAR_DIR=str(folder / "var"),
        STATIC_ROOT=str(folder / "static"),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def production_environment(folder: Path) -> dict[str, str]:
    env = base_environment(folder)
    env.update(
        # gunicorn's control socket goes under $HOME: not beside another run's.
        HOME=str(folder),
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on loopback: the one production setting turned off.
        SECURE_SSL_REDIRECT="false",
        WEB_CONCURRENCY="2",
    )
    return env


def run(command: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603
        command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(
    port: int, method: str, path: str, cookies: dict[str, str], body: str | None = None
) -> tuple[int, str]:
    """One request; the cookies it sets are added to ``cookies``. Returns status, body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = f"http://127.0.0.1:{port}"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    for header in response.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            cookies[name] = morsel.value
    connection.close()
    return response.status, text


def wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped before it served a page")
        try:
            status, _ = fetch(port, "GET", "/healthz/", {})
        except OSError:
            time.sleep(0.3)
            continue
        if status == 200:
            return
        time.sleep(0.3)
    sys.exit("gunicorn did not answer /healthz/ within 60 seconds")


def sign_in(port: int, username: str, password: str) -> str:
    """Sign in through the form; the Cookie header that carries the session."""
    cookies: dict[str, str] = {}
    status, page = fetch(port, "GET", "/sign-in/", cookies)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or match is None:
        sys.exit(f"/sign-in/ answered {status} without a CSRF token")
    form = {"csrfmiddlewaretoken": match.group(1), "username": username, "password": password}
    status, _ = fetch(port, "POST", "/sign-in/", cookies, urlencode(form))
    session = {name: value for name, value in cookies.items() if name.endswith("sessionid")}
    if status != 302 or not session:
        sys.exit(f"signing in as {username} failed (status {status})")
    return "; ".join(f"{name}={value}" for name, value in session.items())


def lighthouse(url: str, cookie: str, output: Path) -> Score:
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    command = [
        shutil.which("node") or "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--extra-headers={json.dumps({'Cookie': cookie})}",
    ]
    run(command, env)
    report = json.loads(output.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        sys.exit(f"Lighthouse could not load {url}: {report['runtimeError']}")
    final_url = report.get("finalDisplayedUrl") or report.get("finalUrl")
    if final_url != url:
        sys.exit(f"Lighthouse was sent from {url} to {final_url}: not signed in?")

    def category(name: str) -> float:
        score = report["categories"][name]["score"]
        return float("nan") if score is None else round(score * 100)

    audits = report["audits"]
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    flagged = {
        audit: {
            str(item["url"]).removeprefix(origin)
            for item in (audits[audit].get("details") or {}).get("items", [])
            if "url" in item
        }
        for audit in OPPORTUNITIES
        if audit in audits and audits[audit].get("score") not in (None, 1)
    }
    return Score(
        performance=category("performance"),
        accessibility=category("accessibility"),
        best_practices=category("best-practices"),
        cls=float(audits["cumulative-layout-shift"]["numericValue"]),
        fcp_ms=float(audits["first-contentful-paint"]["numericValue"]),
        lcp_ms=float(audits["largest-contentful-paint"]["numericValue"]),
        flagged={audit: urls for audit, urls in flagged.items() if urls},
    )


def median_score(scores: list[Score]) -> Score:
    return Score(
        performance=statistics.median(s.performance for s in scores),
        accessibility=statistics.median(s.accessibility for s in scores),
        best_practices=statistics.median(s.best_practices for s in scores),
        cls=statistics.median(s.cls for s in scores),
        fcp_ms=statistics.median(s.fcp_ms for s in scores),
        lcp_ms=statistics.median(s.lcp_ms for s in scores),
        flagged={
            audit: set().union(*(s.flagged.get(audit, set()) for s in scores))
            for audit in OPPORTUNITIES
            if any(audit in s.flagged for s in scores)
        },
    )


def verdict(score: Score) -> str:
    missed = []
    if not score.performance >= 90:
        missed.append("performance")
    if not score.cls < 0.1:
        missed.append("CLS")
    if score.accessibility != 100:
        missed.append("accessibility")
    if score.best_practices != 100:
        missed.append("best practices")
    return "ok" if not missed else "missed: " + ", ".join(missed)


def print_table(rows: list[tuple[str, Score]]) -> None:
    header = (
        f"{'Page':<25}  {'Perf':>4}  {'A11y':>4}  {'BP':>4}  {'CLS':>6}  "
        f"{'FCP ms':>7}  {'LCP ms':>7}  Verdict"
    )
    print(header)
    print("-" * len(header))
    for label, s in rows:
        print(
            f"{label:<25}  {s.performance:>4.0f}  {s.accessibility:>4.0f}  "
            f"{s.best_practices:>4.0f}  {s.cls:>6.3f}  {s.fcp_ms:>7.0f}  {s.lcp_ms:>7.0f}  "
            f"{verdict(s)}"
        )
    print(
        "\nTargets: performance >= 90, CLS < 0.1, accessibility and best practices 100 "
        "(Lighthouse mobile, simulated slow 4G)."
    )
    for audit, label in OPPORTUNITIES.items():
        urls = sorted(set().union(*(s.flagged.get(audit, set()) for _, s in rows)))
        if urls:
            print(f"Lighthouse flags as {label}: {', '.join(urls)}")


def check_tools() -> None:
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if not LIGHTHOUSE.is_file():
        missing.append(f"{LIGHTHOUSE} (make install)")
    if not GUNICORN.is_file():
        missing.append(f"{GUNICORN} (make install)")
    if missing:
        sys.exit("make lighthouse needs " + " and ".join(missing))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.lighthouse", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="Lighthouse runs per page; the median is printed"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (reports as JSON)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    check_tools()
    folder = Path(tempfile.mkdtemp(prefix="peersupport-lighthouse-"))
    server: subprocess.Popen[bytes] | None = None
    try:
        port = free_port()
        setup = {**base_environment(folder), "DEBUG": "true"}
        production = production_environment(folder)
        print("Migrating a throwaway database and loading the demo ...", flush=True)
        run([str(PYTHON), "manage.py", "migrate", "--noinput"], setup)
        run([str(PYTHON), "manage.py", "load_demo"], setup)
        scheme_ids = run(
            [
                str(PYTHON),
                "manage.py",
                "shell",
                "--verbosity=0",
                "-c",
                "from schemes.models import Scheme; "
                "print(*(Scheme.objects.get(name=name, prison__code='LEI').pk "
                "for name in ('Listeners', 'Insiders')))",
            ],
            setup,
        ).split()
        schemes = {"listeners": scheme_ids[0], "insiders": scheme_ids[1]}
        print("Collecting the static files (hashed, compressed) ...", flush=True)
        run([str(PYTHON), "manage.py", "collectstatic", "--noinput"], production)
        print(f"Serving with gunicorn on http://127.0.0.1:{port} (DEBUG off) ...", flush=True)
        server = subprocess.Popen(  # noqa: S603
            [
                str(GUNICORN),
                "peersupport.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level=warning",
            ],
            env=production,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        wait_until_up(port, server)
        password = os.environ.get("DEMO_PASSWORD", "peer-support-demo")
        cookies = {user: sign_in(port, user, password) for user in sorted({p[2] for p in PAGES})}
        rows: list[tuple[str, Score]] = []
        for index, (label, path, user) in enumerate(PAGES):
            url = f"http://127.0.0.1:{port}{path.format(**schemes)}"
            print(f"Lighthouse: {label} ({url}) ...", flush=True)
            scores = [
                lighthouse(url, cookies[user], folder / f"page-{index}-run-{run_}.json")
                for run_ in range(args.runs)
            ]
            rows.append((label, median_score(scores)))
        print()
        print_table(rows)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if args.keep:
            print(f"\nReports kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
