"""The database itself refuses to change or delete a submitted roadmap version.

PostgreSQL: a trigger raises on any UPDATE or DELETE of a roadmaps_roadmapversion row.
SQLite (local instances): UPDATE is refused the same way; DELETE is refused while the
version's roadmap exists, so that Django's test flush (a DELETE of every table, roadmaps
first) can still empty the database. On PostgreSQL the flush uses TRUNCATE, which row
triggers do not see.
"""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION roadmaps_refuse_version_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'A submitted roadmap version cannot be changed or deleted.'
            USING ERRCODE = 'restrict_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER roadmaps_version_immutable
    BEFORE UPDATE OR DELETE ON roadmaps_roadmapversion
    FOR EACH ROW EXECUTE FUNCTION roadmaps_refuse_version_change();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS roadmaps_version_immutable ON roadmaps_roadmapversion;",
    "DROP FUNCTION IF EXISTS roadmaps_refuse_version_change();",
]
SQLITE = [
    """
    CREATE TRIGGER roadmaps_version_no_update
    BEFORE UPDATE ON roadmaps_roadmapversion
    BEGIN
        SELECT RAISE(ABORT, 'A submitted roadmap version cannot be changed or deleted.');
    END;
    """,
    """
    CREATE TRIGGER roadmaps_version_no_delete
    BEFORE DELETE ON roadmaps_roadmapversion
    WHEN EXISTS (SELECT 1 FROM roadmaps_roadmap WHERE id = OLD.roadmap_id)
    BEGIN
        SELECT RAISE(ABORT, 'A submitted roadmap version cannot be changed or deleted.');
    END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS roadmaps_version_no_update;",
    "DROP TRIGGER IF EXISTS roadmaps_version_no_delete;",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("roadmaps", "0003_roadmaps_and_versions")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
