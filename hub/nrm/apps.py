from django.apps import AppConfig


class NrmConfig(AppConfig):
    name = "hub.nrm"
    label = "nrm"
    verbose_name = "National Referral Mechanism"

    def ready(self) -> None:
        from django.urls import reverse

        from hub.children import chronology, record_tabs
        from hub.core.navigation import register_home_panel
        from hub.nrm.access import QUEUE_ROLES, WRITE_ROLES, register_policies
        from hub.nrm.events import nrm_events
        from hub.nrm.home import nrm_clocks_panel

        register_policies()
        record_tabs.register(record_tabs.RecordTab("nrm", "NRM", "nrm:child"), after="missing")
        record_tabs.register_action(
            record_tabs.RecordAction(
                "refer-nrm",
                "Refer {first_name} to the NRM",
                lambda child: reverse("nrm:refer", args=[child.pk]),
                roles=WRITE_ROLES,
            ),
            after="report-missing",
        )
        chronology.register(
            "nrm", "National Referral Mechanism", nrm_events, after="missing", before="action"
        )
        register_home_panel(
            "nrm-clocks",
            nrm_clocks_panel,
            roles=QUEUE_ROLES,
            after="repeat-missing",
            before="disruption-expiry",
        )
