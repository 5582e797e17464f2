"""Benchmark of Amends: parse floor, in-process scoring, HTTP latency and throughput, memory, training.

    .venv/bin/python bench/run.py            # full run (several minutes), writes docs/benchmarks.md
    .venv/bin/python bench/run.py --quick    # smoke run: fewer repetitions, no training

All load goes to servers this script starts on 127.0.0.1 and always stops. Every timing is repeated
and reported as median (min-max).
"""

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import requests

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.drafts import DRAFTS, batch_texts, new_training_records  # noqa: E402

REPORT = ROOT / "docs" / "benchmarks.md"
TARGET_SIZE = 100  # the draft size the latency targets refer to
HEALTH_TIMEOUT = 60.0
REQUEST_TIMEOUT = 30.0
LOAD_DEADLINE = 120.0  # seconds one concurrent-load run may take before clients stop sending
TRAIN_TIMEOUT = 900.0


@dataclass(frozen=True)
class Config:
    """How much to repeat each measurement."""

    reps_single: int  # timed rounds over the drafts of one size
    warmup: int  # untimed rounds first
    reps_batch: int
    server_runs: int  # repetitions of each concurrent-load run
    load_requests: int  # requests per concurrent-load run, shared among the clients
    cold_starts: int  # 1-worker server spawns timed to the first /healthz 200
    train: bool


FULL = Config(reps_single=30, warmup=5, reps_batch=5, server_runs=3, load_requests=320, cold_starts=3, train=True)
QUICK = Config(reps_single=5, warmup=2, reps_batch=2, server_runs=1, load_requests=64, cold_starts=1, train=False)


# ---------------------------------------------------------------- statistics and formatting

@dataclass(frozen=True)
class Stat:
    median: float
    low: float
    high: float

    @classmethod
    def of(cls, samples) -> "Stat":
        return cls(statistics.median(samples), min(samples), max(samples))

    def fmt(self, scale: float = 1.0, digits: int = 1) -> str:
        """`median (min-max)` after multiplying by scale."""
        m, lo, hi = (round(v * scale, digits) for v in (self.median, self.low, self.high))
        return f"{m:.{digits}f} ({lo:.{digits}f}-{hi:.{digits}f})"


def percentile(samples, q: float) -> float:
    return float(np.percentile(samples, q))


def timed(fn, *args) -> float:
    """Seconds one call of fn(*args) takes."""
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def table(header: list[str], rows: list[list]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------- in-process measurements

def load_in_process():
    """The product's spaCy pipeline and a scorer bound to the active model."""
    from models import artifact, settings
    from models.nlp import load_nlp
    from models.scorer import Parser, Scorer

    md = settings.get_path("AMENDS_MODELS_DIR")
    art = artifact.load(md, artifact.active_version(md))
    return load_nlp(), Scorer(art, Parser())


def measure_in_process(nlp, scorer, cfg: Config) -> dict:
    """Per size: seconds of bare nlp(text) and of score_texts(scorer, [text]), interleaved draft by draft."""
    from service.feedback import score_texts

    out = {}
    for size, texts in DRAFTS.items():
        floor, score = [], []
        for rnd in range(cfg.warmup + cfg.reps_single):
            for text in texts:
                f, s = timed(nlp, text), timed(score_texts, scorer, [text])
                if rnd >= cfg.warmup:
                    floor.append(f)
                    score.append(s)
        out[size] = {"floor": floor, "score": score}
    return out


def measure_pipe(nlp, texts: list[str], cfg: Config) -> list[float]:
    """Docs/sec of bare nlp.pipe over the batch texts, one sample per repetition (after one warm-up)."""
    def run():
        return list(nlp.pipe(texts, batch_size=32))
    run()
    return [len(texts) / timed(run) for _ in range(cfg.reps_batch)]


# ---------------------------------------------------------------- the server

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_pids(parent: int) -> list[int]:
    """Processes whose parent is `parent`, from /proc/*/stat."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            pids.append(int(stat.parent.name))
    return pids


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    cold_start: float

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each gunicorn worker (children of the server process)."""
        return [rss_mb(pid) for pid in child_pids(self.process.pid)]


def wait_healthy(process: subprocess.Popen, url: str, log: Path) -> None:
    """Poll /healthz until it answers 200; fail if the server exits or HEALTH_TIMEOUT passes."""
    deadline = time.monotonic() + HEALTH_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            if requests.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"server not healthy after {HEALTH_TIMEOUT:.0f}s:\n{log.read_text()[-2000:]}")


