from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Tags, register


class AuditConfig(AppConfig):
    name = "hub.audit"
    label = "audit"
    verbose_name = "Access log"

    def ready(self) -> None:
        from hub.audit.checkpoints import checkpoint_job
        from hub.audit.checks import anchor_deploy_check
        from hub.audit.home import break_glass_panel
        from hub.audit.services import log_consultation
        from hub.core.navigation import NavItem, register_consultation_log, register_home_panel, register_nav
        from hub.core.roles import Role
        from hub.core.scheduler import PeriodicJob, register_periodic_job

        register_nav(NavItem("Access log", "audit:log", roles=frozenset({Role.AUDITOR})))
        register_consultation_log(log_consultation)
        register_home_panel("break-glass", break_glass_panel, roles=[Role.AUDITOR])
        register_periodic_job(
            PeriodicJob(
                "audit-checkpoint",
                run=checkpoint_job,
                every=lambda: timedelta(minutes=settings.HUB_AUDIT_CHECKPOINT_MINUTES),
            )
        )
        register(anchor_deploy_check, Tags.security, deploy=True)
