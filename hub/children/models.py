"""The child's record: identity, identifiers, addresses, schools, legal status, agencies, allocation,
level of concern history and possible duplicates. Every change is dated and attributed
(django-simple-history records who changed what and when)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from hub.children.codes import Ethnicity, Sex


class Child(models.Model):
    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="children")
    first_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_birth_estimated = models.BooleanField(default=False)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    gender = models.CharField(max_length=100, blank=True, help_text="In the child's own words, if known.")
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    # identifiers
    local_child_id = models.CharField(
        "authority's child id", max_length=40, blank=True, help_text="As in SSDA903 CHILD."
    )
    upn = models.CharField("UPN", max_length=13, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    police_reference = models.CharField("police person reference", max_length=40, blank=True)
    # flags
    learning_disability = models.BooleanField(default=False)
    sen_ehcp = models.BooleanField("SEN support or EHCP", default=False)
    excluded = models.BooleanField("excluded from school", default=False)
    in_pru = models.BooleanField("attends a pupil referral unit", default=False)
    previously_missing = models.BooleanField(default=False)
    nrm_referred = models.BooleanField("referred to the NRM", default=False)
    # current level of concern: denormalised from the newest LevelOfConcernChange for lists and counts
    level = models.ForeignKey(
        "reference.LevelOfConcern", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    photo = models.ImageField(upload_to="photos/", blank=True)
    # matching keys (phonetic), kept in step with the names by the services
    first_name_key = models.CharField(max_length=40, blank=True, db_index=True)
    last_name_key = models.CharField(max_length=40, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["first_name_key", "last_name_key"])

    class Meta:
        ordering = ["last_name", "first_name"]
        # Identifiers are not unique here on purpose: refusing a second record with a UPN would tell
        # someone who cannot see the first that the Hub holds that child. The second record is saved and
        # the pair waits in the hub's duplicates queue (``services.duplicates_find``).
        indexes = [
            models.Index(fields=["authority", "date_of_birth"]),
            models.Index(fields=["upn"], name="child_upn"),
            models.Index(fields=["nhs_number"], name="child_nhs_number"),
            models.Index(fields=["authority", "local_child_id"], name="child_local_id"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in [self.first_name, self.last_name] if part)

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Alias(models.Model):
    class Kind(models.TextChoices):
        ALIAS = "alias", "Alias or street name"
        NICKNAME = "nickname", "Nickname"
        PREVIOUS = "previous", "Previous name"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ALIAS)
    first_name_key = models.CharField(max_length=40, blank=True, db_index=True)
    last_name_key = models.CharField(max_length=40, blank=True, db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["first_name_key", "last_name_key"])

    class Meta:
        verbose_name_plural = "aliases"

    def __str__(self) -> str:
        return self.name


class Period(models.Model):
    """Something true of a child from one date until another (open while ``end`` is empty)."""

    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-start"]

    @property
    def current(self) -> bool:
        return self.end is None


def _period_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")), name=name)


class AddressPeriod(Period):
    class Kind(models.TextChoices):
        HOME = "home", "Home"
        PLACEMENT = "placement", "Placement"
        OTHER = "other", "Other (for example a relative's)"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.HOME)
    line1 = models.CharField("address line 1", max_length=200)
    line2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    history = HistoricalRecords()

    class Meta(Period.Meta):
        constraints = [_period_constraint("address_ends_after_it_starts")]

    def __str__(self) -> str:
        return ", ".join(part for part in [self.line1, self.line2, self.town, self.postcode] if part)


class SchoolPeriod(Period):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="schools")
    school = models.ForeignKey("reference.School", on_delete=models.PROTECT, related_name="pupils")
    history = HistoricalRecords()

    class Meta(Period.Meta):
        constraints = [_period_constraint("school_ends_after_it_starts")]

    def __str__(self) -> str:
        return str(self.school)


class LegalStatus(models.TextChoices):
    NONE = "none", "No statutory involvement"
    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED = "cin", "Child in need"
    CHILD_PROTECTION = "cpp", "Child protection plan"
    LOOKED_AFTER = "lac", "Looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"


class LegalStatusPeriod(Period):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="legal_statuses")
    status = models.CharField(max_length=12, choices=LegalStatus.choices)
    placing_authority = models.ForeignKey(
        "accounts.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a looked-after child: the authority that looks after them.",
    )
    host_authority = models.ForeignKey(
        "accounts.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a looked-after child placed in another authority's area: that authority.",
    )
    history = HistoricalRecords()

    class Meta(Period.Meta):
        constraints = [
            _period_constraint("legal_status_ends_after_it_starts"),
            models.CheckConstraint(
                condition=Q(status="lac") | Q(placing_authority__isnull=True, host_authority__isnull=True),
                name="only_looked_after_children_have_placing_authorities",
            ),
        ]

    def __str__(self) -> str:
        return self.get_status_display()


class AgencyInvolvement(Period):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="agency_involvements")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="involvements")
    reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta(Period.Meta):
        constraints = [_period_constraint("involvement_ends_after_it_starts")]

    def __str__(self) -> str:
        return str(self.agency)


class Allocation(Period):
    """The allocated practitioner (or worker) for a child."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations")
    history = HistoricalRecords()

    class Meta(Period.Meta):
        constraints = [
            _period_constraint("allocation_ends_after_it_starts"),
            models.UniqueConstraint(
                fields=["child", "worker"],
                condition=Q(end__isnull=True),
                name="one_open_allocation_per_worker",
            ),
        ]

    def __str__(self) -> str:
        return str(self.worker)


