"""Reference data an administrator can change: the partnership's own words, weights and clocks.

Defaults come from domain.md and are seeded by a data migration. Rows are retired (``active=False``),
never deleted, because records keep pointing at them.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class ReferenceItem(models.Model):
    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class LevelOfConcern(ReferenceItem):
    """The partnership's adaptation of the NWG categories. ``rank`` orders severity (0 = no concern)."""

    rank = models.PositiveSmallIntegerField(unique=True)
    min_score = models.PositiveSmallIntegerField(
        default=0, help_text="The screening score from which the tool suggests this level."
    )
    tag_colour = models.CharField(
        max_length=20,
        default="grey",
        help_text=(
            "GOV.UK tag colour: grey, green, turquoise, blue, light-blue, purple, pink, red, orange, yellow."
        ),
    )
    history = HistoricalRecords()

    class Meta(ReferenceItem.Meta):
        verbose_name_plural = "levels of concern"
        ordering = ["rank"]


class ExploitationType(ReferenceItem):
    cin_factor = models.CharField(
        "CIN census factor", max_length=4, blank=True, help_text="For example 11A (CSE), 24A (CCE)."
    )
    history = HistoricalRecords()


class ScreeningIndicator(ReferenceItem):
    """A question of the exploitation screening tool, answered yes / no / not known."""

    question = models.CharField(max_length=300)
    weight = models.PositiveSmallIntegerField(default=1)
    exploitation_types = models.ManyToManyField(ExploitationType, blank=True)
    history = HistoricalRecords(m2m_fields=[exploitation_types])


class MeetingType(ReferenceItem):
    purpose = models.TextField()
    usual_frequency = models.CharField(max_length=100, blank=True)
    chaired_by = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()


class Clock(ReferenceItem):
    """A deadline the Hub keeps: in hours, calendar days, or working days (England and Wales)."""

    class Unit(models.TextChoices):
        HOURS = "hours", "hours"
        DAYS = "days", "calendar days"
        WORKING_DAYS = "working_days", "working days"

    amount = models.PositiveIntegerField()
    unit = models.CharField(max_length=15, choices=Unit.choices)
    history = HistoricalRecords()

    # What one of each unit is called: "1 working day", "72 hours".
    SINGULAR = {"hours": "hour", "days": "calendar day", "working_days": "working day"}

    def __str__(self) -> str:
        return f"{self.name}: {self.amount_text}"

    @property
    def amount_text(self) -> str:
        singular = self.SINGULAR[self.unit]
        return f"{self.amount} {singular if self.amount == 1 else self.get_unit_display()}"


class RepeatMissingRule(ReferenceItem):
    """N episodes within D days raises a repeat-missing alert. Local thresholds differ."""

    episodes = models.PositiveSmallIntegerField()
    days = models.PositiveSmallIntegerField()
    high_exploitation_risk_only = models.BooleanField(
        default=False, help_text="Applies only to children at groomed/targeted or exploited."
    )
    history = HistoricalRecords()

    class Meta(ReferenceItem.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(episodes__gte=2), name="repeat_rule_needs_two_episodes"
            ),
            models.CheckConstraint(condition=models.Q(days__gte=1), name="repeat_rule_needs_a_window"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.episodes} in {self.days} days"


class School(models.Model):
    """A school or pupil referral unit in an authority (from Get Information About Schools, by URN)."""

    class Phase(models.TextChoices):
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"
        SPECIAL = "special", "Special"
        PRU_PRIMARY = "pru_primary", "Pupil referral unit (primary)"
        PRU_SECONDARY = "pru_secondary", "Pupil referral unit (secondary)"

    class Locality(models.TextChoices):
        NORTH = "north", "North"
        SOUTH = "south", "South"

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="schools")
    urn = models.CharField("URN", max_length=8, unique=True)
    name = models.CharField(max_length=200)
    phase = models.CharField(max_length=15, choices=Phase.choices)
    locality = models.CharField(max_length=5, choices=Locality.choices)
    roll = models.PositiveIntegerField(help_text="Pupils on roll.")
    postcode = models.CharField(max_length=8, blank=True)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MissingFactor(ReferenceItem):
    """Push factors (away from home, school, placement) and pull factors (towards people, places)."""

    class Kind(models.TextChoices):
        PUSH = "push", "Push factor"
        PULL = "pull", "Pull factor"

    kind = models.CharField(max_length=4, choices=Kind.choices)
    history = HistoricalRecords()


class LateInterviewReason(ReferenceItem):
    """Why a return interview was not held within 72 hours (the strategy asks that it is recorded)."""

    history = HistoricalRecords()


class DisruptionTactic(ReferenceItem):
    """A tactic or order of the Home Office Child Exploitation Disruption Toolkit (2019): its legal
    basis, and whether it is used against a person, a group or a place (the intelligence app's
    disruption activity names one; an administrator may add a local tactic or retire one)."""

    legal_basis = models.CharField(max_length=300)
    for_persons = models.BooleanField("used against a person", default=False)
    for_groups = models.BooleanField("used against a group", default=False)
    for_locations = models.BooleanField("used against a place", default=False)
    history = HistoricalRecords()

    class Meta(ReferenceItem.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(for_persons=True)
                | models.Q(for_groups=True)
                | models.Q(for_locations=True),
                name="disruption_tactic_has_a_target",
            ),
        ]


class Postcode(models.Model):
    """Where a postcode is: its latitude and longitude (WGS84), loaded as data from a file in the ONS
    Postcode Directory's layout (``manage.py load_postcodes``), never asked of a service on the network.
    The intelligence services take a place's coordinates from here when none are given."""

    postcode = models.CharField(max_length=8, unique=True, help_text="Capitals, one space: MK9 3EJ.")
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)

    class Meta:
        ordering = ["postcode"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
                ),
                name="postcode_coordinates_are_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return self.postcode
