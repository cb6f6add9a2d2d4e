"""The portal-sim fault spec."""

from __future__ import annotations

from collections import Counter

import pytest

from kiosk.portal_sim.faults import FaultPlan, FaultSpec, FaultSpecError


def test_parse_the_documented_example():
    spec = FaultSpec.parse("500=0.1,503=0.1,429=0.05:retry-after=2,reset-before=0.05,"
                           "reset-after=0.05,slow=0.1:2s,down=10s-20s,seed=7")
    assert [(f.status, f.probability, f.retry_after_s) for f in spec.statuses] == [
        (500, 0.1, None), (503, 0.1, None), (429, 0.05, 2.0)]
    assert (spec.reset_before, spec.reset_after, spec.slow, spec.slow_s) == (0.05, 0.05, 0.1, 2.0)
    assert spec.down == ((10.0, 20.0),) and spec.seed == 7
    assert FaultSpec.parse("503=1:retry-after=date:3").statuses[0].retry_after_as_date


@pytest.mark.parametrize(
    "bad", ["500", "500=2", "200=0.1", "nosuch=0.1", "down=20s-10s", "slow=0.1:fast",
            "429=0.1:wait=2"],
)
def test_bad_specs_are_refused(bad):
    with pytest.raises(FaultSpecError):
        FaultSpec.parse(bad)


def test_draws_follow_the_probabilities_and_the_seed():
    spec = FaultSpec.parse("500=0.2,reset-before=0.1,reset-after=0.1,seed=5")
    plan = FaultPlan(spec)
    labels = Counter(plan.decide(0.0).label for _ in range(5000))
    assert 0.08 < labels["reset-before"] / 5000 < 0.12
    assert 0.15 < labels["500"] / 5000 < 0.21  # 0.2 of the 90% not reset before
    plan = FaultPlan(spec)
    again = Counter(plan.decide(0.0).label for _ in range(5000))
    assert labels == again


def test_down_window_and_forced_down():
    plan = FaultPlan(FaultSpec.parse("down=1s-2s"))
    assert not plan.decide(0.5).down and plan.decide(1.5).down and not plan.decide(2.0).down
    plan.forced_down = True
    assert plan.decide(0.0).label == "down"
    assert FaultPlan(FaultSpec.parse("")).decide(0.0).label is None


def test_parse_the_hostile_modes():
    spec = FaultSpec.parse("lie-id=0.1,lie-noid=0.2,lie-service=0.3,trickle=0.5:250ms,"
                           "huge=1:40MB,seed=3")
    assert spec.lies == (("lie-id", 0.1), ("lie-noid", 0.2), ("lie-service", 0.3))
    assert (spec.trickle, spec.trickle_gap_s) == (0.5, 0.25)
    assert (spec.huge, spec.huge_bytes) == (1.0, 40 * 1024 * 1024)
    decision = FaultPlan(FaultSpec.parse("huge=1:1KB")).decide(0.0)
    assert decision.huge_bytes == 1024 and decision.label == "huge"


@pytest.mark.parametrize("bad", ["lie-id=1.5", "trickle=0.1:slowly", "huge=1:lots",
                                 "huge=-1:10MB", "lie-who=0.1"])
def test_bad_hostile_specs_are_refused(bad):
    with pytest.raises(FaultSpecError):
        FaultSpec.parse(bad)


def test_hostile_modes_left_off_take_no_draws():
    # Older seeds replay the same: modes at probability 0 draw nothing from the generator.
    plain = FaultPlan(FaultSpec.parse("500=0.3,reset-after=0.2,seed=9"))
    off = FaultPlan(FaultSpec.parse("500=0.3,reset-after=0.2,trickle=0:1s,huge=0:1KB,seed=9"))
    labels = [plain.decide(0.0).label for _ in range(200)]
    assert labels == [off.decide(0.0).label for _ in range(200)]
    assert {"500", "reset-after", None} <= set(labels)


def test_parse_the_catalogue_bundle_faults():
    from kiosk.portal_sim.faults import BUNDLE_FAULTS

    assert FaultSpec.parse("catalogue=tampered,seed=3").catalogue == "tampered"
    assert FaultSpec.parse("500=0.1").catalogue is None
    assert all(FaultSpec.parse(f"catalogue={kind}").catalogue == kind for kind in BUNDLE_FAULTS)
    with pytest.raises(FaultSpecError, match="catalogue fault is one of"):
        FaultSpec.parse("catalogue=slightly-off")
