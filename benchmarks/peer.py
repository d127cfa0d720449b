"""The closest peer, tuitorial, in a virtual environment of the benchmarks' own.

Why: "is coach quick to start?" only means something next to what a person
could pick instead. tuitorial 0.16 is another Textual app that walks through a
YAML tutorial step by step. It is installed once (from the package index, into
the user's cache folder, never into coach's environment) and shows a one-step
tutorial whose text we wait for, as we wait for coach's first screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PEER = "tuitorial==0.16.0"
EXPECT = "PEER-READY"
TUTORIAL = f"""\
chapters:
  - title: "Benchmark"
    code: "print('hello')"
    steps:
      - description: "{EXPECT}: one step of a tutorial"
        focus:
          - type: literal
            text: "print"
"""


class PeerUnavailable(RuntimeError):
    """The peer could not be installed here (no package index, say)."""


def _venv_dir() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "coach-benchmarks" / PEER.replace("==", "-")


def peer_command(folder: Path) -> list[str]:
    """The command line that starts the peer on a one-step tutorial written in `folder`."""
    venv = _venv_dir()
    script = venv / "bin" / "tuitorial"
    if not script.exists():
        venv.parent.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run(
                [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", PEER],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except subprocess.CalledProcessError as exc:
            raise PeerUnavailable(f"cannot install {PEER}: exit {exc.returncode}") from None
    tutorial = folder / "peer-one-step.yaml"
    tutorial.write_text(TUTORIAL, encoding="utf-8")
    return [str(script), str(tutorial)]
