"""Make the access log append-only in the database itself, and start its hash chain.

UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) are refused by triggers, so not even code with a
bug, or a person with the application's database login, can rewrite what was logged.
"""

from django.db import migrations

GENESIS = "0" * 64

SQLITE_UP = [
    """CREATE TRIGGER audit_accesslogentry_no_update BEFORE UPDATE ON audit_accesslogentry
       BEGIN SELECT RAISE(ABORT, 'the access log is append-only: entries cannot be changed'); END""",
    """CREATE TRIGGER audit_accesslogentry_no_delete BEFORE DELETE ON audit_accesslogentry
       BEGIN SELECT RAISE(ABORT, 'the access log is append-only: entries cannot be deleted'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_accesslogentry_no_update",
    "DROP TRIGGER IF EXISTS audit_accesslogentry_no_delete",
]
POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION audit_accesslogentry_refuse() RETURNS trigger AS $$
       BEGIN
         RAISE EXCEPTION 'the access log is append-only: % is refused', TG_OP
           USING ERRCODE = 'insufficient_privilege';
       END;
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_accesslogentry_no_change BEFORE UPDATE OR DELETE ON audit_accesslogentry
       FOR EACH ROW EXECUTE FUNCTION audit_accesslogentry_refuse()""",
    """CREATE TRIGGER audit_accesslogentry_no_truncate BEFORE TRUNCATE ON audit_accesslogentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_accesslogentry_refuse()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_accesslogentry_no_truncate ON audit_accesslogentry",
    "DROP TRIGGER IF EXISTS audit_accesslogentry_no_change ON audit_accesslogentry",
    "DROP FUNCTION IF EXISTS audit_accesslogentry_refuse()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"The access log needs append-only triggers for {schema_editor.connection.vendor}; "
                "only SQLite and PostgreSQL are supported."
            )
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


def start_chain(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    ChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
        migrations.RunPython(start_chain, migrations.RunPython.noop),
    ]
