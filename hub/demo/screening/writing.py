"""Writing the planned year through the screening and children services, as the referrers and the hub
would have, so the rules, the access log and the change history are those of real work."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any, cast

from django.utils import timezone

from hub.accounts.models import User
from hub.accounts.services import user_create_for_demo_and_tests
from hub.children import services as child_services
from hub.children.models import AddressPeriod, Child, LegalStatus
from hub.core import clock
from hub.core.calendar import is_working_day
from hub.demo import names as demo_names
from hub.demo.area import DemoContext
from hub.demo.people import staff_agency
from hub.demo.screening.figures import (
    CASE_HOLDERS,
    EXPLOITED,
    GROOMED,
    LEVEL_ORDER,
    PEOPLE,
    PRACTITIONER_CASELOAD,
    QUEUE_SIZE,
    TYPE_WEIGHTS,
    VULNERABLE,
)
from hub.demo.screening.planned import PlannedChild, PlannedScreening, london_time
from hub.demo.screening.planning import Planner
from hub.demo.screening.wording import (
    ACTIONS,
    LAWFUL_BASES,
    LEVEL_RATIONALE,
    LOWERED_REASONS,
    NO_CONSENT_REASONS,
    RAISED_REASONS,
    SHORT,
    concern_and_answers,
    feedback,
    fill,
    findings,
    systems_consulted,
)
from hub.reference.models import ExploitationType, LevelOfConcern, School
from hub.screening import rules, services
from hub.screening.models import Screening

# The reviewer records the status the child has had since before the screening, from their records.
LATE_STATUS = "Recorded from the local authority's case records when the hub reviewed the screening."


def ensure_people(ctx: DemoContext, users: dict[str, User], lead_school: dict[str, School]) -> int:
    """The loader's own staff accounts (more referrers and a second hub coordinator), added to ``users``;
    returns how many were created. They have no password: nobody signs in as them, which is why their
    reviewed referrals can mark the demo as loaded."""
    created = 0
    for username, (first, last, agency_key, role, title) in PEOPLE.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            if username in lead_school:
                title = f"{title}, {lead_school[username].name}"
            user = user_create_for_demo_and_tests(
                username=username,
                first_name=first,
                last_name=last,
                agency=staff_agency(ctx, username, agency_key),
                roles={role},
                password=None,
                job_title=title,
                email=f"{username}@example.org",
            )
            created += 1
        users[username] = user
    return created


class Writer:
    """Calls the services, in date order, as the referrers and the hub would have."""

    def __init__(
        self, ctx: DemoContext, planner: Planner, users: dict[str, User], rng: random.Random
    ) -> None:
        self.ctx = ctx
        self.authority = ctx.authority
        assert ctx.agencies is not None  # load_people fills it; this loader runs after it
        self.neighbour = next(
            authority
            for authority in ctx.agencies["neighbour"].authorities.all()
            if authority != ctx.authority
        )
        self.planner = planner
        self.users = users
        self.rng = rng
        self.types = {t.code: t for t in ExploitationType.objects.all()}
        self.levels = {level.code: level for level in LevelOfConcern.objects.all()}
        self.level_names = {code: level.name for code, level in self.levels.items()}
        self.involvement_start: dict[tuple[int, int], datetime] = {}
        self.allocated: dict[int, datetime] = {}

    def refer(self, planned: PlannedScreening) -> Screening:
        """The referrer fills in the tool section by section and submits it."""
        rng = self.rng
        child = planned.child
        referrer = self.users[planned.referrer]
        agency = self.planner.agency_of(planned.referrer)
        from_record = child.record is not None and agency == "csc" and rng.random() < 0.5
        screening = services.screening_start(
            by=referrer, authority=self.authority, child=child.record if from_record else None
        )
        sections: dict[str, Any] = {}
        if not from_record:
            sections |= {
                "first_name": child.first_name,
                "last_name": child.last_name,
                "date_of_birth": child.date_of_birth,
                "sex": child.sex,
                "upn": child.upn if agency == "education" else "",
                "nhs_number": child.nhs_number if agency == "health" else "",
                "address": child.address,
                "postcode": child.postcode if child.address else "",
                "school": child.school if agency in ("education", "health", "csc") else None,
                "learning_disability": "yes"
                if child.learning_disability
                else rng.choice(["no", "no", "not_known"]),
            }
        concern, answers = concern_and_answers(planned, rng)
        basis = rng.choice(LAWFUL_BASES[agency])
        phone = (
            f"07700 900{rng.randint(0, 999):03d}"
            if agency == "police"
            else f"01632 960{rng.randint(0, 999):03d}"
        )
        sections |= {
            "concern": concern,
            "immediate_risk": planned.immediate_risk,
            "actions_taken": fill(ACTIONS[agency], child, rng),
            "referrer_phone": phone,  # numbers from Ofcom's ranges for drama
            "exploitation_types": [self.types[code] for code in planned.types if code in self.types],
            "lawful_basis": basis,
            "consent_not_sought_reason": rng.choice(NO_CONSENT_REASONS) if basis == "dpa_sch1_18" else "",
        }
        # One save for the whole form (the pages save a section at a time; the rules are the same).
        services.screening_save_section(
            screening=screening, by=referrer, version=screening.version, **sections
        )
        services.screening_save_answers(
            screening=screening,
            by=referrer,
            answers={i.pk: answers.get(i.pk, ("no", "")) for i in self.planner.indicators},
        )
        screening = services.screening_submit(screening=screening, by=referrer)
        planned.pk = screening.pk
        return screening

    def review(self, planned: PlannedScreening, screening: Screening) -> None:
        """The hub confirms who the child is, checks agencies' records and decides."""
        rng = self.rng
        child = planned.child
        reviewer = self.users[planned.reviewer]
        if child.record is None:
            child.record = self.new_record(planned, screening, reviewer)
        elif screening.child_id is None:
            services.screening_link_child(screening=screening, by=reviewer, child=child.record)
        decided = self.levels[planned.level]
        suggested = screening.suggested_level
        words = child.words()
        present = [SHORT.get(i.code, i.question) for i in sorted(planned.yes, key=lambda i: -i.weight)[:3]]
        rationale = LEVEL_RATIONALE[planned.level].format(**words)
        if present:
            rationale += f" Present: {', '.join(present)}."
        difference = ""
        if suggested is not None and suggested.pk != decided.pk:
            reasons = RAISED_REASONS if decided.rank > suggested.rank else LOWERED_REASONS
            difference = rng.choice(reasons).format(**words)
        services.screening_review(
            screening=screening,
            by=reviewer,
            decided_level=decided,
            rationale=rationale,
            route=planned.route,
            systems_consulted=systems_consulted(planned.level, rng),
            feedback_to_referrer=feedback(planned, decided.name),
            findings=findings(planned, child.reviewed, self.level_names, rng),
            difference_reason=difference,
        )
        self.involvement_start.setdefault(
            # The planner times every review (``Planner.timing``).
            (child.record.pk, screening.referrer_agency_id),
            cast(datetime, planned.reviewed_at),
        )

    def new_record(self, planned: PlannedScreening, screening: Screening, reviewer: User) -> Child:
        child = planned.child
        record = services.screening_link_child(screening=screening, by=reviewer, child=None)
        # What the hub finds in other agencies' systems completes the record.
        record = child_services.child_update(
            child=record,
            by=reviewer,
            version=record.version,
            ethnicity=child.ethnicity,
            local_child_id=child.local_child_id,
            upn=child.upn,
            nhs_number=child.nhs_number,
            learning_disability=child.learning_disability,
            sen_ehcp=child.learning_disability or bool(child.school and child.school.phase == "special"),
            excluded=child.in_pru,
            previously_missing=any(i.code == "missing" for i in planned.yes),
        )
        if child.school and not screening.school_id:
            child_services.school_add(
                # ``Planner.school_for`` gives a start with every school.
                child=record,
                by=reviewer,
                school=child.school,
                start=cast(date, child.school_start),
            )
        if child.legal_status:
            looked_after = child.legal_status == LegalStatus.LOOKED_AFTER
            child_services.legal_status_add(
                child=record,
                by=reviewer,
                status=child.legal_status,
                start=cast(date, child.status_start),  # ``Planner`` gives a start with every status
                placing_authority=(self.neighbour if child.placed_in else self.authority)
                if looked_after
                else None,
                host_authority=self.authority if looked_after and child.placed_in else None,
                late_entry_reason=LATE_STATUS,
            )
            if looked_after:
                child_services.address_add(
                    child=record,
                    by=reviewer,
                    start=cast(date, child.status_start),
                    line1=f"Placement: {demo_names.street_address(self.rng)}",
                    postcode=demo_names.postcode(self.rng),
                    kind=AddressPeriod.Kind.PLACEMENT,
                )
        return record

    def allocate(self, children: list[PlannedChild]) -> None:
        """The demo practitioner holds a dozen children at significant concern; case holders hold others."""
        rng = self.rng
        significant = [c for c in children if c.screenings[-1].level in (GROOMED, EXPLOITED)]
        rng.shuffle(significant)
        for index, child in enumerate(significant):
            if index < PRACTITIONER_CASELOAD:
                worker = self.users["practitioner"]
            elif rng.random() < 0.7:
                worker = self.users[rng.choice(CASE_HOLDERS)]
            else:
                continue
            reviewed = timezone.localtime(child.screenings[-1].reviewed_at)
            start = min(reviewed.date() + timedelta(days=rng.randint(0, 4)), self.planner.last_day)
            allocation = child_services.allocation_set(
                # A child at significant concern was screened and reviewed, so has a record.
                child=cast(Child, child.record),
                worker=worker,
                by=self.users["coordinator"],
                start=start,
            )
            self.allocated[allocation.pk] = max(
                london_time(start, rng.randint(9, 16), rng.randint(0, 59)), reviewed
            )

    def queue(self) -> list[PlannedScreening]:
        """Screenings waiting in the hub's queue today: one at immediate risk, one overdue."""
        rng = self.rng
        planner = self.planner
        now = clock.now()
        today = planner.today
        previous_working_day = today - timedelta(days=1)
        while not is_working_day(previous_working_day, planner.holidays):
            previous_working_day -= timedelta(days=1)
        overdue_day = today
        for _ in range(3):
            overdue_day -= timedelta(days=1)
            while not is_working_day(overdue_day, planner.holidays):
                overdue_day -= timedelta(days=1)
        recent_days = [
            previous_working_day + timedelta(days=n)
            for n in range((today - previous_working_day).days + 1)
            if is_working_day(previous_working_day + timedelta(days=n), planner.holidays)
        ]
        specs = [  # referrer, level the answers suggest, immediate risk, submitted at
            ("officer", EXPLOITED, True, now - timedelta(minutes=rng.randint(40, 150))),
            ("schoollead", VULNERABLE, False, london_time(overdue_day, 10, rng.randint(0, 59))),
            ("practitioner", GROOMED, False, None),
            ("fquennell", VULNERABLE, False, None),
            ("nfarouk", GROOMED, False, None),
            ("cbrierley", VULNERABLE, False, None),
        ][:QUEUE_SIZE]
        queued = []
        for referrer, level, immediate, submitted in specs:
            if submitted is None:  # since the start of the last working day, so not yet overdue
                minutes = rng.randint(8 * 60 + 30, 17 * 60 + 30)
                submitted = london_time(rng.choice(recent_days), minutes // 60, minutes % 60)
                if (
                    submitted > now - timedelta(minutes=30)
                    or rules.review_due(submitted, 1, planner.holidays) <= now
                ):
                    submitted = now - timedelta(minutes=rng.randint(30, 90))
            age = rng.randint(12, 17)
            child = planner.new_identity(born_between=planner.births(today, age))
            planner.background(child, LEVEL_ORDER.index(level), today)
            child.address = child.address or demo_names.street_address(rng)
            planner.school_for(child, today, referrer)
            type_weights = TYPE_WEIGHTS[child.sex]
            child.types = [rng.choices(list(type_weights), weights=list(type_weights.values()))[0]]
            planned = PlannedScreening(child, submitted, referrer, level, types=list(child.types))
            planned.suggested, planned.immediate_risk = level, immediate
            planned.created_at = submitted - timedelta(minutes=rng.randint(8, 60))
            planned.review_due_at = rules.review_due(submitted, 1, planner.holidays)
            planner.answers(planned, age)
            self.refer(planned)
            child.screenings.append(planned)
            queued.append(planned)
        return queued
