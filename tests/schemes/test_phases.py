"""The phase registry: schemes shows every phase without importing one."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from accounts.models import User
from planning.models import PlanApproval
from schemes import phases
from schemes.models import Scheme, SchemeStatus
from schemes.overview import scheme_overview
from schemes.services.lifecycle import scheme_transition
from schemes.services.scheme import scheme_create
from tests.factories import complete_plan

ROOT = Path(__file__).resolve().parents[2]
PHASE_APPS = {"planning", "recruitment", "maintenance", "monitoring", "reminders"}


def imported_modules(app: str) -> Iterator[tuple[Path, str]]:
    for path in (ROOT / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path, node.module
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name


@pytest.mark.parametrize("core", ["schemes", "accounts", "peersupport"])
def test_the_shared_record_imports_no_phase_app(core: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path, module in imported_modules(core)
        if module.split(".")[0] in PHASE_APPS
        # The demo loader (and its modules beside it) builds the demo through the
        # phases' own services.
        and "peersupport/management/commands/" not in str(path)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("app", ["planning", "recruitment", "maintenance", "monitoring"])
def test_a_phase_app_imports_only_schemes_accounts_and_peersupport(app: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path, module in imported_modules(app)
        if module.split(".")[0] in PHASE_APPS - {app}
    ]
    assert not wrong, "\n".join(wrong)


def test_the_four_phases_of_the_guidance_are_registered_in_order() -> None:
    registered = phases.phases()
    assert [(p.number, p.slug) for p in registered] == [
        (1, "planning"),
        (2, "recruitment"),
        (3, "maintenance"),
        (4, "monitoring"),
    ]
    # Every checklist item of the guidance is quoted by one phase: 7 + 6 + 3 + 9.
    assert [len(p.checklist) for p in registered] == [7, 6, 3, 9]
    assert "Allow time for practice" in registered[1].checklist
    assert "ensure objectives are SMART" in registered[3].checklist


def test_two_phases_cannot_claim_one_number() -> None:
    impostor = phases.Phase(number=1, slug="impostor", title="", summary="", checklist=())
    with pytest.raises(ImproperlyConfigured, match="both claim number 1"):
        phases.register(impostor)


@pytest.fixture
def extra_gate() -> Iterator[None]:
    """A phase registered for one test, whose gate blocks starting a scheme."""
    gate = phases.Phase(
        number=99,
        slug="test-gate",
        title="Test",
        summary="",
        checklist=(),
        gate=lambda scheme, frm, to: (
            ["Write an emergency and contingency plan"] if to == SchemeStatus.ACTIVE else []
        ),
    )
    phases.register(gate)
    yield
    phases._registry.pop(99)


@pytest.mark.usefixtures("extra_gate")
def test_a_phases_gate_blocks_a_lifecycle_move(scheme: Scheme, coordinator: User) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.RECRUITING)
    with pytest.raises(ValidationError, match="emergency and contingency plan"):
        scheme_transition(scheme=scheme, to_status=SchemeStatus.ACTIVE, by=coordinator)
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.RECRUITING


def test_planning_gates_the_launch_until_the_plan_is_approved(scheme: Scheme) -> None:
    problem = "A governor must approve the complete plan before recruiting starts"
    gate = (SchemeStatus.PLANNING, SchemeStatus.RECRUITING)
    assert phases.gate_problems(scheme, *gate) == [problem]
    complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    assert phases.gate_problems(scheme, *gate) == [problem]
    scheme.plan.approval = PlanApproval.APPROVED
    scheme.plan.approved_version = 1
    scheme.plan.save()
    assert phases.gate_problems(scheme, *gate) == []


def test_creating_a_scheme_gives_it_a_plan_in_the_same_transaction(
    leeds: object, coordinator: User
) -> None:
    scheme = scheme_create(
        prison=coordinator.memberships.get().prison,  # type: ignore[arg-type]
        by=coordinator,
        name="Toe by Toe",
        scheme_type="reading",
        purpose="Reading mentors",
        target_group="Prisoners who struggle to read",
        target_peer_supporters=6,
        minimum_peer_supporters=3,
    )
    assert scheme.plan.approval == PlanApproval.DRAFT


def test_the_overview_shows_each_registered_phase(scheme: Scheme, coordinator: User) -> None:
    overview = scheme_overview(scheme, coordinator, date(2026, 12, 1))
    assert [section.number for section in overview.phases] == [1, 2, 3, 4]
    planning, recruitment, _maintenance, monitoring = overview.phases
    assert len(planning.tasks) == 8  # seven questions and the submission
    assert [t.status for t in recruitment.tasks] == ["Cannot start yet"] * 6
    # The guidance's nine items, each a task; the sixth is planning's SMART figure.
    assert len(monitoring.tasks) == 9
    assert monitoring.tasks[5].title == "Ensure objectives are SMART"
    assert monitoring.tasks[5].hint == "0 objectives set in planning"
    assert monitoring.reminders == []
    assert overview.links == [(f"/schemes/{scheme.pk}/plan/print/", "Print the plan")]


def test_the_analyst_gets_no_links_to_pages_with_names(scheme: Scheme, analyst: User) -> None:
    overview = scheme_overview(scheme, analyst, date(2026, 12, 1))
    assert overview.links == []
    maintenance = overview.phases[2]
    assert all(task.href is None for task in maintenance.tasks)


def test_the_target_group_given_when_creating_a_scheme_starts_planning_task_2(
    coordinator: User,
) -> None:
    scheme = scheme_create(
        prison=coordinator.memberships.get().prison,  # type: ignore[arg-type]
        by=coordinator,
        name="Insiders",
        scheme_type="insiders",
        purpose="Induction support",
        target_group="New arrivals in their first two weeks",
        target_peer_supporters=6,
        minimum_peer_supporters=3,
    )
    assert scheme.plan.target_group_who == "New arrivals in their first two weeks"


@pytest.fixture
def people_phase() -> Iterator[None]:
    """A phase registered for one test that holds one peer supporter and judges one
    checklist item."""
    listener = phases.PeerSupporter(
        id=7, name="Sam Jones", prisoner_number="A1234BC", wing="B", status="active"
    )
    phases.register(
        phases.Phase(
            number=98,
            slug="test-people",
            title="Test",
            summary="",
            checklist=("Allow time for practice",),
            roster=lambda scheme, day: [listener],
            evidence=lambda scheme, day: [
                phases.Evidence("Allow time for practice", "partly met", "1 of 2 practised")
            ],
            figures=lambda scheme, day: {phases.HEADCOUNT: 1},
        )
    )
    yield
    phases._registry.pop(98)


@pytest.mark.usefixtures("people_phase")
def test_other_phases_read_people_evidence_and_figures_through_the_registry(
    scheme: Scheme,
) -> None:
    today = date(2026, 12, 1)
    assert [p.name for p in phases.roster(scheme, today)] == ["Sam Jones"]
    practice = [e for e in phases.evidence(scheme, today) if e.item == "Allow time for practice"]
    assert [(e.item, e.rating) for e in practice] == [("Allow time for practice", "partly met")]
    assert phases.figures(scheme, today)[phases.HEADCOUNT] == 1


@pytest.mark.usefixtures("people_phase")
def test_a_phase_with_only_per_scheme_hooks_is_still_read_by_the_set_based_readers(
    scheme: Scheme,
) -> None:
    # The set-based readers ask such a phase scheme by scheme, so nothing it says is
    # lost (only the query count then grows, which the query budgets catch).
    today = date(2026, 12, 1)
    assert phases.figures_many([scheme], today)[scheme.pk][phases.HEADCOUNT] == 1
    practice = [
        (e.item, e.rating)
        for e in phases.evidence_many([scheme], today)[scheme.pk]
        if e.item == "Allow time for practice"
    ]
    assert practice == [("Allow time for practice", "partly met")]


def test_every_registered_phase_with_a_per_scheme_hook_has_its_set_based_form() -> None:
    # The dashboards read 800 schemes at once: a phase whose health, evidence, figures
    # or due answers only scheme by scheme would make their query count grow.
    pairs = [
        ("health", "health_many"),
        ("evidence", "evidence_many"),
        ("figures", "figures_many"),
        ("due", "due_many"),
    ]
    missing = [
        f"{phase.slug}: {one} without {many}"
        for phase in phases.phases()
        for one, many in pairs
        if getattr(phase, one) is not None and getattr(phase, many) is None
    ]
    assert not missing, "Register the set-based hook too: " + ", ".join(missing)


def test_read_once_shares_a_read_within_one_reading_only() -> None:
    made: list[str] = []

    def read(what: str) -> str:
        made.append(what)
        return what.upper()

    assert phases.read_once("a", lambda: read("a")) == "A"
    assert phases.read_once("a", lambda: read("a")) == "A"
    assert made == ["a", "a"]  # outside a block: every time
    made.clear()
    with phases.one_reading():
        assert phases.read_once("a", lambda: read("a")) == "A"
        with phases.one_reading():  # nested: the outer block's memo
            assert phases.read_once("a", lambda: read("a")) == "A"
        assert phases.read_once("b", lambda: read("b")) == "B"
    assert made == ["a", "b"]
    with phases.one_reading():  # a new block reads afresh
        phases.read_once("a", lambda: read("a"))
    assert made == ["a", "b", "a"]


def test_scheme_ids_key_ignores_order_and_repeats() -> None:
    first, second = Scheme(pk=2), Scheme(pk=1)
    assert phases.scheme_ids_key([first, second, first]) == (1, 2)


def test_each_phase_gives_only_the_figures_it_names(scheme: Scheme) -> None:
    today = date(2026, 12, 1)
    named = [phase for phase in phases.phases() if phase.figures_many is not None]
    assert named
    assert all(phase.figure_names for phase in named)
    for phase in named:
        assert phase.figures_many is not None
        for figures in phase.figures_many([scheme], today).values():
            assert set(figures) <= set(phase.figure_names), phase.slug


def test_figures_asked_by_name_come_from_the_phases_that_give_them(scheme: Scheme) -> None:
    today = date(2026, 12, 1)
    every = phases.figures_many([scheme], today)[scheme.pk]
    some = phases.figures_many([scheme], today, names=[phases.HEADCOUNT])[scheme.pk]
    assert phases.HEADCOUNT in some
    assert phases.ACTIVITY_BY_MONTH in every
    assert phases.ACTIVITY_BY_MONTH not in some
    assert {name: every[name] for name in some} == some
