"""Doctor checks of the service catalogue: which one is in use and where it came from (a
signed bundle, when it was signed, or the catalogue shipped with the kiosk), and when its
oldest fact was last checked against its source. Read only: a broken installed bundle is
reported, and left for the kiosk itself to roll back at its next start.
"""

from __future__ import annotations

from datetime import date

from kiosk.config import Settings
from kiosk.doctor.result import FAIL, OK, WARN, CheckResult

# A fact not re-read in its source for a year may well have changed (fees, decrees).
FACTS_WARN_DAYS = 365


def check_catalogue(settings: Settings, today: date | None = None) -> list[CheckResult]:
    """Two results: `catalogue` (version and origin) and `facts` (oldest check date)."""
    from kiosk.forms.catalogue_bundle import SigningKeyError
    from kiosk.forms.catalogue_in_use import catalogue_in_use, pinned_key

    today = today or date.today()
    key_problem = ""
    try:
        updates_on = pinned_key(settings) is not None
    except SigningKeyError as exc:
        updates_on, key_problem = False, str(exc)
    in_use = catalogue_in_use(settings, repair=False)
    detail = in_use.describe()
    if key_problem:
        first = CheckResult("catalogue", FAIL, f"{detail}; catalogue_signing_key unusable: "
                                               f"{key_problem}",
                            "Set catalogue_signing_key to the portal's PUBLIC Ed25519 key "
                            "(JWK or PEM), as `kiosk portal-sim --catalogue` or `kiosk "
                            "catalogue bundle` prints it.")
    elif in_use.rolled_back:
        version, why = in_use.rolled_back[0]
        first = CheckResult("catalogue", WARN, f"{detail}; installed bundle {version} does "
                                               f"not load: {why}",
                            "The kiosk rolls back at its next start; `kiosk catalogue update` "
                            "fetches a good bundle again.")
    elif not updates_on:
        first = CheckResult("catalogue", WARN, f"{detail}; updates off",
                            "Set catalogue_signing_key to the portal's public key to receive "
                            "signed catalogue updates.")
    else:
        first = CheckResult("catalogue", OK, detail)
    checks = in_use.fact_checks()
    uncited = f"; {checks.uncited} of {checks.facts} facts cite no source yet" \
        if checks.uncited else ""
    if checks.oldest is None:
        facts = CheckResult("facts", WARN, f"no fact cites a source{uncited}",
                            "`kiosk catalogue facts` lists them.")
    else:
        age = (today - checks.oldest).days
        days = "1 day" if age == 1 else f"{age} days"
        text = f"oldest fact checked {checks.oldest.isoformat()} ({days} ago){uncited}"
        facts = CheckResult("facts", WARN if age > FACTS_WARN_DAYS else OK, text,
                            f"Re-check them: `kiosk catalogue facts --stale-after "
                            f"{FACTS_WARN_DAYS}d`.")
    return [first, facts]