def stop(process: subprocess.Popen) -> None:
    """terminate(), then kill() if it does not exit in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def server(workers: int):
    """A fresh `amends serve` on a free local port with a temporary data dir; always stopped."""
    with tempfile.TemporaryDirectory(prefix="amends-bench-") as tmp:
        port, log = free_port(), Path(tmp) / "server.log"
        env = {**os.environ, "AMENDS_RELOAD_SECONDS": "0", "AMENDS_DATA_DIR": str(Path(tmp) / "data")}
        command = [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                   "--workers", str(workers)]
        with open(log, "w") as log_file:
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
            try:
                url = f"http://127.0.0.1:{port}"
                wait_healthy(process, url, log)
                yield Server(process, url, time.perf_counter() - start)
            finally:
                stop(process)


# ---------------------------------------------------------------- HTTP measurements

def post(session: requests.Session, url: str, body: dict) -> requests.Response:
    response = session.post(url, json=body, timeout=REQUEST_TIMEOUT)
    response.raise_for_status()
    return response


class Client:
    """One keep-alive HTTP/1.1 connection with the standard library's lean client.

    `requests` spends about a millisecond of its own per call, which would be counted as the
    server's latency and, under load, takes CPU from the server on this 2-core machine.
    """

    def __init__(self, base: str):
        host, port = base.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=REQUEST_TIMEOUT)

    def post(self, path: str, body: dict) -> None:
        self.connection.request("POST", path, json.dumps(body).encode(), {"Content-Type": "application/json"})
        response = self.connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}")

    def close(self) -> None:
        self.connection.close()


def warm_up(base: str, workers: int) -> None:
    """Concurrent requests, each on a new connection so they spread over the workers, before anything is timed."""
    def client(_):
        for text in batch_texts(18):
            requests.post(base + "/api/v1/score", json={"text": text}, timeout=REQUEST_TIMEOUT).raise_for_status()
    with ThreadPoolExecutor(4 * workers) as pool:
        list(pool.map(client, range(4 * workers)))


def measure_latency(base: str, cfg: Config) -> dict:
    """Per size: seconds of POST /api/v1/score, one client with keep-alive."""
    out = {}
    client = Client(base)
    try:
        for size, texts in DRAFTS.items():
            samples = [timed(client.post, "/api/v1/score", {"text": text})
                       for _ in range(cfg.warmup + cfg.reps_single) for text in texts]
            out[size] = samples[cfg.warmup * len(texts):]
    finally:
        client.close()
    return out


def measure_batch(base: str, texts: list[str], cfg: Config) -> list[float]:
    """Docs/sec of POST /api/v1/score/batch with all texts in one request, per repetition."""
    with requests.Session() as session:
        def send():
            return post(session, base + "/api/v1/score/batch", {"texts": texts})
        send()
        return [len(texts) / timed(send) for _ in range(cfg.reps_batch)]


def load_run(base: str, clients: int, total: int) -> dict:
    """`clients` threads, each with its own keep-alive connection, share `total` requests of the 100-word drafts."""
    texts = DRAFTS[TARGET_SIZE]
    deadline = time.monotonic() + LOAD_DEADLINE
    errors, done, lock = [0], [0], threading.Lock()

    def client(index: int) -> None:
        connection = Client(base)
        try:
            for i in range(total // clients):
                if time.monotonic() > deadline:
                    return
                try:
                    connection.post("/api/v1/score", {"text": texts[(index + i) % len(texts)]})
                    ok = True
                except (OSError, RuntimeError, http.client.HTTPException):
                    ok = False
                    connection.close()
                    connection = Client(base)
                with lock:
                    done[0] += ok
                    errors[0] += not ok
        finally:
            connection.close()

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    elapsed = time.perf_counter() - start
    return {"rps": done[0] / elapsed, "errors": errors[0], "sent": done[0] + errors[0], "planned": total}


def measure_load(base: str, cfg: Config) -> dict:
    """Per client count (4, 16): the load runs against one server."""
    return {clients: [load_run(base, clients, cfg.load_requests) for _ in range(cfg.server_runs)] for clients in (4, 16)}


def measure_servers(cfg: Config, batch: list[str]) -> dict:
    """Everything that needs a running server: 1 worker (latency, batch, load), 2 workers (load), memory, cold start."""
    out = {"cold_start": {}, "rss": {}, "rss_after_load": {}, "load": {}}
    for workers in (1, 2):
        print(f"server with {workers} worker(s) ...", file=sys.stderr, flush=True)
        with server(workers) as srv:
            out["cold_start"][workers] = [srv.cold_start]
            warm_up(srv.url, workers)
            out["rss"][workers] = srv.worker_rss_mb()
            if workers == 1:
                out["latency"] = measure_latency(srv.url, cfg)
                out["batch"] = measure_batch(srv.url, batch, cfg)
            out["load"][workers] = measure_load(srv.url, cfg)
            out["rss_after_load"][workers] = srv.worker_rss_mb()
    for _ in range(cfg.cold_starts - 1):
        with server(1) as srv:
            out["cold_start"][1].append(srv.cold_start)
    return out


# ---------------------------------------------------------------- training

def train_once(models_dir: Path, data_dir: Path, corpus_dir: Path) -> dict:
    """Seconds and exit status of one `amends train --force` subprocess."""
    env = {**os.environ, "AMENDS_MODELS_DIR": str(models_dir), "AMENDS_DATA_DIR": str(data_dir),
           "AMENDS_CORPUS_DIR": str(corpus_dir)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "service.cli", "train", "--force"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=TRAIN_TIMEOUT)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(f"train exited {done.returncode}:\n{(done.stdout + done.stderr)[-2000:]}", file=sys.stderr)
    return {"seconds": seconds, "rc": done.returncode}


def snapshot_corpus(target: Path) -> int:
    """Copy data/corpus to target (so both training runs see the same corpus); the number of records."""
    shutil.copytree(ROOT / "data" / "corpus", target, ignore=lambda _, names: [n for n in names if not n.endswith(".jsonl")])
    return sum(1 for path in target.glob("*.jsonl") for line in path.open(encoding="utf-8") if line.strip())


def add_new_examples(corpus: Path) -> None:
    """Write the 50 new train examples of bench/drafts.py as zz-bench.jsonl into a corpus dir."""
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in new_training_records())
    (corpus / "zz-bench.jsonl").write_text(lines, encoding="utf-8")


def measure_training() -> dict:
    """Full training (empty models dir, fresh parse cache), then retraining with 50 more examples (warm cache)."""
    with tempfile.TemporaryDirectory(prefix="amends-bench-train-") as tmp:
        tmp = Path(tmp)
        models_dir, data_dir, base, more = tmp / "models", tmp / "data", tmp / "corpus", tmp / "corpus-plus-50"
        models_dir.mkdir()
        records = snapshot_corpus(base)
        shutil.copytree(base, more)
        add_new_examples(more)
        print("full training ...", file=sys.stderr, flush=True)
        full = train_once(models_dir, data_dir, base)
        print("retraining with 50 new examples ...", file=sys.stderr, flush=True)
        retrain = train_once(models_dir, data_dir, more)
    return {"full": full, "retrain": retrain, "records": records}


# ---------------------------------------------------------------- report

def machine(nlp, loads: tuple) -> list[str]:
    """Lines describing the machine, its load (other processes share it) and library versions."""
    import sklearn
    import spacy
    from models.nlp import describe

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    return [f"- CPUs: {os.cpu_count()} x {cpu}",
            f"- OS: {platform.platform()}",
            f"- 1-minute load average at start {loads[0]:.2f}, at end {loads[1]:.2f} (other processes share the CPUs)",
            f"- Python {platform.python_version()}, spaCy {spacy.__version__} ({describe(nlp)}), "
            f"scikit-learn {sklearn.__version__}"]


def single_draft_table(local: dict, http: dict) -> str:
    """Per size: floor, in-process score, HTTP p50/p99 (ms), and their ratios to the floor."""
    rows = []
    for size, texts in DRAFTS.items():
        floor = statistics.median(local[size]["floor"])
        score, lat = Stat.of(local[size]["score"]), http[size]
        p50, p99 = percentile(lat, 50), percentile(lat, 99)
        rows.append([f"~{size} ({round(statistics.mean(len(t.split()) for t in texts))})",
                     Stat.of(local[size]["floor"]).fmt(1000), score.fmt(1000), f"{score.median / floor:.2f}x",
                     f"{p50 * 1000:.1f} ({min(lat) * 1000:.1f}-{max(lat) * 1000:.1f})", f"{p99 * 1000:.1f}",
                     f"{p50 / floor:.2f}x", f"{p99 / floor:.2f}x"])
    return table(["words (mean)", "floor nlp(text) ms", "in-process score ms", "score/floor",
                  "HTTP p50 ms (min-max)", "HTTP p99 ms", "p50/floor", "p99/floor"], rows)


def batch_table(pipe: list[float], batch: list[float]) -> str:
    ratio = statistics.median(batch) / statistics.median(pipe)
    return table(["100 drafts (mixed sizes)", "docs/sec", "vs nlp.pipe"],
                 [["bare nlp.pipe(batch_size=32)", Stat.of(pipe).fmt(), "1.00x"],
                  ["POST /api/v1/score/batch", Stat.of(batch).fmt(), f"{ratio:.2f}x"]])


def load_table(load: dict) -> str:
    rows = []
    for workers, by_clients in load.items():
        for clients, runs in by_clients.items():
            rows.append([workers, clients, Stat.of([r["rps"] for r in runs]).fmt(),
                         sum(r["errors"] for r in runs), f"{sum(r['sent'] for r in runs)}/{sum(r['planned'] for r in runs)}"])
    return table(["workers", "clients", "requests/sec", "errors", "sent/planned"], rows)


def server_table(servers: dict) -> str:
    def mbs(key, w):
        return ", ".join(f"{mb:.0f}" for mb in sorted(servers[key][w]))
    rows = [[w, Stat.of(servers["cold_start"][w]).fmt(1, 2), len(servers["cold_start"][w]),
             mbs("rss", w), mbs("rss_after_load", w)] for w in (1, 2)]
    return table(["workers", "cold start s (to first /healthz 200)", "spawns", "RSS per worker MB after warm-up",
                  "after the load runs"], rows)


def training_table(training: dict | None) -> str:
    if training is None:
        return "Training skipped (--quick)."
    runs = [("full training (empty models dir, fresh parse cache)", training["full"]),
            ("retraining after 50 new examples (warm parse cache)", training["retrain"])]
    return (f"Corpus snapshot: {training['records']} records (+50 for the retraining).\n\n"
            + table(["run", "seconds", "exit status"], [[what, f"{r['seconds']:.1f}", r["rc"]] for what, r in runs]))


def verdict(ok: bool | None) -> str:
    return "skipped" if ok is None else ("PASS" if ok else "MISS")


def targets(local: dict, servers: dict, pipe: list[float], training: dict | None) -> str:
    """The targets beside the measured values, with PASS/MISS."""
    floor = statistics.median(local[TARGET_SIZE]["floor"])
    score = statistics.median(local[TARGET_SIZE]["score"]) / floor
    lat = servers["latency"][TARGET_SIZE]
    p50, p99 = percentile(lat, 50) / floor, percentile(lat, 99) / floor
    batch = statistics.median(servers["batch"]) / statistics.median(pipe)
    load = servers["load"]
    errors16 = sum(r["errors"] + r["planned"] - r["sent"] for w in load for r in load[w][16])
    rps = {w: statistics.median(r["rps"] for r in load[w][16]) for w in load}
    scaling = rps[2] / rps[1]
    rss, rss_later = (max(mb for w in servers[key] for mb in servers[key][w]) for key in ("rss", "rss_after_load"))
    cold = statistics.median(servers["cold_start"][1])
    full = training and training["full"]["seconds"]
    again = training and training["retrain"]["seconds"]
    rows = [
        ["in-process score <= 1.3x floor (100 words)", f"{score:.2f}x", score <= 1.3],
        ["HTTP p50 <= 1.5x floor (100 words)", f"{p50:.2f}x", p50 <= 1.5],
        ["HTTP p99 < 3x floor (100 words)", f"{p99:.2f}x", p99 < 3],
        ["batch >= 0.8x bare nlp.pipe", f"{batch:.2f}x", batch >= 0.8],
        ["0 errors at 16 clients (1 and 2 workers)", str(errors16), errors16 == 0],
        ["2 workers >= 1.7x 1 worker (16 clients)", f"{scaling:.2f}x", scaling >= 1.7],
        ["RSS per worker < 400 MB (largest, after warm-up)", f"{rss:.0f} MB ({rss_later:.0f} MB after batch and load runs)", rss < 400],
        ["cold start < 3 s (median, 1 worker)", f"{cold:.2f} s", cold < 3],
        ["full training < 120 s", f"{full:.1f} s" if training else "-", full < 120 if training else None],
        ["retraining after 50 examples < 20 s", f"{again:.1f} s" if training else "-", again < 20 if training else None],
    ]
    return table(["target", "measured", "result"], [[what, value, verdict(ok)] for what, value, ok in rows])


def report(nlp, cfg: Config, local: dict, pipe: list[float], servers: dict, training: dict | None, quick: bool,
           loads: tuple) -> str:
    """The whole Markdown document."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return "\n\n".join([
        "# Amends benchmarks",
        f"Date: {when}{' (quick smoke run)' if quick else ''}. Produced by `python bench/run.py"
        f"{' --quick' if quick else ''}`; every value is median (min-max) unless marked.",
        "Machine:\n" + "\n".join(machine(nlp, loads)),
        "## Targets\n\n" + targets(local, servers, pipe, training),
        f"## Single drafts\n\nDrafts from `bench/drafts.py`, {len(DRAFTS[TARGET_SIZE])} per size, "
        f"{cfg.reps_single} timed rounds after {cfg.warmup} warm-up rounds. The floor is bare `nlp(text)` with the "
        "product's pipeline; in-process is `service.feedback.score_texts(scorer, [text])`; HTTP is "
        "`POST /api/v1/score` to `amends serve --workers 1`, one client, keep-alive. Ratios use the floor's median.\n\n"
        + single_draft_table(local, servers["latency"]),
        f"## Batch\n\n100 drafts cycling through all sizes, {cfg.reps_batch} repetitions, one request per batch.\n\n"
        + batch_table(pipe, servers["batch"]),
        f"## Concurrent clients\n\nEach run shares {cfg.load_requests} requests of the ~100-word drafts among the clients "
        f"(own keep-alive connection each, standard-library http.client); runs per row: {cfg.server_runs}; errors are non-200 answers or failed requests. "
        "Load generator and server share the machine.\n\n" + load_table(servers["load"]),
        "## Server memory and cold start\n\nRSS (VmRSS) of each gunicorn worker after warm-up; cold start is spawn "
        "to first `/healthz` 200.\n\n" + server_table(servers),
        "## Training\n\n`amends train --force` in a temporary models and data dir; retraining adds "
        "`zz-bench.jsonl` (50 train examples) to a copy of the corpus and reuses the parse cache.\n\n"
        + training_table(training),
    ]) + "\n"


# ---------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and no training (smoke run)")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL

    load_at_start = os.getloadavg()[0]
    print("in-process measurements ...", file=sys.stderr, flush=True)
    nlp, scorer = load_in_process()
    batch = batch_texts(100)
    local = measure_in_process(nlp, scorer, cfg)
    pipe = measure_pipe(nlp, batch, cfg)
    servers = measure_servers(cfg, batch)
    training = measure_training() if cfg.train else None

    text = report(nlp, cfg, local, pipe, servers, training, args.quick, (load_at_start, os.getloadavg()[0]))
    print(text)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    print(f"written: {REPORT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
