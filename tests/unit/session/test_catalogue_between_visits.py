"""What may change only between citizens waits for the visit in progress to end
(kiosk.session.catalogue_update.BetweenVisits)."""

from __future__ import annotations

from kiosk.session.catalogue_update import BetweenVisits


class Kiosk:
    def __init__(self) -> None:
        self.in_visit = False
        self.applied: list[str] = []


def gate(kiosk: Kiosk) -> BetweenVisits[str]:
    return BetweenVisits(kiosk.applied.append, lambda: kiosk.in_visit)


def test_between_visits_it_applies_at_once() -> None:
    kiosk = Kiosk()
    between = gate(kiosk)
    assert between.offer("v2")
    assert kiosk.applied == ["v2"] and between.pending is None


def test_during_a_visit_it_waits_for_its_end_and_the_newest_wins() -> None:
    kiosk = Kiosk()
    between = gate(kiosk)
    kiosk.in_visit = True
    assert not between.offer("v2")
    assert not between.offer("v3")  # a second one during the same long visit
    assert kiosk.applied == [] and between.pending == "v3"
    assert not between.visit_ended()  # a screen change inside the visit: still waiting
    assert kiosk.applied == []
    kiosk.in_visit = False
    assert between.visit_ended()
    assert kiosk.applied == ["v3"] and between.pending is None
    assert not between.visit_ended()  # nothing left to apply
    assert kiosk.applied == ["v3"]
