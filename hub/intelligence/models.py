"""Intelligence: the people, groups, places, vehicles, phones and organisations that exploit children or
where it happens, and the links between them and the children (issue 12, "Pursue").

One table of entities and one of links, whatever their kind, so the network is one graph whose node ids
are entity ids (the network view, communities and rankings work over it). The few facts that belong to
one kind (a person's date of birth, a county line's name, a place's postcode and coordinates) are
columns of the entity, blank for the other kinds; the services say which kind may carry which.

A child is an entity too (``kind=child``, pointing at the child's record), so a child's links to
people and places are links like any other; the child's record stays the children app's.

Every link carries where it came from (the agency, and the Hub record when it arose from one) and its
grading (``rules.py``: 3x5x2, or 5x5x5 for older records), and is seen only as its handling allows."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from hub.core import clock, dates
from hub.core.corrections import correctable_history
from hub.reference.models import ReferenceItem


class EntityKind(models.TextChoices):
    PERSON = "person", "Person of concern"
    CHILD = "child", "Child"
    GROUP = "group", "Group"
    LOCATION = "location", "Place"
    VEHICLE = "vehicle", "Vehicle"
    PHONE = "phone", "Phone number"
    ORGANISATION = "organisation", "Organisation or setting"


class GroupType(models.TextChoices):
    ORGANISED_CRIME_GROUP = "ocg", "Organised crime group"
    GANG = "gang", "Gang"
    COUNTY_LINE = "county_line", "County line"
    PEER_GROUP = "peer_group", "Peer group"
    OTHER = "other", "Other group"


class LocationType(models.TextChoices):
    ADDRESS = "address", "Home address"
    HOTEL = "hotel", "Hotel or guest house"
    TAKEAWAY = "takeaway", "Takeaway or fast food"
    SHOP = "shop", "Shop"
    PARK = "park", "Park or open space"
    STATION = "station", "Station or transport hub"
    TRAP_HOUSE = "trap_house", "Address used to deal drugs (trap house)"
    SCHOOL = "school", "School or college"
    PLACEMENT = "placement", "Care placement"
    OTHER = "other", "Other place"


class Entity(models.Model):
    """A person of concern, a child, a group, a place, a vehicle, a phone number or an organisation."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=EntityKind.choices)
    # What a reader calls it: a person's name, a group's or a place's name, a registration, a number.
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # person of concern
    date_of_birth = models.DateField(null=True, blank=True)
    # group
    group_type = models.CharField(max_length=12, choices=GroupType.choices, blank=True)
    line_name = models.CharField("the line's name", max_length=100, blank=True)
    # place
    location_type = models.CharField(max_length=12, choices=LocationType.choices, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    # A phone number or a registration as typed, normalised (``rules.identifier_key``) so a second
    # record of the same number or vehicle is found, not made.
    identifier_key = models.CharField(max_length=40, blank=True, db_index=True)
    child = models.OneToOneField(
        "children.Child", on_delete=models.PROTECT, null=True, blank=True, related_name="entity"
    )
    # Intelligence about people is reviewed, retained or disposed of on a schedule.
    review_due = models.DateField(null=True, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)
    version = models.PositiveIntegerField(default=1)
    history = correctable_history(excluded_fields=["identifier_key"])

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "entities"
        indexes = [models.Index(fields=["authority", "kind", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="child", child__isnull=False) | (~Q(kind="child") & Q(child__isnull=True)),
                name="entity_child_iff_kind_child",
            ),
            models.CheckConstraint(
                condition=Q(kind="group") | Q(group_type="", line_name=""),
                name="entity_group_facts_only_on_groups",
            ),
            models.CheckConstraint(
                condition=Q(kind="location")
                | Q(location_type="", address="", postcode="", latitude__isnull=True, longitude__isnull=True),
                name="entity_place_facts_only_on_places",
            ),
            models.CheckConstraint(
                condition=Q(kind="person") | Q(date_of_birth__isnull=True),
                name="entity_birth_date_only_on_persons",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="entity_coordinates_are_on_earth",
            ),
            models.UniqueConstraint(
                fields=["authority", "kind", "identifier_key"],
                condition=~Q(identifier_key="") & Q(disposed_at__isnull=True),
                name="entity_one_record_per_phone_or_vehicle",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Alias(models.Model):
    """Another name a person or a group is known by (a street name, a nickname, a spelling)."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="aliases")
    name = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "aliases"
        constraints = [models.UniqueConstraint(fields=["entity", "name"], name="alias_once_per_entity")]

    def __str__(self) -> str:
        return self.name


class LinkKind(models.TextChoices):
    ASSOCIATES_WITH = "associates_with", "associates with"
    MEMBER_OF = "member_of", "member of"
    CONTROLS = "controls", "controls"
    SEEN_AT = "seen_at", "seen at"
    LIVES_AT = "lives_at", "lives at"
    FOUND_AT = "found_at", "found at"
    USES_PHONE = "uses_phone", "uses phone"
    DRIVES = "drives", "drives"
    WORKS_AT = "works_at", "works at"
    PLACED_AT = "placed_at", "placed at"
    ATTENDS = "attends", "attends"


class GradingSystem(models.TextChoices):
    G3X5X2 = "3x5x2", "3x5x2"
    G5X5X5 = "5x5x5", "5x5x5 (older records)"


class Link(models.Model):
    """That two entities are connected, how, when, on whose information, and how sure and how shareable
    that information is."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="links_out")
    target = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="links_in")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    seen_from = models.DateField("first seen")
    seen_to = models.DateField("last seen", null=True, blank=True)
    # Where it came from: the agency whose information it is, and the Hub record it arose from.
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    origin_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    origin_label = models.CharField("from", max_length=300, blank=True)
    # Grading (rules.py): the source's reliability, the intelligence's, and how it may be handled.
    grading = models.CharField(max_length=5, choices=GradingSystem.choices, default=GradingSystem.G3X5X2)
    source_grade = models.CharField(max_length=1)
    intelligence_grade = models.CharField(max_length=1)
    handling_code = models.CharField(max_length=1)
    handling_conditions = models.TextField(blank=True)
    # A child drawn into exploiting others is a child first: a link that casts a child as exploiting
    # someone is shown only to the roles that need it (access.py), with that said beside it.
    casts_child_as_exploiter = models.BooleanField(default=False)
    summary = models.TextField(blank=True)
    review_due = models.DateField(null=True, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)
    version = models.PositiveIntegerField(default=1)
    history = correctable_history()

    class Meta:
        ordering = ["-seen_from", "pk"]
        indexes = [
            models.Index(fields=["source", "kind"]),
            models.Index(fields=["target", "kind"]),
            models.Index(fields=["authority", "seen_from"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("target")), name="link_joins_two_entities"),
            models.CheckConstraint(
                condition=Q(seen_to__isnull=True) | Q(seen_to__gte=F("seen_from")),
                name="link_last_seen_not_before_first",
            ),
            models.CheckConstraint(
                condition=~Q(handling_code="C") | Q(grading="5x5x5") | ~Q(handling_conditions=""),
                name="link_conditions_recorded_with_handling_c",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def grade(self) -> str:
        """The grading as analysts write it: "1/B/P" (3x5x2) or "B/2/4" (5x5x5)."""
        return f"{self.source_grade}/{self.intelligence_grade}/{self.handling_code}"


class MentionDismissal(models.Model):
    """An analyst's answer that a record's words do not mean this entity ("the Station Hotel" in an
    episode was another hotel), so the Hub stops suggesting it. Kept, with who and why."""

    origin_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    origin_id = models.PositiveBigIntegerField()
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    reason = models.TextField()
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dismissed_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["origin_type", "origin_id", "entity", "kind"], name="mention_dismissed_once"
            )
        ]

    def __str__(self) -> str:
        return f"Not {self.entity}: {self.reason}"


class ContextAlertRule(ReferenceItem):
    """When the Hub tells the hub that a pattern has appeared that no single case shows (reference data
    an administrator keeps): so many children, from so many schools, within so many days."""

    class Pattern(models.TextChoices):
        PLACE = "place", "Children from several schools linked to one place"
        FOUND_TOGETHER = "found_together", "Children found together at one place on one day"
        SHARED_PHONE = "shared_phone", "A new phone number shared by children"

    pattern = models.CharField(max_length=20, choices=Pattern.choices)
    children = models.PositiveSmallIntegerField(default=2)
    schools = models.PositiveSmallIntegerField(default=0, help_text="Different schools among them (0: any).")
    days = models.PositiveSmallIntegerField(default=30)
    history = HistoricalRecords()

    class Meta(ReferenceItem.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(children__gte=2), name="context_rule_needs_two_children"),
            models.CheckConstraint(condition=Q(days__gte=1), name="context_rule_needs_a_window"),
        ]


# What disruption may be used against: a tactic's target kinds (``DisruptionTactic.for_*``).
DISRUPTION_TARGET_KINDS = (EntityKind.PERSON, EntityKind.GROUP, EntityKind.LOCATION)


class DisruptionStatus(models.TextChoices):
    APPLIED_FOR = "applied_for", "Applied for"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
    IN_FORCE = "in_force", "In force"
    BREACHED = "breached", "Breached"
    EXPIRED = "expired", "Expired"
    DISCHARGED = "discharged", "Discharged"


# An order still running, or not yet decided: one whose expiry has passed while it is in one of these
# states has had no outcome recorded.
DISRUPTION_OPEN = frozenset(
    {DisruptionStatus.APPLIED_FOR, DisruptionStatus.GRANTED, DisruptionStatus.IN_FORCE}
)


class Disruption(models.Model):
    """A tactic or order of the disruption toolkit used against a person, a group or a place: who acted,
    when it started and when it expires, its conditions and where it stands. Seen by whoever sees its
    target (``access.py``); it has no area of its own beyond its target's."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="disruptions")
    tactic = models.ForeignKey("reference.DisruptionTactic", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("issued, started or applied for")
    expires_on = models.DateField("expires", null=True, blank=True)
    conditions = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=DisruptionStatus.choices)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)
    version = models.PositiveIntegerField(default=1)
    history = correctable_history()

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [
            models.Index(fields=["target", "started_on"]),
            models.Index(fields=["authority", "expires_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("started_on")),
                name="disruption_expires_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DisruptionStatus.values), name="disruption_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tactic} against {self.target}"

    def awaiting_outcome(self, today: date | None = None) -> bool:
        """Expired (its expiry day has passed) with no outcome recorded: still applied for, granted or
        in force."""
        today = today or clock.today()
        return self.expires_on is not None and self.expires_on < today and self.status in DISRUPTION_OPEN

    def expires_soon(self, today: date | None = None) -> bool:
        """Running, and expiring within the warning clock (``disruption-expiry-warning``)."""
        today = today or clock.today()
        return (
            self.expires_on is not None
            and self.status in DISRUPTION_OPEN
            and today <= self.expires_on <= today + dates.disruption_expiry_warning()
        )


# Contexts as cases (``contexts.py``): a place or a group (a peer group of children included) is
# assessed, put on a panel's agenda and planned for as a child is; a person of concern's risk is
# recorded with the meeting that manages it.
ASSESSABLE_KINDS = (EntityKind.LOCATION, EntityKind.GROUP)
CASE_KINDS = (EntityKind.LOCATION, EntityKind.GROUP, EntityKind.PERSON)


class ContextCase(Entity):
    """A place, a group or a person of concern seen as a case: its own access policy (``access.py``),
    so a panel member who discusses it sees the case (its assessments, risk and plan) while the meeting
    window lasts, and never the intelligence behind it (links, sources, gradings), which the entity's
    policy keeps to the intelligence roles."""

    class Meta:
        proxy = True


class ContextAssessment(models.Model):
    """A location or peer-group assessment (contextual safeguarding): what happens at the place or in
    the group, who is there, when, what makes it unsafe and what could make it safer, and what the
    assessor recommends. A newer assessment supersedes an older one; none is deleted, and a mistake is
    corrected with a reason (kept in its history)."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField("date of the assessment")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    what_happens = models.TextField("what happens there")
    who = models.TextField("who is involved: children and adults", blank=True)
    when = models.TextField("when it happens: days, times, seasons", blank=True)
    risks = models.TextField("what makes it unsafe")
    protective = models.TextField("what makes it safer, and who could (guardians)", blank=True)
    recommendation = models.TextField("what the assessor recommends")
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)
    version = models.PositiveIntegerField(default=1)
    history = correctable_history()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["entity", "assessed_on"])]

    def __str__(self) -> str:
        return f"Assessment of {self.entity} on {self.assessed_on:%-d %B %Y}"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class ManagingMeeting(models.TextChoices):
    MAPPA = "mappa", "MAPPA (multi-agency public protection arrangements)"
    SEP = "sep", "SEP (sexual exploitation panel)"
    YOUTH_RISK = "youth_risk", "Youth Risk panel"
    NONE = "none", "Not managed by a meeting yet"


