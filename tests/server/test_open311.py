"""Open311 GeoReport v2 with the spec's own example request (wiki.open311.org).

The spec's example POST uses service_code=001; ours are taxonomy codes, so the
example uses 040401 (damaged road), keeping every other example field and value.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest

from tests.server.conftest import ROOT, Server

BASE = "/open311/v2"
SPEC_EXAMPLE = {
    "service_code": "040401",
    "lat": "37.76524078",
    "long": "-122.4212043",
    "address_string": "1234 5th street",
    "email": "smit333@sfgov.edu",
    "device_id": "tt222111",
    "account_id": "123456",
    "first_name": "john",
    "last_name": "smith",
    "phone": "111111111",
    "description": "A large sinkhole is forming in the street",
    "media_url": "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg",
}


def _key(server: Server) -> str:
    """A key issued by the real CLI, as IT would."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "server.cli",
            "--database-url",
            server.database_url,
            "open311",
            "key",
            "add",
            f"app-{uuid.uuid4().hex[:8]}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture
def api_key(server: Server) -> str:
    return _key(server)


def _post(server: Server, form: dict[str, str], fmt: str = "json") -> httpx.Response:
    return httpx.post(f"{server.url}{BASE}/requests.{fmt}", data=form, timeout=30)


def test_discovery_and_service_list(server: Server) -> None:
    discovery = httpx.get(f"{server.url}{BASE}/discovery.json").json()
    services = httpx.get(f"{server.url}{BASE}/services.json").json()
    xml = ElementTree.fromstring(httpx.get(f"{server.url}{BASE}/services.xml").content)
    definition = httpx.get(f"{server.url}{BASE}/services/040401.json").json()
    missing = httpx.get(f"{server.url}{BASE}/services/999999.xml")

    endpoint = discovery["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert "application/json" in endpoint["formats"]
    road = next(s for s in services if s["service_code"] == "040401")
    assert road["service_name"] == "道路破损"
    assert road["type"] == "realtime" and road["metadata"] is True
    assert set(road) == {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    # Only leaves of the taxonomy are services.
    assert not any(s["service_code"] == "0404" for s in services)
    assert xml.tag == "services"
    assert len(xml.findall("service")) == len(services)
    assert definition["service_code"] == "040401"
    codes = [a["code"] for a in definition["attributes"]]
    assert codes == ["request_type", "urgency"]
    assert {"key": "urgent"}.items() <= definition["attributes"][1]["values"][1].items()
    assert missing.status_code == 404
    assert ElementTree.fromstring(missing.content).find("error/code").text == "404"


def test_spec_example_post_becomes_a_registered_case(
    server: Server, api_key: str
) -> None:
    form = dict(SPEC_EXAMPLE, api_key=api_key)
    form["attribute[urgency]"] = "urgent"
    created = _post(server, form)
    body: list[dict[str, Any]] = created.json()
    request_id, token = body[0]["service_request_id"], body[0]["token"]
    one = httpx.get(f"{server.url}{BASE}/requests/{request_id}.json").json()[0]
    by_token = httpx.get(f"{server.url}{BASE}/tokens/{token}.json").json()[0]
    with server.as_user("sup1") as sup:
        case = sup.get(f"/api/v1/cases/{token}").json()
    with server.as_user("op1") as op:
        hidden = op.get(f"/api/v1/cases/{token}")

    assert created.status_code == 200
    assert body[0]["account_id"] == "123456"
    assert one["service_request_id"] == request_id
    assert one["status"] == "open"
    assert one["address"] == "1234 5th street"  # one string, as sent
    assert one["lat"] == 37.76524078 and one["long"] == -122.4212043
    assert one["service_code"] == "040401" and one["service_name"] == "道路破损"
    assert one["description"] == "A large sinkhole is forming in the street"
    assert one["media_url"] == SPEC_EXAMPLE["media_url"]
    assert one["extended_attributes"]["official_no"] == request_id
    assert one["extended_attributes"]["urgency"] == "urgent"
    assert one["extended_attributes"]["request_type"] == "help"
    assert one["extended_attributes"]["satisfaction"] is None
    # No caller identity is published.
    assert "smith" not in str(one) and "111111111" not in str(one)
    assert by_token == {"service_request_id": request_id, "token": token}
    assert case["channel"] == "open311" and case["status"] == "registered"
    assert case["caller_name"] == "john smith"
    assert case["caller_number"] == "111111111"
    assert case["open311_email"] == "smit333@sfgov.edu"
    assert case["address"] == "1234 5th street"
    assert hidden.status_code == 404


def test_post_refusals_follow_the_spec(server: Server, api_key: str) -> None:
    no_key = _post(server, dict(SPEC_EXAMPLE))
    bad_key = _post(server, dict(SPEC_EXAMPLE, api_key="not-a-key"), "xml")
    unknown = _post(server, dict(SPEC_EXAMPLE, api_key=api_key, service_code="001"))
    no_place = _post(
        server,
        {
            "api_key": api_key,
            "service_code": "040401",
            "description": "A large sinkhole is forming in the street",
        },
    )
    nul = _post(server, dict(SPEC_EXAMPLE, api_key=api_key, description="a\x00b"))
    bad_attribute = _post(
        server, dict(SPEC_EXAMPLE, api_key=api_key, **{"attribute[urgency]": "soon"})
    )

    assert no_key.status_code == 403
    assert no_key.json()[0]["code"] == 403 and no_key.json()[0]["description"]
    assert bad_key.status_code == 403
    assert ElementTree.fromstring(bad_key.content).tag == "errors"
    assert unknown.status_code == 404
    assert no_place.status_code == 400 and "lat" in no_place.json()[0]["description"]
    assert nul.status_code == 400 and "description" in nul.json()[0]["description"]
    assert bad_attribute.status_code == 400


def test_query_filters_xml_and_updates(server: Server, api_key: str) -> None:
    first = _post(server, dict(SPEC_EXAMPLE, api_key=api_key)).json()[0]
    second = _post(
        server, dict(SPEC_EXAMPLE, api_key=api_key, service_code="040501")
    ).json()[0]
    ids = f"{first['service_request_id']},{second['service_request_id']}"
    both = httpx.get(
        f"{server.url}{BASE}/requests.json", params={"service_request_id": ids}
    ).json()
    lights = httpx.get(
        f"{server.url}{BASE}/requests.json",
        params={"service_code": "040501", "status": "open"},
    ).json()
    closed = httpx.get(
        f"{server.url}{BASE}/requests.json",
        params={"service_code": "040501", "status": "closed"},
    ).json()
    old = httpx.get(
        f"{server.url}{BASE}/requests.json",
        params={
            "start_date": "2010-01-01T00:00:00Z",
            "end_date": "2010-03-01T00:00:00Z",
        },
    ).json()
    xml = ElementTree.fromstring(
        httpx.get(
            f"{server.url}{BASE}/requests/{first['service_request_id']}.xml"
        ).content
    )
    updates = httpx.get(f"{server.url}{BASE}/servicerequestupdates.json").json()
    updates_xml = ElementTree.fromstring(
        httpx.get(f"{server.url}{BASE}/servicerequestupdates.xml").content
    )
    bad_status = httpx.get(
        f"{server.url}{BASE}/requests.json", params={"status": "pending"}
    )

    assert {r["service_request_id"] for r in both} == set(ids.split(","))
    assert second["service_request_id"] in {r["service_request_id"] for r in lights}
    assert first["service_request_id"] not in {r["service_request_id"] for r in lights}
    assert not any(
        r["service_request_id"] == second["service_request_id"] for r in closed
    )
    assert old == []
    assert xml.tag == "service_requests"
    assert xml.find("request/address").text == "1234 5th street"
    assert (
        xml.find("request/extended_attributes/official_no").text
        == (first["service_request_id"])
    )
    mine = [
        u for u in updates if u["service_request_id"] == first["service_request_id"]
    ]
    assert len(mine) == 1
    assert mine[0]["status"] == "open" and mine[0]["update_id"]
    assert mine[0]["updated_datetime"] and mine[0]["description"]
    assert updates_xml.tag == "service_request_updates"
    assert updates_xml.find("request_update/update_id") is not None
    assert bad_status.status_code == 422
