"""Small builders shared by the modules that describe CityLoop's APIs in OpenAPI 3.1.

They return plain dicts (JSON Schema 2020-12 inside), so each module reads
as the document it produces.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]
JSON = "application/json"
GEOJSON = "application/geo+json"
XML = "text/xml"
TEXT = "text/plain"


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    """``schema`` or JSON null (OpenAPI 3.1 has no ``nullable``)."""
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict[str, Schema], required: list[str] | tuple[str, ...] = (),
        **extra: Any) -> Schema:
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    schema.update(extra)
    return schema


def string(description: str = "", **extra: Any) -> Schema:
    schema: Schema = {"type": "string", **extra}
    if description:
        schema["description"] = description
    return schema


def query(name: str, description: str, schema: Schema | None = None, *,
          required: bool = False, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string"}, **extra}


def path_param(name: str, description: str, schema: Schema | None = None) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": schema or {"type": "string"}}


def content(media_type: str, schema: Schema, example: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"schema": schema}
    if example is not None:
        body["example"] = example
    return {media_type: body}


def response(description: str, media_type: str | None = None, schema: Schema | None = None,
             headers: dict[str, Any] | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": description}
    if media_type is not None:
        answer["content"] = content(media_type, schema if schema is not None else {})
    if headers:
        answer["headers"] = headers
    return answer


def header(description: str, schema: Schema | None = None, *,
           required: bool = False) -> dict[str, Any]:
    return {"description": description, "required": required,
            "schema": schema or {"type": "string"}}


def method_not_allowed() -> dict[str, Any]:
    """Django's own 405 for a method a view does not answer (empty body, ``Allow`` header)."""
    return {"description": "The method is not one this address answers; Allow lists those "
                           "it does.",
            "headers": {"Allow": header("The methods this address answers.", required=True)}}
