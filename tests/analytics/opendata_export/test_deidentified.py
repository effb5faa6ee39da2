"""What the published files may not hold, and k recomputed on the published CSV."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pyarrow.parquet as pq

from cityloop.analytics import opendata_export
from tests.analytics.opendata_export.conftest import K


def test_every_combination_of_the_quasi_identifiers_occurs_at_least_k_times(exported):
    catalog = json.loads((exported / "catalog.json").read_text(encoding="utf-8"))
    dataset = catalog["dcat:dataset"][0]
    k, columns = dataset["cityloop:k"], dataset["cityloop:quasiIdentifiers"]
    assert k == K
    assert set(columns) >= {"area_code", "created_date", "service_code"}
    with open(exported / "cases.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows
    combinations = Counter(tuple(row[column] for column in columns) for row in rows)
    assert min(combinations.values()) >= k, combinations
    assert dataset["cityloop:rows"] == len(rows)
    assert dataset["cityloop:suppressedRows"] == 3


def test_a_larger_k_publishes_fewer_rows_and_still_holds(scenario, tmp_path):
    counts = opendata_export.export(tmp_path, k=7)
    # East's 12 by the week; west's 6 of the group and its 2 of the next week
    # by the month; east's 5 of later weeks, only 5 in their month, and its
    # one of April, left out.
    assert counts == {"published": 20, "suppressed": 6}
    with open(tmp_path / "cases.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    columns = opendata_export.rules.QUASI_IDENTIFIERS
    assert min(Counter(tuple(r[c] for c in columns) for r in rows).values()) >= 7


def test_no_contact_and_no_description_in_any_file(exported, scenario):
    texts = {name: (exported / name).read_text(encoding="utf-8")
             for name in ("cases.csv", "cases.geojson", "catalog.json")}
    texts["cases.parquet"] = json.dumps(pq.read_table(exported / "cases.parquet").to_pylist())
    cases = [c for group in scenario.cases.values() for c in group]
    assert len(scenario.secrets) == 4 * len(cases)
    for name, text in texts.items():
        for secret in scenario.secrets:
            assert secret not in text, (name, secret)
    # Points: no file has a latitude or longitude column, and the GeoJSON's
    # are districts' centroids (test_files).
    raw = (exported / "cases.parquet").read_bytes()
    assert not any(secret.encode() in raw for secret in scenario.secrets)


def test_sensitive_categories_are_absent(exported, scenario):
    text = (exported / "cases.csv").read_text(encoding="utf-8")
    assert "noise" not in text.lower()
    for case in scenario.cases["sensitive"]:
        assert case.reference not in text


def test_the_catalog_is_dcat_ap_json_ld(exported):
    catalog = json.loads((exported / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["@type"] == "dcat:Catalog"
    assert catalog["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert catalog["@context"]["dct"] == "http://purl.org/dc/terms/"
    assert catalog["@context"]["cityloop"].endswith("/opendata/#")  # the page explains k
    assert catalog["dct:license"]["@id"].startswith("http")
    dataset = catalog["dcat:dataset"][0]
    assert dataset["@type"] == "dcat:Dataset"
    assert dataset["dct:accrualPeriodicity"]["@id"].endswith("/frequency/DAILY")
    assert dataset["dct:license"] == catalog["dct:license"]
    assert dataset["dct:title"] and dataset["dct:description"]  # DCAT-AP's mandatory ones
    assert dataset["dct:publisher"]["foaf:name"] == catalog["dct:publisher"]["foaf:name"]
    described = [c["csvw:name"] for c in dataset["csvw:tableSchema"]["csvw:column"]]
    assert described == list(opendata_export.rows.COLUMNS)
    assert all(c["dct:description"] for c in dataset["csvw:tableSchema"]["csvw:column"])
    distributions = {d["dct:title"]: d for d in dataset["dcat:distribution"]}
    assert set(distributions) == {"cases.csv", "cases.geojson", "cases.parquet"}
    for name, distribution in distributions.items():
        assert distribution["@type"] == "dcat:Distribution"
        assert distribution["dcat:downloadURL"]["@id"].endswith(f"/opendata/{name}")
        assert distribution["dcat:mediaType"]["@id"].startswith(
            "https://www.iana.org/assignments/media-types/")
        size = int(distribution["dcat:byteSize"]["@value"])
        assert size == (exported / name).stat().st_size


def test_every_term_of_the_catalog_expands_to_an_iri(exported):
    """What a JSON-LD processor needs (none is installed): each key a keyword or a
    compact IRI of a declared prefix, each @id an absolute IRI, each @type a term."""
    catalog = json.loads((exported / "catalog.json").read_text(encoding="utf-8"))
    prefixes = catalog["@context"]
    assert all(iri.startswith("http") for iri in prefixes.values())

    def check(node: object, where: str) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                check(item, f"{where}[{i}]")
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            if key == "@context":
                continue
            if key in ("@id", "@type", "@value"):
                if key == "@id":
                    assert value.startswith("http"), f"{where}: {value}"
                if key == "@type" and ":" in value:
                    assert value.split(":", 1)[0] in prefixes, f"{where}: {value}"
                continue
            assert key.split(":", 1)[0] in prefixes, f"{where}: undeclared {key}"
            check(value, f"{where}.{key}")

    check(catalog, "catalog")
