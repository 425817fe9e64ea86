"""National Referral Mechanism (NRM) referrals for children: who referred (the first responder and the
person), when, for which kinds of exploitation; the Reasonable Grounds (RG) decision and, after the
recovery period, the Conclusive Grounds (CG) decision, each with who decided (the Home Office's Single
Competent Authority or a local panel of a devolved site) and, for a panel, who chaired it and which
agencies were present; or the referral's withdrawal.

What the database itself refuses: a decision without its date and its decider, a decision dated before
what it follows, a CG decision without a positive RG one, a chair of a decision the panel did not
make, a withdrawal without its reason, and two open referrals for one child. The recovery period
before a CG decision is reference data (``nrm-recovery-period``), so its rule is the service's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from hub.core import clock
from hub.core.corrections import correctable_history


class Grounds(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"


class DecisionMaker(models.TextChoices):
    SINGLE_COMPETENT_AUTHORITY = "sca", "Single Competent Authority (Home Office)"
    LOCAL_PANEL = "panel", "Local multi-agency panel"


class Stage(models.TextChoices):
    """Where a referral stands (``NrmReferral.stage``)."""

    AWAITING_RG = "awaiting_rg", "Waiting for the reasonable grounds decision"
    AWAITING_CG = "awaiting_cg", "Waiting for the conclusive grounds decision"
    CONCLUDED = "concluded", "Concluded"
    WITHDRAWN = "withdrawn", "Withdrawn"


def _decision_is_whole(prefix: str) -> Q:
    """A decision is all there (what, when, by whom, recorded by and at) or not at all."""
    nothing = Q(
        **{
            f"{prefix}_grounds": "",
            f"{prefix}_decided_on__isnull": True,
            f"{prefix}_decision_maker": "",
            f"{prefix}_recorded_by__isnull": True,
            f"{prefix}_recorded_at__isnull": True,
        }
    )
    whole = (
        ~Q(**{f"{prefix}_grounds": ""})
        & Q(**{f"{prefix}_decided_on__isnull": False, f"{prefix}_recorded_by__isnull": False})
        & Q(**{f"{prefix}_recorded_at__isnull": False})
        & ~Q(**{f"{prefix}_decision_maker": ""})
    )
    return nothing | whole


def _chair_only_for_a_panel(prefix: str) -> Q:
    return Q(**{f"{prefix}_panel_chair__isnull": True}) | Q(
        **{f"{prefix}_decision_maker": DecisionMaker.LOCAL_PANEL}
    )


# A referral still open: not withdrawn, no CG decision, and no negative RG decision.
OPEN = Q(withdrawn_on__isnull=True, cg_grounds="") & ~Q(rg_grounds=Grounds.NEGATIVE)


class NrmReferral(models.Model):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="nrm_referrals")
    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    first_responder = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="first responder organisation",
    )
    # The person at the first responder organisation who made the referral, as the referral names them
    # (often not someone with an account on the Hub: the hub enters referrals others made).
    referrer_name = models.CharField("person who referred", max_length=200)
    referred_on = models.DateField("date of referral")
    exploitation_types = models.ManyToManyField(
        "reference.ExploitationType", related_name="+", verbose_name="types of exploitation"
    )
    summary = models.TextField("what the referral says")
    # The reasonable grounds decision.
    rg_grounds = models.CharField(
        "reasonable grounds decision", max_length=10, choices=Grounds.choices, blank=True
    )
    rg_decided_on = models.DateField("date of the reasonable grounds decision", null=True, blank=True)
    rg_decision_maker = models.CharField(
        "reasonable grounds decided by", max_length=10, choices=DecisionMaker.choices, blank=True
    )
    rg_panel_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chair of the panel's reasonable grounds decision",
    )
    rg_panel_agencies = models.ManyToManyField(
        "accounts.Agency", related_name="+", blank=True, verbose_name="agencies at the RG panel"
    )
    rg_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rg_recorded_at = models.DateTimeField(null=True, blank=True)
    # The conclusive grounds decision.
    cg_grounds = models.CharField(
        "conclusive grounds decision", max_length=10, choices=Grounds.choices, blank=True
    )
    cg_decided_on = models.DateField("date of the conclusive grounds decision", null=True, blank=True)
    cg_decision_maker = models.CharField(
        "conclusive grounds decided by", max_length=10, choices=DecisionMaker.choices, blank=True
    )
    cg_panel_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chair of the panel's conclusive grounds decision",
    )
    cg_panel_agencies = models.ManyToManyField(
        "accounts.Agency", related_name="+", blank=True, verbose_name="agencies at the CG panel"
    )
    cg_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cg_recorded_at = models.DateTimeField(null=True, blank=True)
    # Withdrawn before a conclusive decision (the child turned out not to be the subject, a duplicate
    # referral, the Home Office's withdrawal).
    withdrawn_on = models.DateField("date withdrawn", null=True, blank=True)
    withdrawn_reason = models.TextField("why it was withdrawn", blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)
    version = models.PositiveIntegerField(default=1)
    history = correctable_history(m2m_fields=[exploitation_types])

    class Meta:
        ordering = ["-referred_on", "-pk"]
        verbose_name = "NRM referral"
        constraints = [
            models.CheckConstraint(condition=~Q(summary=""), name="nrm_referral_says_what"),
            models.CheckConstraint(condition=~Q(referrer_name=""), name="nrm_referral_says_who"),
            models.CheckConstraint(condition=_decision_is_whole("rg"), name="nrm_rg_decision_is_whole"),
            models.CheckConstraint(condition=_decision_is_whole("cg"), name="nrm_cg_decision_is_whole"),
            models.CheckConstraint(
                condition=Q(rg_decided_on__isnull=True) | Q(rg_decided_on__gte=F("referred_on")),
                name="nrm_rg_not_before_referral",
            ),
            models.CheckConstraint(
                condition=Q(cg_grounds="") | Q(rg_grounds=Grounds.POSITIVE),
                name="nrm_cg_follows_a_positive_rg",
            ),
            models.CheckConstraint(
                condition=Q(cg_decided_on__isnull=True) | Q(cg_decided_on__gte=F("rg_decided_on")),
                name="nrm_cg_not_before_rg",
            ),
            models.CheckConstraint(condition=_chair_only_for_a_panel("rg"), name="nrm_rg_chair_of_a_panel"),
            models.CheckConstraint(condition=_chair_only_for_a_panel("cg"), name="nrm_cg_chair_of_a_panel"),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | (
                    ~Q(withdrawn_reason="")
                    & Q(withdrawn_by__isnull=False, withdrawn_on__gte=F("referred_on"))
                ),
                name="nrm_withdrawal_says_when_who_and_why",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(cg_grounds=""),
                name="nrm_withdrawn_before_a_conclusive_decision",
            ),
            models.UniqueConstraint(fields=["child"], condition=OPEN, name="nrm_one_open_referral_per_child"),
        ]
        indexes = [models.Index(fields=["authority", "withdrawn_on", "cg_grounds"])]

    def __str__(self) -> str:
        return f"NRM referral of {self.referred_on:%-d %B %Y}"

    @property
    def stage(self) -> Stage:
        if self.withdrawn_on is not None:
            return Stage.WITHDRAWN
        if self.cg_grounds or self.rg_grounds == Grounds.NEGATIVE:
            return Stage.CONCLUDED
        if self.rg_grounds:
            return Stage.AWAITING_CG
        return Stage.AWAITING_RG

    @property
    def is_open(self) -> bool:
        return self.stage in (Stage.AWAITING_RG, Stage.AWAITING_CG)

    @property
    def outcome(self) -> str:
        """The referral's outcome as a person reads it."""
        stage = self.stage
        if stage == Stage.WITHDRAWN:
            return "Withdrawn"
        if self.cg_grounds:
            return f"Conclusive grounds: {self.get_cg_grounds_display().lower()}"
        if self.rg_grounds == Grounds.NEGATIVE:
            return "Reasonable grounds: negative"
        return stage.label
