"""The admin writes only reference data, organisations, people and panels' set-up: a record about a
child (its episodes, screenings, plans, meetings, actions, the access log) is written through its
services, never edited in the admin, where no rule of who may do what and no history would apply."""

from __future__ import annotations

from hub.core.admin_site import hub_admin

# The apps whose records are about children and the work done for them.
CASE_APPS = {"children", "missing", "screening", "plans", "panels", "actions", "audit"}
# What an administrator sets up in those apps: the panels (their chair, members and schools) and the
# plan audit forms' questions. Meetings, plans and audits themselves are not here.
SET_UP = {"panels.panel", "plans.auditform"}


def test_no_case_record_is_written_in_the_admin():
    registered = {model._meta.label_lower for model in hub_admin._registry}
    case_records = {label for label in registered if label.split(".")[0] in CASE_APPS}
    assert case_records == SET_UP
    # The list is not empty by accident: reference data and people are there.
    assert {"accounts.user", "reference.repeatmissingrule"} <= registered


def test_nothing_is_deleted_in_the_admin_even_by_an_administrator(rf, people):
    request = rf.get("/admin/")
    request.user = people["erin"]
    request.user.is_verified = lambda: True  # signed in with MFA, as django-otp's middleware marks
    assert hub_admin.has_permission(request)
    for model_admin in hub_admin._registry.values():
        assert model_admin.has_view_permission(request), model_admin
        assert not model_admin.has_delete_permission(request), model_admin
