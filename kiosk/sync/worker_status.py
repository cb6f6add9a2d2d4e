"""What the sync worker tells its callers: the result of one pass, and a status snapshot the
UI can poll from any thread (counts and codes only, no personal data)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SyncReport:
    online: bool = False
    probed: bool = False
    blocked: bool = False  # the portal refused the device (401/403)
    waiting_s: float = 0.0  # Retry-After or portal backoff still running
    encrypted: int = 0  # dossiers stored before a key was known, now ciphertext
    sent: int = 0
    retried: int = 0
    quarantined: int = 0
    mismatched: int = 0  # answers that named another dossier: nothing taken as delivered
    polled: int = 0
    acknowledged: int = 0
    purged: int = 0


@dataclass(frozen=True)
class WorkerStatus:
    online: bool
    device_blocked: bool
    waiting_s: float
    counts: dict[str, int] = field(default_factory=dict)
    oldest_unsent_age_s: float | None = None
    note: str | None = None  # e.g. "no_credentials", or why nothing is being sent
    last_report: SyncReport | None = None