class LevelOfConcernChange(models.Model):
    """Each change of a child's level: dated, reasoned, attributed, never edited."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="level_changes")
    level = models.ForeignKey("reference.LevelOfConcern", on_delete=models.PROTECT, related_name="+")
    previous_level = models.ForeignKey(
        "reference.LevelOfConcern", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rationale = models.TextField()
    source = models.CharField(
        max_length=100, blank=True, help_text="For example 'screening 12' or 'MEP 3 May'."
    )

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(rationale=""), name="level_change_has_rationale")]

    def __str__(self) -> str:
        return f"{self.child}: {self.level} from {self.decided_at:%Y-%m-%d}"


class DuplicateDecision(models.TextChoices):
    SAME = "same", "The same child"
    DIFFERENT = "different", "Different children"


class PossibleDuplicate(models.Model):
    """Two records that look like the same child (similar names and date of birth, or a shared
    identifier), waiting for the hub to decide whether they are the same child or different children.
    The merge of records marked the same comes with record linkage."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="possible_duplicates")
    other = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.CharField(max_length=500)
    found_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=10, choices=DuplicateDecision.choices, blank=True)
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    # Set by ``selectors.duplicates_for``: the other child, seen from the one being read.
    counterpart: Child

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "other"], name="duplicate_pair_once"),
            models.CheckConstraint(condition=~Q(child=F("other")), name="not_a_duplicate_of_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.child} may be {self.other}"


class CareEpisode(models.Model):
    """The SSDA903 codes of one looked-after episode (one looked-after legal-status period)."""

    period = models.OneToOneField(LegalStatusPeriod, on_delete=models.CASCADE, related_name="care_episode")
    rne = models.CharField("reason for new episode (RNE)", max_length=2)
    ls = models.CharField("legal status (LS)", max_length=3)
    cin = models.CharField("category of need (CIN)", max_length=3)
    place = models.CharField("placement type (PLACE)", max_length=3)
    place_provider = models.CharField("placement provider", max_length=3, blank=True)
    rec = models.CharField("reason episode ceased (REC)", max_length=4, blank=True)
    reason_place_change = models.CharField(max_length=12, blank=True)
    home_post = models.CharField("home postcode (district)", max_length=12, blank=True)
    urn = models.CharField("Ofsted URN of the placement", max_length=12, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.place} from {self.period.start:%Y-%m-%d}"
