"""Writing an output file whole or not at all: a temporary file beside it, renamed over it at the end.

A killed or failed export leaves the previous file as it was (and at worst a hidden `.NAME.*.tmp`),
never a truncated file under the real name. `kroniek batch` does the same for its outputs.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
    >>> with atomic_file(target) as stream:
    ...     _ = stream.write("a,b\\n")
    >>> target.read_text()
    'a,b\\n'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from typing import TextIO


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """A temporary path to write; renamed to `path` when the block ends without an error."""
    target = os.path.abspath(os.fspath(path))
    fd, temporary = tempfile.mkstemp(
        dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.", suffix=".tmp"
    )
    os.close(fd)
    try:
        yield temporary
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; give it a new file's mode
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())  # the data is on disk before the name points at it
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A text stream (UTF-8, newlines as written) whose content replaces `path` only when complete."""
    with atomic_path(path) as temporary, open(temporary, "w", encoding="utf-8", newline="") as stream:
        yield stream
