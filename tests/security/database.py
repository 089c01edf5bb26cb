"""A snapshot of every row of the service's own tables, and the differences between two.

Rows are compared column by column: stronger than counts and a digest, and a failing test
says which row changed and how. Sessions (``django_session``) are not ours and change with
every sign-in. Nothing else is left out: failed sign-ins are accounts rows like any other,
and the walk signs people in without a password, so none should appear.
"""

from dataclasses import dataclass

from django.apps import apps

SERVICE_APPS = ("accounts", "roadmaps", "maturity")


def service_models(app_labels=SERVICE_APPS):
    for app_label in app_labels:
        # Auto-created models are the many-to-many tables (a user's groups and permissions).
        yield from apps.get_app_config(app_label).get_models(include_auto_created=True)


def snapshot(app_labels=SERVICE_APPS):
    """{model label: {pk: {column: value}}} for every row of every service table (or of the
    apps named: the admin's walk adds the schedule's tables)."""
    return {
        model._meta.label: {
            row["pk"]: row
            for row in model._base_manager.order_by("pk").values(
                "pk", *(field.attname for field in model._meta.concrete_fields)
            )
        }
        for model in service_models(app_labels)
    }


@dataclass(frozen=True, order=True)
class Change:
    model: str
    kind: str  # "added", "removed" or "changed"
    pk: object
    columns: tuple[str, ...] = ()

    def __str__(self):
        where = f"{self.model} pk={self.pk} {self.kind}"
        return f"{where} ({', '.join(self.columns)})" if self.columns else where


def changes(before, after, *, ignore=frozenset()):
    """Every row added, removed or changed; ``ignore`` holds "Model.column" names."""
    found = []
    for label in sorted(set(before) | set(after)):
        old, new = before.get(label, {}), after.get(label, {})
        found += [Change(label, "added", pk) for pk in new.keys() - old.keys()]
        found += [Change(label, "removed", pk) for pk in old.keys() - new.keys()]
        for pk in old.keys() & new.keys():
            columns = tuple(
                sorted(
                    column
                    for column in old[pk]
                    if old[pk][column] != new[pk][column]
                    and f"{label.split('.')[-1]}.{column}" not in ignore
                )
            )
            if columns:
                found.append(Change(label, "changed", pk, columns))
    return sorted(found)


def described(found):
    return "\n".join(f"  - {change}" for change in found) or "  (none)"
