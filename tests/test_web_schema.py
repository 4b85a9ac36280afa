"""Schemathesis against the OpenAPI schema the server serves: no 5xx, no response off the schema.

Bounded: at most 30 generated examples per operation, no per-example deadline. The schema
is loaded when the module is collected (schemathesis's lazy fixture loader does not run on
pytest 9.2), from the same builder the server serves; the fixture checks that the served
/openapi.json is that schema, and every case goes to the real server.
"""
from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from test_web import shared_home
from web.app import create_app
from web.openapi import build_openapi
from web.server import running

schema = schemathesis.openapi.from_dict(build_openapi())


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    with running(create_app(shared_home(tmp_path_factory))) as url:
        assert httpx.get(url + "/openapi.json").json() == build_openapi()
        yield url


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, base):
    # A schema-valid q can still be a query with nothing to search for (control characters,
    # a bare "title:"): the query language is richer than a JSON schema, and 400 bad_query
    # is the right answer there, so only the search skips "valid data must be accepted".
    excluded = [positive_data_acceptance] if case.operation.path == "/api/search" else []
    case.call_and_validate(base_url=base, timeout=30, excluded_checks=excluded)
