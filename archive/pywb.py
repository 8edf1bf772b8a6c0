"""Drive pywb, the replay proof: a collection of our WARCs served on 127.0.0.1.

pywb cannot share the main virtualenv (it pins redis 2.10.6, an old pyOpenSSL and
brotlipy, which shadows Brotli; research/dependencies.md §4), so it runs from its own
venv as subprocesses: ``wb-manager`` to create a collection and index WARCs (with POST
request bodies appended to keys), ``wayback`` to serve them. The venv is found at
``$NIANBAO_PYWB_VENV``, else ``.venv-pywb`` next to the repository.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class PywbUnavailable(RuntimeError):
    """The pywb virtualenv (with ``wayback`` and ``wb-manager``) is not installed."""


def pywb_venv() -> Path:
    """The pywb virtualenv directory (it may not exist; see :func:`pywb_bin`)."""
    configured = os.environ.get("NIANBAO_PYWB_VENV")
    return Path(configured) if configured else REPO_ROOT / ".venv-pywb"


def pywb_bin(tool: str) -> Path:
    """Path of *tool* (``wayback``, ``wb-manager``) in the pywb venv; clear error when missing."""
    path = pywb_venv() / "bin" / tool
    if not path.exists():
        raise PywbUnavailable(
            f"pywb tool {tool!r} not found at {path}. Install pywb in its own venv: "
            f"python3 -m venv {pywb_venv()} && {pywb_venv()}/bin/pip install 'pywb==2.10.0' "
            "(or point NIANBAO_PYWB_VENV at an existing one)"
        )
    return path


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PywbCollection:
    """One pywb collection under *root_dir* (``collections/<name>/``) and its loopback server."""

    def __init__(self, root_dir: str | Path, name: str = "nianbao") -> None:
        self.root_dir = Path(root_dir)
        self.name = name
        self.port: int | None = None
        self._process: subprocess.Popen | None = None
        self._log_path = self.root_dir / "wayback.log"

    @property
    def collection_dir(self) -> Path:
        return self.root_dir / "collections" / self.name

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            [str(pywb_bin("wb-manager")), *args], cwd=self.root_dir, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"wb-manager {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")

    def init(self) -> PywbCollection:
        """Create the collection (no-op when it already exists)."""
        self.root_dir.mkdir(parents=True, exist_ok=True)
        if not self.collection_dir.exists():
            self._run("init", self.name)
        return self

    def add(self, warc_paths: list[str | Path]) -> None:
        """Copy *warc_paths* into the collection and index them (POST bodies appended)."""
        paths = [str(Path(p).resolve()) for p in warc_paths]
        if not paths:
            raise ValueError("no WARC files to add")
        self._run("add", self.name, *paths)

    def serve(self, timeout: float = 30.0, port: int | None = None) -> str:
        """Start ``wayback`` on *port* (default: a free loopback port); returns the base URL once it answers."""
        if self._process is not None:
            return self.base_url
        self.port = port or free_port()
        log = open(self._log_path, "ab")  # noqa: SIM115 - handed to the child process
        self._process = subprocess.Popen(
            [str(pywb_bin("wayback")), "-b", "127.0.0.1", "-p", str(self.port)],
            cwd=self.root_dir, stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"wayback exited with {self._process.returncode}; see {self._log_path}")
            try:
                with urllib.request.urlopen(self.base_url + "/", timeout=2):
                    return self.base_url
            except urllib.error.HTTPError:
                return self.base_url  # it answers, even if with an error page
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"wayback did not answer on port {self.port} within {timeout}s; see {self._log_path}")

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("the collection is not being served; call serve() first")
        return f"http://127.0.0.1:{self.port}"

    def url_for(self, timestamp: str, url: str, mode: str = "id_") -> str:
        """Replay URL of *url* at *timestamp* (digits, any precision) in *mode* (``id_`` = raw)."""
        return f"{self.base_url}/{self.name}/{timestamp}{mode}/{url}"

    def stop(self) -> None:
        """Stop the server started by :meth:`serve` (only that process)."""
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)
        self._process = None
        self.port = None

    def __enter__(self) -> PywbCollection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
