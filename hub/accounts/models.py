from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from hub.core.roles import Role


class NrmDecisions(models.TextChoices):
    """Who decides an NRM referral: the Home Office, or a local panel of a devolved site."""

    SINGLE_COMPETENT_AUTHORITY = "sca", "The Home Office's Single Competent Authority"
    LOCAL_PANEL = "panel", "A local multi-agency panel (devolved child decision-making)"


class Authority(models.Model):
    """A local authority: every record in the Hub belongs to one."""

    name = models.CharField(max_length=200, unique=True)
    ons_code = models.CharField(
        "ONS code", max_length=9, unique=True, help_text="The ONS GSS code, for example E06000042."
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    under_19_percent = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    # Who makes the National Referral Mechanism's decisions for the authority's children: the Home
    # Office's Single Competent Authority, or (in the devolved child decision-making programme) a local
    # multi-agency panel, for the children it may decide for (``hub/nrm/rules.py``).
    nrm_decisions = models.CharField(
        "NRM decisions made by",
        max_length=10,
        choices=NrmDecisions.choices,
        default=NrmDecisions.SINGLE_COMPETENT_AUTHORITY,
        help_text="A local panel only where the authority is a site of the devolved child "
        "decision-making programme.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "authorities"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    class Kind(models.TextChoices):
        HUB = "hub", "Missing and Exploitation Hub"
        CHILDRENS_SOCIAL_CARE = "csc", "Children's social care"
        POLICE = "police", "Police"
        YOUTH_OFFENDING = "yot", "Youth offending"
        YOUTH_SERVICE = "youth_service", "Youth service"
        EDUCATION = "education", "Education"
        HEALTH = "health", "Health"
        # Housing disrupts too: tenancy enforcement, closure orders (the strategy names it among them).
        HOUSING = "housing", "Housing"
        VOLUNTARY = "voluntary", "Voluntary sector"
        PARTNERSHIP = "partnership", "Safeguarding partnership"
        OTHER_AUTHORITY = "other_authority", "Another local authority"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    authorities = models.ManyToManyField(
        Authority, related_name="agencies", help_text="The local authorities this agency serves."
    )
    # A school is an organisation of its own for access: its staff see what their school holds (actions
    # for the school, screenings it referred, children it is involved with), never another school's.
    school = models.OneToOneField(
        "reference.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
        help_text="The school this organisation is (education only): each school is its own organisation.",
    )
    history = HistoricalRecords(m2m_fields=[authorities])

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(school__isnull=True) | models.Q(kind="education"),
                name="agency_school_is_education",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="team_name_unique_in_agency")]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class User(AbstractUser):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="users", null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="username_unique_case_insensitive"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_codes(self) -> frozenset[str]:
        """The user's roles, read once per request (the user object lives for one request)."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = (
                frozenset(self.role_assignments.values_list("role", flat=True)) if self.pk else frozenset()
            )
            self._role_codes = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    def role_labels(self) -> list[str]:
        return [Role(code).label for code in sorted(self.role_codes)]

    if TYPE_CHECKING:
        # django_otp's OTPMiddleware sets this on each request's user (django_otp has no stubs).
        def is_verified(self) -> bool:
            """Whether the user passed their second factor in this session."""


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=32, choices=Role.choices)
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    granted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role"]
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user} as {self.get_role_display()}"


class RoleGrantRequest(models.Model):
    """A request to give someone a role that reads across agencies (or the administrator role).

    One administrator asks, saying why; a second, who is neither the asker nor the person, approves or
    refuses. Only on approval is the role granted. Both steps go to the access log, and hub
    coordinators see recent requests on their home page. The constraints hold the second-person rule
    even against a write that skips the services.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_grant_requests")
    role = models.CharField(max_length=32, choices=Role.choices)
    reason = models.TextField()
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="role_grant_request_says_why"),
            models.CheckConstraint(
                condition=~models.Q(requested_by=models.F("user")), name="role_grant_not_asked_for_oneself"
            ),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | (~models.Q(decided_by=models.F("requested_by")) & ~models.Q(decided_by=models.F("user"))),
                name="role_grant_decided_by_a_second_person",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="pending", decided_by__isnull=True, decided_at__isnull=True)
                    | (
                        ~models.Q(status="pending")
                        & models.Q(decided_by__isnull=False, decided_at__isnull=False)
                    )
                ),
                name="role_grant_decision_is_whole",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="role_grant_refusal_says_why",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(status="pending"),
                name="role_grant_one_pending_per_person_and_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} for {self.user} ({self.get_status_display().lower()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class SignedInSession(models.Model):
    """Which sessions belong to which user, so disabling an account ends all of them at once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"session of {self.user} from {self.started_at:%Y-%m-%d %H:%M}"


class LawfulBasis(models.TextChoices):
    SAFEGUARDING_WITHOUT_CONSENT = (
        "dpa_sch1_18",
        "DPA 2018 Sch.1 para 18: safeguarding of children and individuals at risk (without consent)",
    )
    CONSENT = "consent", "Consent of the child or a person with parental responsibility"
    PUBLIC_TASK = "public_task", "UK GDPR Art.6(1)(e) public task (Children Act 1989 / 2004 duties)"
    LAW_ENFORCEMENT = "dpa_part3", "DPA 2018 Part 3: law enforcement processing"
    CRIME_AND_DISORDER = "cda_s115", "Crime and Disorder Act 1998 s.115"


class Share(models.Model):
    """A record shared outside its owner's normal scope: what, with whom, why and on what lawful basis.

    Refusals are kept too (security.md item 17). A share with ``refused=False`` and no expiry, or an
    expiry in the future, lets the recipient agency (or person) see the record.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    shared_with_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="shares_received")
    shared_with_user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="shares_received", null=True, blank=True
    )
    what = models.CharField(max_length=500, help_text="Which parts of the record are shared.")
    purpose = models.TextField()
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices)
    consent_not_sought_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="shares_decided")
    decided_at = models.DateTimeField(auto_now_add=True)
    refused = models.BooleanField(default=False)
    refusal_reason = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(lawful_basis="dpa_sch1_18") | ~models.Q(consent_not_sought_reason=""),
                name="share_without_consent_says_why",
            ),
            models.CheckConstraint(
                condition=models.Q(refused=False) | ~models.Q(refusal_reason=""),
                name="share_refusal_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"share of {self.content_type.model} {self.object_id} with {self.shared_with_agency}"


class BreakGlassGrant(models.Model):
    """Sight of one record outside the user's scope, for a stated reason, for a short time."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="break_glass_grants")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    reason = models.TextField()
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="break_glass_has_reason"),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("granted_at")),
                name="break_glass_expires_after_grant",
            ),
        ]

    def __str__(self) -> str:
        return f"break glass by {self.user} on {self.content_type.model} {self.object_id}"
