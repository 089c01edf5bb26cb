"""The database itself refuses to change or delete a submitted progress return.

As for roadmap versions (roadmaps migration 0004): on PostgreSQL a trigger raises on any
UPDATE or DELETE of a delivery_returnsubmission row; on SQLite UPDATE is refused, and DELETE
while the return exists, so that the test flush can still empty the database.
"""

from django.db import migrations

MESSAGE = "A submitted progress return cannot be changed or deleted."

POSTGRESQL = [
    f"""
    CREATE FUNCTION delivery_refuse_submission_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER delivery_submission_immutable
    BEFORE UPDATE OR DELETE ON delivery_returnsubmission
    FOR EACH ROW EXECUTE FUNCTION delivery_refuse_submission_change();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS delivery_submission_immutable ON delivery_returnsubmission;",
    "DROP FUNCTION IF EXISTS delivery_refuse_submission_change();",
]
SQLITE = [
    f"""
    CREATE TRIGGER delivery_submission_no_update
    BEFORE UPDATE ON delivery_returnsubmission
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END;
    """,
    f"""
    CREATE TRIGGER delivery_submission_no_delete
    BEFORE DELETE ON delivery_returnsubmission
    WHEN EXISTS (SELECT 1 FROM delivery_progressreturn WHERE id = OLD.progress_return_id)
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS delivery_submission_no_update;",
    "DROP TRIGGER IF EXISTS delivery_submission_no_delete;",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("delivery", "0001_progress_returns")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
