"""Tools for `make bench`: measure what a user gets, against the strongest anchor on this machine.

Every app may have a ``benchmarks`` module with ``run(*, report: Report, scale: str)``; the command
``manage.py run_benchmarks`` builds nothing itself: each app's ``run`` builds its scale data (once,
idempotently) and times what matters for it.

How a figure is made (and why):

- Requests go over real HTTP to gunicorn running the bench settings, which are the production
  settings on their own database, with Redis as the cache and session store (``app_server``).
- The load generator is ``wrk`` (Debian's package), not Python threads in the same interpreter, so
  the generator is not the bottleneck (``wrk_run``).
- The anchor is nginx serving the very bytes the app served (``nginx_serving``): a cached page can
  be no faster than that, so "cached / nginx" says how close to the ceiling the cache gets.
- Variants are measured in interleaved rounds (A B C A B C ...) and reported as the median of the
  per-round ratios, with min and max beside them, so a drift of the machine's speed during the run
  cancels out (``interleaved``).
- CPU per render is the app workers' own CPU time (from /proc) divided by the requests they
  answered one after another, which is what a page costs whatever else the machine does
  (``cpu_per_request``).
- The machine's load average is printed before and after, so a noisy run can be seen as one.

Results are printed and written to var/bench/results.json; ``Report.summary`` prints the ratios
first, then the targets with the measured figure beside each.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.test import Client

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Timing:
    name: str
    requests: int
    p50_ms: float
    p99_ms: float
    mean_ms: float
    requests_per_second: float
    queries: int | None = None
    cpu_ms: float | None = None
    note: str = ""


@dataclass
class Ratio:
    name: str
    median: float
    low: float
    high: float
    rounds: int
    note: str = ""


@dataclass
class Target:
    what: str
    measured: float | None
    target: float
    unit: str
    lower_is_better: bool = True
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.measured is None:
            return None
        if self.lower_is_better:
            return self.measured <= self.target
        return self.measured >= self.target


@dataclass
class Report:
    results: list[Timing] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)

    def add(self, timing: Timing) -> Timing:
        self.results.append(timing)
        extra = ""
        if timing.queries is not None:
            extra += f"  {timing.queries} queries"
        if timing.cpu_ms is not None:
            extra += f"  {timing.cpu_ms:.1f} ms CPU"
        print(  # noqa: T201
            f"  {timing.name:<62} p50 {timing.p50_ms:9.2f} ms  p99 {timing.p99_ms:9.2f} ms  "
            f"{timing.requests_per_second:9.1f} req/s{extra}"
        )
        return timing

    def ratio(self, name: str, values: list[float], note: str = "") -> Ratio:
        ratio = Ratio(
            name=name,
            median=round(statistics.median(values), 3),
            low=round(min(values), 3),
            high=round(max(values), 3),
            rounds=len(values),
            note=note,
        )
        self.ratios.append(ratio)
        print(  # noqa: T201
            f"  ratio {name:<56} {ratio.median:7.3f}  (min {ratio.low:.3f}, max {ratio.high:.3f}, "
            f"{ratio.rounds} rounds)"
        )
        return ratio

    def target(self, target: Target) -> Target:
        self.targets.append(target)
        return target

    def fact(self, key: str, value) -> None:
        self.facts[key] = value
        print(f"  {key}: {value}")  # noqa: T201

    def summary(self) -> str:
        lines = ["", "Ratios (median of interleaved rounds; min-max beside)"]
        for ratio in self.ratios:
            lines.append(
                f"  {ratio.name:<60} {ratio.median:8.3f}   {ratio.low:.3f}-{ratio.high:.3f}"
                + (f"   {ratio.note}" if ratio.note else "")
            )
        lines += ["", "Targets", f"  {'what':<60} {'measured':>10}   {'target':>10}   met"]
        for target in self.targets:
            sign = "<=" if target.lower_is_better else ">="
            measured = "-" if target.measured is None else f"{target.measured:.2f}"
            met = {True: "yes", False: "NO", None: "-"}[target.met]
            lines.append(
                f"  {target.what:<60} {measured:>10}   {sign} {target.target:g} {target.unit:<6} "
                f"{met}" + (f"   {target.note}" if target.note else "")
            )
        lines += ["", f"Load average (1, 5, 15 min): {load_average()}"]
        return "\n".join(lines)

    def save(self) -> Path:
        out = Path(settings.VAR_DIR) / "bench"
        out.mkdir(parents=True, exist_ok=True)
        path = out / "results.json"
        path.write_text(
            json.dumps(
                {
                    "facts": self.facts,
                    "ratios": [asdict(r) for r in self.ratios],
                    "targets": [{**asdict(t), "met": t.met} for t in self.targets],
                    "results": [asdict(r) for r in self.results],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return path


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# --- tools -------------------------------------------------------------------------------------


def ensure_tools() -> None:
    """Install Debian's nginx and wrk when missing (as root directly, otherwise through sudo)."""
    missing = [
        package
        for package, binary in (("nginx", "nginx"), ("wrk", "wrk"))
        if not (shutil.which(binary) or Path(f"/usr/sbin/{binary}").exists())
    ]
    if not missing:
        return
    print(f"  installing {', '.join(missing)} for the bench", flush=True)  # noqa: T201
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)  # noqa: S603
    subprocess.run(  # noqa: S603
        [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        check=True,
        env=env,
    )


def redis_url() -> str:
    """The Redis the bench uses (production uses Redis for the cache and sessions)."""
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


# --- servers -----------------------------------------------------------------------------------


@dataclass
class AppServer:
    port: int
    process: subprocess.Popen

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def cpu_seconds(self) -> float:
        """User + system CPU time of the app workers so far."""
        total = 0
        for pid in self.worker_pids():
            try:
                # Fields after the command name (which may hold spaces) start at state (3rd).
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / CLOCK_TICKS

    def max_rss_mb(self) -> float:
        largest = 0
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        largest = max(largest, int(line.split()[1]))
        return largest / 1024


@contextlib.contextmanager
def app_server(
    *, env: dict[str, str] | None = None, workers: int = 2, threads: int | None = None
) -> Iterator[AppServer]:
    """gunicorn as production runs it (``partnerstvo/gunicorn_conf.py``: threaded workers that keep
    connections alive) with the bench settings (production settings on the bench database, Redis).
    ``threads`` replaces the configured number (1 to measure one request at a time)."""
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnerstvo.settings.bench",
        "REDIS_URL": redis_url(),
        **(env or {}),
    }
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", "python:partnerstvo.gunicorn_conf",
         "partnerstvo.wsgi_bench:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), *(["--threads", str(threads)] if threads else [])],
        cwd=settings.BASE_DIR, env=environment,
    )  # fmt: skip
    try:
        wait_for(port)
        yield AppServer(port=port, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@contextlib.contextmanager
def gunicorn_serving(files: dict[str, bytes], *, workers: int = 2) -> Iterator[int]:
    """gunicorn, configured as production runs it, serving ``files`` from memory with no framework
    (``bench_bytes_wsgi``): the ceiling of what any Python answer can reach on this server."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-bytes-") as directory:
        for path, body in files.items():
            target = Path(directory) / path.lstrip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "-c", "python:partnerstvo.gunicorn_conf",
             "partnerstvo.core.bench_bytes_wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers)],
            cwd=settings.BASE_DIR, env={**os.environ, "BENCH_BYTES_DIR": directory},
        )  # fmt: skip
        try:
            wait_for(port)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@contextlib.contextmanager
def nginx_serving(files: dict[str, bytes]) -> Iterator[int]:
    """nginx on 127.0.0.1 serving ``files`` ({path: body}) as text/html, tuned as a production
    proxy would be (sendfile, keep-alive, no access log)."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as directory:
        root = Path(directory) / "root"
        for path, body in files.items():
            target = root / path.lstrip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
        config = Path(directory) / "nginx.conf"
        temp = Path(directory) / "scratch"
        user = "user root;" if os.geteuid() == 0 else ""
        config.write_text(
            textwrap.dedent(f"""
                {user}
                worker_processes auto;
                daemon off;
                pid {directory}/nginx.pid;
                error_log {directory}/error.log warn;
                events {{ worker_connections 4096; }}
                http {{
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    tcp_nodelay on;
                    keepalive_timeout 65;
                    keepalive_requests 1000000;
                    client_body_temp_path {temp};
                    proxy_temp_path {temp};
                    fastcgi_temp_path {temp};
                    uwsgi_temp_path {temp};
                    scgi_temp_path {temp};
                    default_type text/html;
                    server {{
                        listen 127.0.0.1:{port};
                        root {root};
                        location / {{ try_files $uri/index.html =404; charset utf-8; }}
                    }}
                }}
            """)
        )
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        process = subprocess.Popen(  # noqa: S603
            [binary, "-c", str(config), "-p", directory],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


# --- load --------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unreadable wrk latency {text!r}")
    return float(match[1]) * _UNITS[match[2]]


@dataclass
class WrkResult:
    requests: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    mean_ms: float


def wrk_run(
    *,
    port: int,
    path: str,
    host: str = "127.0.0.1",
    seconds: float = 5,
    connections: int = 32,
    threads: int = 2,
    headers: dict[str, str] | None = None,
) -> WrkResult:
    """``wrk`` against 127.0.0.1:port; refuses a run with any non-2xx answer or socket error."""
    command = [
        shutil.which("wrk") or "/usr/bin/wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "30s",
        "-H",
        f"Host: {host}",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{_ascii(path)}")
    output = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx or 3xx responses" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw errors on {host}{path}:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output)[1])
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    mean = _milliseconds(re.search(r"Latency\s+(\S+)", output)[1])
    distribution = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    return WrkResult(
        requests=requests,
        requests_per_second=rate,
        p50_ms=_milliseconds(distribution["50"]),
        p99_ms=_milliseconds(distribution["99"]),
        mean_ms=mean,
    )


def _ascii(path: str) -> str:
    """A request target as it travels on the wire (Cyrillic in the query string quoted)."""
    return quote(path, safe="/?=&%+:;,@")


def http_get(
    port: int, path: str, *, host: str = "127.0.0.1", headers: dict | None = None
) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", _ascii(path), headers={"Host": host, **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{host}{path} answered {response.status}")
        return body
    finally:
        conn.close()


def sequential(
    server: AppServer,
    path: str,
    *,
    host: str = "127.0.0.1",
    requests: int,
    warmup: int = 2,
    headers: dict | None = None,
) -> tuple[list[float], float]:
    """``requests`` GETs one after another over one keep-alive connection: the latency each
    person waits when nobody else is on the server, and the app workers' CPU ms per request."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
    all_headers = {"Host": host, **(headers or {})}
    try:
        for _ in range(warmup):
            conn.request("GET", _ascii(path), headers=all_headers)
            conn.getresponse().read()
        cpu_before = server.cpu_seconds()
        latencies = []
        for _ in range(requests):
            begin = time.perf_counter()
            conn.request("GET", _ascii(path), headers=all_headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{host}{path} answered {response.status}")
            latencies.append((time.perf_counter() - begin) * 1000)
        cpu_ms = (server.cpu_seconds() - cpu_before) * 1000 / requests
    finally:
        conn.close()
    return latencies, cpu_ms


def timing_from(name: str, latencies: list[float], *, cpu_ms=None, queries=None) -> Timing:
    return Timing(
        name=name,
        requests=len(latencies),
        p50_ms=percentile(latencies, 0.5),
        p99_ms=percentile(latencies, 0.99),
        mean_ms=statistics.fmean(latencies),
        requests_per_second=1000 / statistics.fmean(latencies),
        queries=queries,
        cpu_ms=cpu_ms,
    )


def interleaved(
    variants: dict[str, Callable[[], WrkResult]], *, rounds: int
) -> dict[str, list[WrkResult]]:
    """Run each variant once per round, in turn (A B C A B C ...)."""
    results: dict[str, list[WrkResult]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, measure in variants.items():
            results[name].append(measure())
    return results


def count_queries(
    url: str, *, client: Client | None = None, host: str | None = None, expect: int = 200
) -> int:
    """SQL queries of one GET through the whole Django stack, in this process."""
    from django.db import connection

    client = client or Client()
    extra = {"HTTP_HOST": host} if host else {}
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    # Django resets connection.queries at each request, so count at the cursor instead.
    with connection.execute_wrapper(count):
        response = client.get(url, **extra)
    if response.status_code != expect:
        raise AssertionError(f"{url} answered {response.status_code}, expected {expect}")
    return queries


def session_cookie(user) -> dict[str, str]:
    """A Cookie header for ``user``, in the session store the app servers read (Redis + DB)."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return {"Cookie": f"{name}={client.cookies[name].value}"}


def time_get(
    name: str,
    url: str,
    *,
    requests: int = 200,
    warmup: int = 10,
    client: Client | None = None,
    host: str | None = None,
    expect: int = 200,
) -> Timing:
    """GET ``url`` ``requests`` times in this process (no HTTP): for the selectors' share of a
    page; what a user waits is measured over HTTP (``sequential``, ``wrk_run``)."""
    client = client or Client()
    extra = {"HTTP_HOST": host} if host else {}
    for _ in range(warmup):
        response = client.get(url, **extra)
        if response.status_code != expect:
            raise AssertionError(f"{url} answered {response.status_code}, expected {expect}")
    queries = count_queries(url, client=client, host=host, expect=expect)
    durations = []
    for _ in range(requests):
        begin = time.perf_counter()
        client.get(url, **extra)
        durations.append((time.perf_counter() - begin) * 1000)
    return timing_from(name, durations, queries=queries)
