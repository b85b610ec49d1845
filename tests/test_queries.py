"""The named queries shaped for a parameter (kg/queries/NAME@PARAM.rq) give the rows of the general shape
(NAME.rq with the parameter bound), on the seed graph, for values taken from the graph itself."""

from __future__ import annotations

import pytest

from kg.query import bind, named_queries, query


def _general(graph, name: str, param: str, value: str) -> list[dict]:
    nq = named_queries()[name]
    return query(graph, bind(nq.text, {param: value}))


def _values(graph, param: str) -> list[str]:
    """Labels and aliases of the graph's organisations (org) or regions (region), Chinese and pinyin."""
    cls = "kg:Region" if param == "region" else "?c"
    rows = query(graph, f"""PREFIX kg: <https://w3id.org/zhkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?l WHERE {{ ?x a {cls} ; rdfs:label|skos:altLabel ?l .
          {'' if param == 'region' else 'FILTER(?c IN (kg:Enterprise, kg:GovernmentBody, kg:Organization))'} }}
        ORDER BY ?l""")
    labels = [r["l"] for r in rows]
    return labels[::max(1, len(labels) // 12)] + ["不存在的名称"]


@pytest.mark.parametrize("name, param", [(n, p) for n, q in sorted(named_queries().items()) for p in q.variants])
def test_a_shaped_query_gives_the_rows_of_the_general_one(seed_build, name, param):
    from kg.store import load

    for engine in ("oxigraph", "rdflib"):
        graph = load(seed_build[0] / "graph.ttl", engine=engine)
        values = _values(graph, param)
        found = 0
        for value in values:
            shaped = query(graph, name, **{param: value})
            assert shaped == _general(graph, name, param, value), (engine, value)
            found += bool(shaped)
        assert found >= 2  # the values did match something


def test_every_variant_belongs_to_a_query_and_names_its_parameter():
    for name, nq in named_queries().items():
        for param, text in nq.variants.items():
            assert param in nq.params
            assert f"?{param}_zh" in text and "@" not in name
