"""Child process of the crash tests: enqueues dossiers forever, printing each dossier id once
`enqueue` has returned (the moment a citizen would be told "saved"). The parent kills it with
SIGKILL at a random moment.

    python sync_crash_child.py DATA_DIR FILES_DIR FIRST_SEED
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def main() -> None:
    data_dir, files_dir, first = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    spec = importlib.util.spec_from_file_location(
        "sync_factory", Path(__file__).resolve().parents[2] / "sync_factory.py")
    assert spec and spec.loader
    factory = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(factory)
    from kiosk.sync.outbox import Outbox

    outbox = Outbox(data_dir / "outbox")
    seed = first
    while True:
        dossier = factory.make_dossier(files_dir / str(seed), attachments=1 + seed % 3,
                                       size=20_000 + 50_000 * (seed % 4), seed=seed)
        outbox.enqueue(dossier)
        print(dossier.dossier_id, flush=True)
        seed += 1


if __name__ == "__main__":
    main()
