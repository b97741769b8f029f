#!/usr/bin/env python
"""Pages under load: `gonghui serve` on PostgreSQL and Redis, driven by wrk at 16 connections.

    python benchmarks/load.py [--rounds 3] [--duration 10] [--connections 16] [--only card,roster] [--rebuild]

Sets up what production runs (docs/deploy.md), on databases of its own:

- PostgreSQL: the database `bench_load` on the server of DATABASE_URL (default
  postgres://postgres@127.0.0.1:5432/postgres; created if missing; the configured database itself
  is never touched), loaded once with the demo county (`gonghui demo --no-serve`; reused after).
- Redis: REDIS_URL (default redis://127.0.0.1:6379/5) for the cache, sessions and job queue, as
  settings.py configures them when REDIS_URL is set.
- `gonghui serve --no-worker` on 127.0.0.1:8105 (--port), production mode, its default processes
  and threads (GONGHUI_WORKERS / GONGHUI_THREADS apply, as in production).

Then it logs in over HTTP as the demo personas (the login form, CSRF and all, so the session is
the one the server made) and, for each page in PAGES, runs `wrk` with that session's cookie and
prints requests/s and the latency percentiles, and the same for /healthz at the start and the end
of every round (the yardstick: the machine is shared, so read a page's figure beside it). Each
page is first fetched once and must answer 200 (not a redirect to the login page).

The pages are listed per persona below: add or change URLs there. `{root_org}` is the uuid of the
demo county's federation. A URL that answers 404 (a page that does not exist in this version) is
reported and skipped.
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "bench_load"
DATA_DIR = Path("/tmp/gonghui-bench-load")
PASSWORD = "gonghui-demo-2026"

# persona → (phone, [(label, url)]). Member targets: ≥ 300 requests/s and p95 ≤ 100 ms;
# cadre targets: ≥ 150 requests/s (issue #10).
PAGES = {
    "member": (
        "13800000005",
        [
            ("member home", "/"),
            ("card", "/me/card/"),
            ("me", "/me/"),
        ],
    ),
    "cadre": (
        "13800000001",
        [
            ("cadre home", "/"),
            ("glance", "/glance/{root_org}/"),
            ("roster", "/roster/"),
            ("board", "/desk/board/"),
            ("org figures", "/orgs/{root_org}/"),
        ],
    ),
    "anonymous": (None, [("login page", "/accounts/login/")]),
}
TARGETS = {"member": (300, 100), "cadre": (150, None), "anonymous": (None, None)}

LUA = r"""
done = function(summary, latency, requests)
  local s = summary.duration / 1e6
  io.write(string.format("RESULT %d %.3f %.3f %.3f %.3f %.3f %d %d\n",
    summary.requests, s, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
"""


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "DATABASE_URL must point at a PostgreSQL server (the benchmark uses its own database there)."
        )
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def ensure_database(url: str, rebuild: bool) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if exists and rebuild:
            admin.execute(f'DROP DATABASE "{BENCH_DB}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{BENCH_DB}"')


def base_env(db_url: str, redis_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGHUI_", "PYTEST"))}
    env.update(
        DATABASE_URL=db_url,
        REDIS_URL=redis_url,
        GONGHUI_DATA_DIR=str(DATA_DIR),
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        GONGHUI_LOG_LEVEL="WARNING",
    )
    for name in ("GONGHUI_WORKERS", "GONGHUI_THREADS"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def load_demo(env: dict) -> None:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "gonghui.cli", "demo", "--no-serve"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"demo data ready ({time.monotonic() - started:.0f} s)")


def analyze(db_url: str) -> None:
    """Planner statistics, as autovacuum keeps them in production: the demo has just written every
    table, and without them PostgreSQL guesses 5 members where there are 3,000 (the roster's rows
    took 9 ms through a hash join instead of 1 ms through the index)."""
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def root_org_uuid(db_url: str) -> str:
    import psycopg

    with psycopg.connect(db_url) as conn:
        row = conn.execute(
            "SELECT uuid FROM orgs_org WHERE parent_id IS NULL ORDER BY path LIMIT 1"
        ).fetchone()
    return str(row[0])


def start_server(env: dict, port: int) -> subprocess.Popen:
    env = dict(env)
    env.update(
        SECRET_KEY=(DATA_DIR / "secret_key").read_text().strip(),
        GONGHUI_ENCRYPTION_KEY=(DATA_DIR / "encryption_key").read_text().strip(),
        ALLOWED_HOSTS="127.0.0.1",
        GONGHUI_SSL_REDIRECT="0",  # no TLS proxy in front of the benchmark
    )
    log = open(DATA_DIR / "serve.log", "w")  # noqa: SIM115 (the server's lifetime)
    server = subprocess.Popen(
        [sys.executable, "-m", "gonghui.cli", "serve", "--no-worker", "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(300):
        if server.poll() is not None:
            sys.exit(f"gonghui serve exited ({server.returncode}); see {DATA_DIR / 'serve.log'}")
        try:
            if get(port, "/healthz")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    sys.exit("gonghui serve did not answer /healthz within 60 s")


def get(port: int, url: str, cookie: str = "") -> tuple[int, dict, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", url, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    cookies = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    conn.close()
    return response.status, cookies, body


def login(port: int, phone: str) -> str:
    status, cookies, body = get(port, "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    csrf = cookies["csrftoken"]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "phone": phone, "password": PASSWORD})
    conn.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Cookie": f"csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = conn.getresponse()
    response.read()
    session = None
    for name, value in response.getheaders():
        if name.lower() == "set-cookie" and value.startswith("sessionid="):
            session = value.split(";", 1)[0]
    conn.close()
    if response.status != 302 or session is None:
        sys.exit(f"login as {phone} failed: HTTP {response.status}")
    return f"{session}; csrftoken={csrf}"


def run_wrk(port: int, url: str, cookie: str, *, duration: int, connections: int, lua: str) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", lua]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*cmd, f"http://127.0.0.1:{port}{url}"], capture_output=True, text=True, check=True)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("RESULT"))
    n, secs, p50, p95, p99, pmax, bad_status, errors = line.split()[1:]
    return {
        "rps": int(n) / float(secs),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "max": float(pmax),
        "bad": int(bad_status),
        "errors": int(errors),
    }


def fmt(r: dict) -> str:
    extra = f"  {r['bad']} non-2xx, {r['errors']} errors" if r["bad"] or r["errors"] else ""
    return f"{r['rps']:8.0f} req/s   p50 {r['p50']:6.1f} ms   p95 {r['p95']:6.1f} ms   p99 {r['p99']:6.1f} ms{extra}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page and round")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--only", default="", help="comma-separated page labels (default: all)")
    parser.add_argument("--rebuild", action="store_true", help="drop and reload the benchmark database")
    args = parser.parse_args()

    db_url = postgres_url()
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")
    ensure_database(db_url, args.rebuild)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    env = base_env(db_url, redis_url)
    load_demo(env)
    analyze(db_url)
    root_org = root_org_uuid(db_url)
    only = {s.strip() for s in args.only.split(",") if s.strip()}

    server = start_server(env, args.port)
    try:
        pages = []  # (persona, label, url, cookie)
        for persona, (phone, urls) in PAGES.items():
            cookie = login(args.port, phone) if phone else ""
            for label, url in urls:
                if only and label not in only:
                    continue
                url = url.format(root_org=root_org)
                status, _, _ = get(args.port, url, cookie)
                if status == 404:
                    print(f"skipped {label} ({url}): 404 in this version")
                    continue
                if status != 200:
                    sys.exit(f"{label} ({url}) as {persona} answered {status}, not 200")
                pages.append((persona, label, url, cookie))
        results: dict[str, list[dict]] = {label: [] for _, label, _, _ in pages}
        results["/healthz"] = []
        workers = os.environ.get("GONGHUI_WORKERS", "default")
        threads = os.environ.get("GONGHUI_THREADS", "default")
        print(
            f"wrk: {args.connections} connections, {args.duration} s per page; gonghui serve workers={workers} "
            f"threads={threads}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}"
        )
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(LUA)
        opts = {"duration": args.duration, "connections": args.connections, "lua": f.name}
        for _ in range(3):  # warm every process's connections, templates and caches
            for _, _, url, cookie in pages:
                get(args.port, url, cookie)
        for round_no in range(1, args.rounds + 1):
            print(f"\nround {round_no} (load average {os.getloadavg()[0]:.1f})")
            for _persona, label, url, cookie in [
                ("", "/healthz", "/healthz", ""),
                *pages,
                ("", "/healthz", "/healthz", ""),
            ]:
                r = run_wrk(args.port, url, cookie, **opts)
                results[label].append(r)
                print(f"  {label:<14} {fmt(r)}")
        os.unlink(f.name)
    finally:
        server.terminate()
        server.wait(timeout=30)

    # The page's share of /healthz's rate in the same round (mean of the round's two healthz runs):
    # on a shared machine this moves much less than the raw figures.
    healthz = [
        (a["rps"] + b["rps"]) / 2
        for a, b in zip(results["/healthz"][::2], results["/healthz"][1::2], strict=True)
    ]
    print(
        f"\nsummary over {args.rounds} round(s): requests/s min–max (median), % of /healthz, p95 ms min–max"
    )
    for persona, label, _, _ in [("", "/healthz", "", ""), *pages]:
        rs = results[label]
        rps = [r["rps"] for r in rs]
        p95 = [r["p95"] for r in rs]
        min_rps, max_p95 = TARGETS.get(persona, (None, None))
        verdict = ""
        if min_rps:
            ok = statistics.median(rps) >= min_rps and (max_p95 is None or statistics.median(p95) <= max_p95)
            goal = f"≥ {min_rps}/s" + (f", p95 ≤ {max_p95} ms" if max_p95 else "")
            verdict = f"   target {goal}: {'met' if ok else 'NOT met'}"
        print(
            f"  {label:<14} {min(rps):6.0f}–{max(rps):<6.0f} ({statistics.median(rps):5.0f})  "
            f"{statistics.median([r / h for r, h in zip(rps, healthz, strict=True)]) * 100 if label != '/healthz' else 100:5.1f} %   "
            f"p95 {min(p95):6.1f}–{max(p95):<6.1f}{verdict}"
        )


if __name__ == "__main__":
    main()