class PersonRisk(models.Model):
    """The risk a person of concern poses, as last assessed, with the meeting that manages it. Each
    assessment is a row; the newest is the person's risk now."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="risks")
    level = models.CharField(max_length=10, choices=RiskLevel.choices)
    managed_by = models.CharField("managed by", max_length=12, choices=ManagingMeeting.choices)
    assessed_on = models.DateField("date assessed")
    summary = models.TextField("risk to whom, and of what")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(level__in=RiskLevel.values), name="person_risk_level_known"),
            models.CheckConstraint(
                condition=Q(managed_by__in=ManagingMeeting.values), name="person_risk_meeting_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} risk: {self.person}"


# Operations (``operations.py``): their models are in a module of their own, imported here (re-exported)
# so that Django finds them with the app's others.
from hub.intelligence.operation_models import Operation as Operation  # noqa: E402
from hub.intelligence.operation_models import OperationDisruption as OperationDisruption  # noqa: E402
from hub.intelligence.operation_models import OperationEntity as OperationEntity  # noqa: E402
from hub.intelligence.operation_models import OperationKind as OperationKind  # noqa: E402
from hub.intelligence.operation_models import OperationMember as OperationMember  # noqa: E402
from hub.intelligence.operation_models import OperationStatus as OperationStatus  # noqa: E402
