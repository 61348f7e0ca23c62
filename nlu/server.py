"""Build, train, start and stop the Rasa NLU server from the app's side (Python 3.11, no Rasa import).

Why here and not only in the Makefile: ``vet2b nlu serve`` must work on a fresh clone with one command —
create the Python 3.10 venv if needed, train if the data changed, start, wait until the model is loaded —
and the test fixture reuses exactly the same code. The Makefile fragment (nlu/nlu.mk) calls the same
steps, with the same stamp file, so either way of installing counts for the other.

Training is skipped when nothing it reads changed: the model's file name carries a hash of the pipeline
config, every training file under nlu/data/ (the generated taxonomy file included) and the Rasa
requirements, so an existing ``nlu/models/nlu-<hash>.tar.gz`` is simply reused.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final
from urllib.parse import urlsplit

import httpx

from nlu.generate_taxonomy import generate as generate_taxonomy

NLU_DIR: Final = Path(__file__).resolve().parent
ROOT: Final = NLU_DIR.parent
CONFIG_PATH: Final = NLU_DIR / "config.yml"
DATA_DIR: Final = NLU_DIR / "data"
COMPONENTS_PATH: Final = NLU_DIR / "rasa_components.py"
MODELS_DIR: Final = NLU_DIR / "models"
VENV_DIR: Final = NLU_DIR / ".venv"
# Same file the Makefile's nlu-venv target touches after a successful install.
VENV_STAMP: Final = VENV_DIR / ".installed"
REQUIREMENTS: Final = (NLU_DIR / "requirements.txt", NLU_DIR / "constraints.txt")
RASA_ENV: Final = {
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "RASA_TELEMETRY_ENABLED": "false",
    "PYTHONWARNINGS": "ignore",
}

Progress = Callable[[str], None]
# The Rasa token is a query parameter: keep httpx's per-request INFO lines (with the URL) out of the logs.
logging.getLogger("httpx").setLevel(logging.WARNING)


class NluServerError(RuntimeError):
    """Installing, training or starting Rasa failed; the message says what to look at."""


def _quiet(_: str) -> None:
    return None


def rasa_env(var_dir: Path) -> dict[str, str]:
    """Environment for Rasa processes: quiet logs, no telemetry, caches under var/ instead of the repo."""
    env = dict(os.environ)
    env.update(RASA_ENV)
    env["RASA_CACHE_DIRECTORY"] = str((var_dir / "rasa-cache").resolve())
    env["MPLCONFIGDIR"] = str((var_dir / "matplotlib").resolve())
    env.pop("VIRTUAL_ENV", None)
    # Our own component (nlu/rasa_components.py) is imported by module path from the repository root.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return env


def rasa_bin() -> Path:
    return VENV_DIR / "bin" / "rasa"


def venv_ready() -> bool:
    """True when the Rasa venv exists and was installed after the last change to its requirements."""
    if not rasa_bin().exists() or not VENV_STAMP.exists():
        return False
    stamp = VENV_STAMP.stat().st_mtime
    return all(stamp >= path.stat().st_mtime for path in REQUIREMENTS)


TICK_S: Final = 20.0  # how often a long step says it is still working


def run_ticking(command: list[str], label: str, progress: Progress, **kwargs: object) -> int:
    """Run ``command`` to its end, saying "<label>… 40 s" every TICK_S so a first run never looks hung.

    Why not a bar: neither pip nor ``rasa train`` tells us its size up front; elapsed time is honest."""
    started = time.monotonic()
    process = subprocess.Popen(command, **kwargs)  # type: ignore[call-overload]
    while True:
        try:
            return int(process.wait(timeout=TICK_S))
        except subprocess.TimeoutExpired:
            progress(f"{label}… {time.monotonic() - started:.0f} s")


def ensure_venv(progress: Progress = _quiet) -> None:
    """Create nlu/.venv with Python 3.10 and install the pinned Rasa into it (a few minutes, once)."""
    if venv_ready():
        return
    python = VENV_DIR / "bin" / "python"
    if not python.exists():
        found = subprocess.run(
            [str(ROOT / "scripts" / "find-python.sh"), "3.10"], capture_output=True, text=True, check=False
        )
        if found.returncode != 0:
            raise NluServerError(found.stderr.strip() or "Python 3.10 not found (Rasa 3.6 needs it)")
        progress(f"creating {VENV_DIR} with {found.stdout.strip()}")
        subprocess.run([found.stdout.strip(), "-m", "venv", str(VENV_DIR)], check=True)
    progress("installing Rasa into nlu/.venv (pinned by nlu/constraints.txt; ~4 minutes the first time)")
    started = time.monotonic()
    code = run_ticking(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         "-c", str(REQUIREMENTS[1]), "-r", str(REQUIREMENTS[0])],
        "installing Rasa", progress,
    )  # fmt: skip
    if code != 0:
        raise NluServerError("pip install of Rasa into nlu/.venv failed (see the output above)")
    VENV_STAMP.touch()
    progress(f"Rasa installed in {time.monotonic() - started:.0f} s")


def training_files() -> list[Path]:
    """What ``rasa train`` reads: the config, our component, every YAML file under nlu/data/ (never nlu/tests/)."""
    return [CONFIG_PATH, COMPONENTS_PATH, *sorted(DATA_DIR.rglob("*.yml"))]


def model_hash() -> str:
    """Hash of the training inputs (paths and contents) plus Rasa's own requirements."""
    digest = hashlib.sha256()
    for path in [*training_files(), REQUIREMENTS[0]]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def model_path() -> Path:
    """Where the model for the current data and config is (or will be)."""
    return MODELS_DIR / f"nlu-{model_hash()}.tar.gz"


