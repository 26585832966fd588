"""Helpers for the API's schemas."""

from django.db import models
from pydantic import WithJsonSchema


def enum_schema(choices: type[models.TextChoices], name: str) -> WithJsonSchema:
    """The OpenAPI schema of `choices` as an inline string enum titled `name`, for
    `Annotated[<choices>, enum_schema(<choices>, "<name>")]`.

    Django names its nested choices alike (`OrgUnit.Kind`, `Session.Kind`), and OpenAPI
    components are keyed by class name, so without this one would overwrite the other.
    """
    return WithJsonSchema({"type": "string", "enum": list(choices.values), "title": name})
