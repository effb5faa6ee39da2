"""The geospatial functions of a ``$filter`` (OGC 18-088 §9.3.3.5.2), turned into id lists.

One side of each function is a geometry property reached from the filtered
entity (``location``, ``Thing/Locations/location``, ``feature``,
``observedArea``), the other a ``geography'...'`` literal: the predicate
only depends on the entity that holds the property, so ``geo`` finds those
entities and the filter keeps the ones related to them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _
from shapely.geometry.base import BaseGeometry

from cityloop.sensing.api import geo
from cityloop.sensing.api.odata.operand import GeoValue, Operand, ResolvedPath, constant
from cityloop.sensing.api.odata.syntax import Call, ExprError

if TYPE_CHECKING:  # compile imports this module: the type only, to avoid the cycle
    from cityloop.sensing.api.odata.compile import Compiler

TRUE = Q()
FALSE = Q(pk__in=[])


def call(compiler: Compiler, node: Call) -> Operand:
    args = [compiler.operand(a) for a in node.args]
    if node.name in {"geo.distance", "geo.length"}:
        return _numeric(node, args)
    wanted = 3 if node.name == "st_relate" else 2
    if len(args) != wanted:
        raise ExprError(_("%(name)s takes %(n)s arguments") % {"name": node.name, "n": wanted},
                        node.pos)
    first, second = _geometry(args[0], node), _geometry(args[1], node)
    name, pattern = node.name, None
    if name == "st_relate":
        if not (args[2].is_const and isinstance(args[2].const, str)):
            raise ExprError(_("st_relate: the third argument is a pattern such as 'T********'"),
                            args[2].pos)
        pattern = args[2].const
        geo.relate(pattern)  # checks it
    if first.is_const and second.is_const:
        test = geo.relate(pattern) if pattern else geo.PREDICATES[name]
        return Operand("bool", node.pos, q=TRUE if test(first.const, second.const) else FALSE)
    if first.is_const:
        first, second = second, first
        name = geo.CONVERSE.get(name, name)
        pattern = geo.transpose(pattern) if pattern else None
    if not second.is_const:
        raise ExprError(_("one of the two geometries must be a geography'...' literal"),
                        node.pos)
    literal: BaseGeometry = second.const
    predicate = geo.relate(pattern) if pattern else geo.PREDICATES[name]
    bounds = literal.bounds if name in geo.NEED_OVERLAP else None
    assert first.path is not None
    ids = _matching(first.path, lambda g: predicate(g, literal), bounds)
    return Operand("bool", node.pos, q=Q(**{f"{first.path.pk_lookup}__in": ids}))


def _numeric(node: Call, args: list[Operand]) -> Operand:
    wanted = 2 if node.name == "geo.distance" else 1
    if len(args) != wanted:
        raise ExprError(_("%(name)s takes %(n)s arguments") % {"name": node.name, "n": wanted},
                        node.pos)
    geometries = [_geometry(a, node) for a in args]
    if all(g.is_const for g in geometries):
        value = (geometries[0].const.distance(geometries[1].const) if wanted == 2
                 else line_length(geometries[0].const))
        return constant(float(value), "number", node.pos)
    if wanted == 1:
        return Operand("number", node.pos, geo=GeoValue(node.name, geometries[0].path, None))
    path_side = [g for g in geometries if not g.is_const]
    const_side = [g for g in geometries if g.is_const]
    if not const_side:
        raise ExprError(_("one of the two geometries must be a geography'...' literal"),
                        node.pos)
    return Operand("number", node.pos,
                   geo=GeoValue(node.name, path_side[0].path, const_side[0].const))


def compare_numeric(compiler: Compiler, op: str, left: Operand, right: Operand, pos: int) -> Q:
    """``geo.distance(location, geography'POINT(...)') lt 0.01`` and the like."""
    if left.geo is None:
        left, right = right, left
        op = {"gt": "lt", "ge": "le", "lt": "gt", "le": "ge"}.get(op, op)
    assert left.geo is not None
    number = right.const if right.is_const else None
    if not isinstance(number, int | float) or isinstance(number, bool):
        raise ExprError(_("%(name)s can only be compared with a number")
                        % {"name": left.geo.function}, pos)
    compare = geo.COMPARE[op]
    value = left.geo
    bounds = None
    if value.function == "geo.distance":
        other: BaseGeometry = value.other
        if op in {"lt", "le", "eq"}:
            bounds = geo.grow(other.bounds, float(number))

        def test(g: BaseGeometry) -> bool:
            return compare(g.distance(other), number)
    else:
        def test(g: BaseGeometry) -> bool:
            return compare(line_length(g), number)
    assert value.path is not None
    ids = _matching(value.path, test, bounds)
    return Q(**{f"{value.path.pk_lookup}__in": ids})


def line_length(geometry: BaseGeometry) -> float:
    """geo.length: OData defines it for lines; a polygon or a point has length 0, as
    PostGIS's ST_Length (and so FROST-Server) answers, not its perimeter."""
    if geometry.geom_type in {"LineString", "MultiLineString", "LinearRing"}:
        return float(geometry.length)
    if geometry.geom_type == "GeometryCollection":
        return sum(line_length(part) for part in getattr(geometry, "geoms", ()))
    return 0.0


def _geometry(arg: Operand, node: Call) -> Operand:
    if arg.is_const and isinstance(arg.const, BaseGeometry):
        return arg
    if arg.kind == "geometry" and arg.path is not None:
        return arg
    raise ExprError(
        _("%(name)s expects a geometry: location, feature, observedArea or a "
          "geography'...' literal") % {"name": node.name}, arg.pos,
    )


def _matching(path: ResolvedPath, test: Any, bounds: tuple[float, float, float, float] | None
              ) -> list[int]:
    assert path.prop is not None
    model = path.entity.model
    return geo.matching(model, path.prop.field, test, geo.prefilter_for(model, bounds))
