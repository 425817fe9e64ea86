from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hub.demo"
    label = "demo"
    verbose_name = "Demo area"

    def ready(self) -> None:
        # Imported for what importing does: registers the system check that refuses the demo's
        # sign-in help in production (hub.E001).
        from hub.accounts import sign_in_help
        from hub.demo import area, checks  # noqa: F401
        from hub.demo.cases import load_cases
        from hub.demo.intelligence import load_intelligence
        from hub.demo.missing import load_missing
        from hub.demo.namesakes import load_namesakes
        from hub.demo.nrm import load_nrm
        from hub.demo.panels import load_panels
        from hub.demo.people import current_code, demo_sign_in_on, load_people, sign_in_rows
        from hub.demo.schools import load_schools
        from hub.demo.screening import load_screenings

        # The loaders, in the order ``load_demo`` runs them: each builds on what the ones before made.
        area.register("people", load_people)
        area.register("schools", load_schools, after="people")
        area.register("screenings", load_screenings, after="schools")
        area.register("missing", load_missing, after="screenings")
        area.register("panels", load_panels, after="missing")
        area.register("intelligence", load_intelligence, after="panels")
        area.register("nrm", load_nrm, after="intelligence")
        area.register("cases", load_cases, after="nrm")
        # Last: nothing else in the demo depends on them.
        area.register("namesakes", load_namesakes, after="cases")

        # Trying the demo in a browser alone (HUB_DEMO_SIGN_IN, never in production): the sign-in page
        # lists the demo's accounts and the code page shows a demo account's current code.
        sign_in_help.install(
            sign_in_help.SignInHelp(
                accounts=sign_in_rows,
                accounts_template="demo/sign_in_accounts.html",
                code=lambda username: current_code(username) if demo_sign_in_on() else None,
                code_template="demo/sign_in_code.html",
            )
        )
