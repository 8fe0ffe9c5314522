"""Compact pickling of the frozen pydantic records that worker processes send back (findings, rows, returns)."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

_Model = TypeVar("_Model", bound=BaseModel)


def pickled(model: BaseModel) -> tuple[Any, ...]:
    """How a frozen record pickles (workers send findings and returns back): its field values and, unless every
    field was given, which were, rebuilt by `trusted`; pydantic's own state (a dict of four per model, the fields
    set spelled out) takes a fifth longer to pickle and unpickle. (A tuple of the values in field order is smaller but
    slower: rebuilding the dict from it in Python costs more than the dict the unpickler builds.)"""
    fields_set = model.__pydantic_fields_set__
    return trusted, (type(model), model.__dict__, None if fields_set == _FIELDS[type(model)] else fields_set)


def trusted(cls: type[_Model], values: dict[str, Any], fields_set: set[str] | None) -> _Model:
    """A model from the field values of one already validated, as pydantic unpickles one (no validation again):
    `fields_set` None means every field (for models with neither extra fields nor private attributes)."""
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", set(_FIELDS[cls]) if fields_set is None else fields_set)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


_set = object.__setattr__


class _FieldNames(dict[type[BaseModel], frozenset[str]]):
    """The names of each model class's fields, worked out on first use (a dict look-up, not a call, after that)."""

    def __missing__(self, cls: type[BaseModel]) -> frozenset[str]:
        fields = self[cls] = frozenset(cls.model_fields)
        return fields


_FIELDS = _FieldNames()
