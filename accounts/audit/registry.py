"""Which models the audit trail follows, and how to find each record's scheme and prison.

Every app registers the models a user can change from its ``AppConfig.ready()``::

    from accounts import audit

    audit.track(ReviewMeeting)                      # has a ``scheme`` foreign key
    audit.track(Resource, scheme="plan__scheme")    # reaches its scheme through the plan
    audit.track(User, exclude=("last_login",), mask=("password",))

``scheme`` and ``prison`` are lookup paths (as in a QuerySet filter) to the record's
scheme id and prison id. They are paths, not functions, because database triggers
follow them (``postgres.py``, ``sqlite.py``); ``follow`` walks the same path in Python
for the access log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import ForeignKey, Model


@dataclass(frozen=True)
class Path:
    """A lookup path from a record to an id: the record's own column, then joins.

    ``column`` is the first column on the record itself (``scheme_id``, or the primary
    key's column for "pk"). Each hop is (table, primary key column, column): look the
    value up as the primary key of ``table`` and read ``column`` there.
    """

    lookup: str
    column: str
    hops: tuple[tuple[type[Model], str], ...]

    def sql_hops(self) -> str:
        """The hops as the trigger takes them: ``table.pk.column|table.pk.column``."""
        return "|".join(
            f"{model._meta.db_table}.{_pk_column(model)}.{_column(model, attname)}"
            for model, attname in self.hops
        )


@dataclass(frozen=True)
class Tracked:
    model: type[Model]
    exclude: frozenset[str]  # columns left out of the trail (and whose changes alone log nothing)
    mask: frozenset[str]  # columns whose changes are logged without their values
    scheme: Path | None
    prison: Path | None
    name: str  # what the scheme's history calls the record ("Scheme details")
    history_exclude: frozenset[str]  # columns the scheme's history leaves out

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_TRACKED: dict[type[Model], Tracked] = {}

# What the trail holds instead of a masked column's value.
HIDDEN = "[hidden]"

# Bookkeeping every model may have, never worth a line in the trail: the optimistic
# version and the time of the last save (the trail has its own).
ALWAYS_EXCLUDED = ("version", "updated_at")


def _path(model: type[Model], lookup: str) -> Path:
    if lookup == "pk":
        return Path(lookup, _pk_column(model), ())
    parts = lookup.split("__")
    first = model._meta.get_field(parts[0])
    if not isinstance(first, ForeignKey):
        raise ValueError(f"{model.__name__}.{parts[0]} is not a foreign key (in {lookup!r})")
    hops: list[tuple[type[Model], str]] = []
    current: type[Model] = first.related_model
    for part in parts[1:]:
        field = current._meta.get_field(part)
        if not isinstance(field, ForeignKey):
            raise ValueError(f"{current.__name__}.{part} is not a foreign key (in {lookup!r})")
        hops.append((current, field.attname))
        current = field.related_model
    return Path(lookup, first.column, tuple(hops))


def _column(model: type[Model], name: str) -> str:
    column = getattr(model._meta.get_field(name), "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{model.__name__}.{name} has no column of its own")
    return column


def _pk_column(model: type[Model]) -> str:
    return _column(model, _pk_name(model))


def _pk_name(model: type[Model]) -> str:
    assert model._meta.pk is not None
    return model._meta.pk.name


def _has_field(model: type[Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def _has_foreign_key(model: type[Model], name: str) -> bool:
    return any(f.name == name and isinstance(f, ForeignKey) for f in model._meta.concrete_fields)


def track(
    model: type[Model],
    *,
    exclude: Iterable[str] = (),
    mask: Iterable[str] = (),
    scheme: str | None = None,
    prison: str | None = None,
    name: str = "",
    history_exclude: Iterable[str] = (),
) -> None:
    """Record every create, change and delete of ``model`` in the audit trail.

    ``exclude``: fields never recorded (such as ``last_login``; the primary key,
    ``version`` and ``updated_at`` always are); a save that changes only these records
    nothing. ``mask``: fields recorded as changed without their values (a password
    hash). ``scheme``: the lookup
    path to the scheme id, by default ``"scheme"`` when the model has that foreign key
    (``"pk"`` for the scheme itself). ``prison``: the path to the prison id, by default
    ``"prison"`` when the model has one, else the scheme's prison. ``name``: what the
    scheme's history calls the record (by default its verbose name).
    ``history_exclude``: fields in the trail that the scheme's history leaves out,
    because another of its events tells the change already (a scheme's status).

    Call it from the app's ``AppConfig.ready()``. It needs no migration: the model's
    triggers are made after the next ``migrate``, on either database.
    """
    if scheme is None and _has_foreign_key(model, "scheme"):
        scheme = "scheme"
    if prison is None:
        if _has_foreign_key(model, "prison"):
            prison = "prison"
        elif scheme == "pk":
            raise ValueError("Say how the scheme record reaches its prison (prison=...)")
        elif scheme is not None:
            prison = f"{scheme}__prison"

    def columns(names: Iterable[str]) -> frozenset[str]:
        return frozenset(_column(model, name) for name in names)

    always = [name for name in ALWAYS_EXCLUDED if _has_field(model, name)]
    _TRACKED[model] = Tracked(
        model=model,
        exclude=columns([*exclude, *always, _pk_name(model)]),
        mask=columns(mask),
        scheme=_path(model, scheme) if scheme else None,
        prison=_path(model, prison) if prison else None,
        name=name or str(model._meta.verbose_name).capitalize(),
        history_exclude=columns(history_exclude),
    )


def tracked(model: type[Model]) -> Tracked | None:
    return _TRACKED.get(model)


def tracked_by_label(label: str) -> Tracked | None:
    """The registration of the model called ``label`` (app_label.model_name)."""
    for registered in _TRACKED.values():
        if registered.label == label:
            return registered
    return None


def all_tracked() -> list[Tracked]:
    return list(_TRACKED.values())


def follow(obj: Model, path: Path | None) -> int | None:
    """The id at the end of ``path`` from ``obj``, in Python (as the trigger does in SQL).

    Walks related objects Django already holds in memory and asks the database (one
    query) only for the rest of the path.
    """
    if path is None:
        return None
    if path.lookup == "pk":
        return obj.pk  # type: ignore[no-any-return]
    parts = path.lookup.split("__")
    current = obj
    for index, part in enumerate(parts):
        field = current._meta.get_field(part)
        assert isinstance(field, ForeignKey)
        value = getattr(current, field.attname)
        if index == len(parts) - 1 or value is None:
            return value  # type: ignore[no-any-return]
        if field.is_cached(current):
            current = getattr(current, part)
            continue
        rest = "__".join(parts[index + 1 :])
        related: type[Model] = field.related_model
        return related._base_manager.filter(pk=value).values_list(rest, flat=True).first()
    return None