def latest_model() -> Path | None:
    """The current model if trained, else the newest model on disk (stale but usable), else None."""
    current = model_path()
    if current.exists():
        return current
    models = sorted(MODELS_DIR.glob("nlu-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


@dataclass(frozen=True)
class TrainResult:
    model: Path
    trained: bool
    seconds: float


def train(var_dir: Path, *, force: bool = False, progress: Progress = _quiet, config: Path | None = None,
          out: Path | None = None, name: str | None = None) -> TrainResult:  # fmt: skip
    """Train the NLU model unless one for exactly these inputs exists. Returns where it is.

    Several processes may ask at once (a developer's test run and `vet2b nlu start`): an exclusive lock
    on the models directory makes the second wait and then reuse the first one's model, and the model is
    written under a temporary name and renamed, so nobody ever loads a half-written file.
    """
    if generate_taxonomy():
        progress("regenerated nlu/data/generated/taxonomy.yml from data/taxonomy.yml")
    ensure_venv(progress)
    target = (out / f"{name}.tar.gz") if out and name else model_path()
    if target.exists() and not force:
        return TrainResult(target, False, 0.0)
    target.parent.mkdir(parents=True, exist_ok=True)
    var_dir.mkdir(parents=True, exist_ok=True)
    with (target.parent / ".train.lock").open("w") as lock:
        if not _try_lock(lock):
            progress("another process is training the model: waiting for it")
            fcntl.flock(lock, fcntl.LOCK_EX)
        if target.exists() and not force:
            return TrainResult(target, False, 0.0)
        return _train_locked(target, var_dir, config or CONFIG_PATH, progress)


def _try_lock(lock: IO[str]) -> bool:
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _train_locked(target: Path, var_dir: Path, config: Path, progress: Progress) -> TrainResult:
    log_path = var_dir / "rasa-train.log"
    progress(f"training the NLU model (a few minutes; log: {log_path})")
    started = time.monotonic()
    partial = f"partial-{os.getpid()}"
    command = [
        str(rasa_bin()), "train", "nlu", "--config", str(config), "--nlu", str(DATA_DIR),
        "--out", str(target.parent), "--fixed-model-name", partial,
    ]  # fmt: skip
    with log_path.open("w") as log:
        code = run_ticking(command, "training", progress, cwd=ROOT, env=rasa_env(var_dir), stdout=log,
                           stderr=subprocess.STDOUT)  # fmt: skip
    written = target.parent / f"{partial}.tar.gz"
    if code != 0 or not written.exists():
        written.unlink(missing_ok=True)
        raise NluServerError(f"rasa train failed (exit {code}); see {log_path}:\n{_tail(log_path)}")
    os.replace(written, target)
    return TrainResult(target, True, time.monotonic() - started)


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def host_port(rasa_url: str) -> tuple[str, int]:
    parts = urlsplit(rasa_url)
    return parts.hostname or "127.0.0.1", parts.port or 5005


def serve_command(
    model: Path, token: str, port: int, log_path: Path | None = None, listen: str = "127.0.0.1"
) -> list[str]:
    """``rasa run`` with the HTTP API on ``listen`` (localhost unless told), token-protected (``--log-file``: also
    log there). The token is given as ``--auth-token=…``: a random token may start with "-"."""
    command = [
        str(rasa_bin()), "run", "--enable-api", f"--auth-token={token}", "-i", listen, "-p", str(port),
        "--model", str(model),
    ]  # fmt: skip
    return [*command, "--log-file", str(log_path)] if log_path else command


def status(rasa_url: str, token: str, timeout_s: float = 2.0) -> dict[str, object] | None:
    """Rasa's /status answer, or None if nothing (authorised) answers at ``rasa_url``."""
    try:
        response = httpx.get(f"{rasa_url}/status", params={"token": token}, timeout=timeout_s)
    except httpx.HTTPError:
        return None
    if response.status_code != 200:
        return None
    data = response.json()
    return data if isinstance(data, dict) else None


def is_serving(rasa_url: str, token: str) -> bool:
    """A Rasa server with a loaded model answers at ``rasa_url``."""
    answer = status(rasa_url, token)
    return bool(answer and answer.get("model_file"))


def pid_path(var_dir: Path) -> Path:
    return var_dir / "rasa.pid"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_our_rasa(pid: int) -> bool:
    """The pid file could be stale and the pid reused: only signal a process that runs our rasa."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return _pid_alive(pid)
    return any(part.endswith(b"/rasa") for part in cmdline) and b"run" in cmdline


@dataclass(frozen=True)
class Started:
    url: str
    model: Path
    log: Path
    pid: int | None
    seconds: float
    already_running: bool


def start(rasa_url: str, token: str, var_dir: Path, *, progress: Progress = _quiet, wait_s: float = 600.0,
          model: Path | None = None, log_name: str = "rasa.log") -> Started:  # fmt: skip
    """Install/train as needed, start ``rasa run`` detached, wait until the model is loaded.

    ``model``: serve this model instead of the current one (pipeline comparison, benchmarks).
    """
    var_dir.mkdir(parents=True, exist_ok=True)
    log_path = (var_dir / log_name).resolve()
    if is_serving(rasa_url, token):
        answer = status(rasa_url, token) or {}
        return Started(rasa_url, Path(str(answer.get("model_file"))), log_path, read_pid(var_dir), 0.0, True)
    host, port = host_port(rasa_url)
    if host not in ("127.0.0.1", "localhost"):
        raise NluServerError(f"RASA_URL points at {host}: only a local server can be started from here")
    if _port_taken(port):
        raise NluServerError(
            f"port {port} is in use but no Rasa server answers there with our token: set RASA_URL to a free port"
        )
    model = model or train(var_dir, progress=progress).model
    progress(f"starting Rasa on {rasa_url} with {_show(model)} (log: {log_path})")
    started = time.monotonic()
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            serve_command(model, token, port), cwd=ROOT, env=rasa_env(var_dir), stdout=log,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    pid_path(var_dir).write_text(f"{process.pid}\n")
    wait_until_serving(rasa_url, token, process, log_path, started, wait_s, progress)
    return Started(rasa_url, model, log_path, process.pid, time.monotonic() - started, False)


def _show(path: Path) -> str:
    """A path relative to the repository when it is inside it (shorter in messages)."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def wait_until_serving(rasa_url: str, token: str, process: subprocess.Popen[bytes], log_path: Path,
                       started: float, wait_s: float, progress: Progress) -> None:  # fmt: skip
    """Poll /status until a model is loaded; fail early (with the log's tail) if the process dies."""
    last_report = started
    while True:
        if process.poll() is not None:
            raise NluServerError(f"Rasa exited with code {process.returncode}; see {log_path}:\n{_tail(log_path)}")
        if is_serving(rasa_url, token):
            return
        now = time.monotonic()
        if now - started > wait_s:
            process.terminate()
            raise NluServerError(f"Rasa did not load the model within {wait_s:.0f} s; see {log_path}")
        if now - last_report >= 5:
            progress(f"loading the model... {now - started:.0f} s")
            last_report = now
        time.sleep(0.25)


def _port_taken(port: int) -> bool:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def read_pid(var_dir: Path) -> int | None:
    try:
        return int(pid_path(var_dir).read_text().strip())
    except (OSError, ValueError):
        return None


def stop(var_dir: Path, *, timeout_s: float = 15.0) -> int | None:
    """Stop the server started by ``start`` (SIGTERM, then SIGKILL); returns its pid or None if none ran."""
    pid = read_pid(var_dir)
    pid_file = pid_path(var_dir)
    if pid is None or not _pid_alive(pid) or not _is_our_rasa(pid):
        pid_file.unlink(missing_ok=True)
        return None
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while _pid_alive(pid) and time.monotonic() < deadline:
        _reap(pid)
        time.sleep(0.1)
    if _pid_alive(pid):
        os.kill(pid, signal.SIGKILL)
        _reap(pid)
    pid_file.unlink(missing_ok=True)
    return pid


def _reap(pid: int) -> None:
    """Collect the exit status if the server is our own child (tests), so it does not linger as a zombie."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def serve_foreground(
    rasa_url: str, token: str, var_dir: Path, *, progress: Progress = _quiet, listen: str = "127.0.0.1"
) -> int:
    """Train if needed, then run Rasa in this terminal (Ctrl-C stops it). Returns its exit code.

    ``listen``: the address Rasa binds (a private one when bots on other hosts call it); the port is RASA_URL's.
    """
    host, port = host_port(rasa_url)
    if host not in ("127.0.0.1", "localhost"):
        raise NluServerError(f"RASA_URL points at {host}: only a local server can be started from here")
    model = train(var_dir, progress=progress).model
    var_dir.mkdir(parents=True, exist_ok=True)
    log_path = (var_dir / "rasa.log").resolve()
    progress(f"serving {_show(model)} on {rasa_url} (log: {log_path}); Ctrl-C stops it")
    try:
        return subprocess.call(serve_command(model, token, port, log_path, listen), cwd=ROOT, env=rasa_env(var_dir))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover - debugging aid
    print(model_path(), file=sys.stderr)
