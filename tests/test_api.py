"""The JSON API contract, exercised through a real gunicorn server (and Flask's client for unit cases)."""

import json
from pathlib import Path

import pytest
import requests
from openapi_schema_validator import OAS30Validator

from models.labels import LABELS

SPEC = json.loads((Path(__file__).resolve().parents[1] / "service" / "openapi.json").read_text())
BLAME = "I'm sorry if you were offended by my joke about your accent, but I was exhausted. It was just a joke."
GOOD = ("I'm sorry I read your journal without asking on Saturday. It broke your trust and your privacy. "
        "I've put it back, and from tonight I will knock and ask before I go into your room.")


def conforms(instance, schema_name: str) -> None:
    """Validate a real response body against a schema of the OpenAPI document."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": SPEC["components"]}
    OAS30Validator(schema).validate(instance)


def post(base, path, body, **kwargs):
    return requests.post(base + path, json=body, timeout=30, **kwargs)


def test_healthz_reports_the_active_model(live_server, models_dir):
    response = requests.get(live_server + "/healthz", timeout=5)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "model_version": json.loads((models_dir / "ACTIVE.json").read_text())["active"]}
    conforms(response.json(), "Health")


def test_score_returns_the_contract_shape(live_server):
    response = post(live_server, "/api/v1/score", {"text": BLAME, "context": "friend"})
    assert response.status_code == 200
    result = response.json()
    conforms(result, "ScoreResult")
    assert list(result["scores"]) == list(LABELS) and list(result["flags"]) == list(LABELS)
    assert all(0.0 <= p <= 1.0 for p in result["scores"].values())
    assert 0 <= result["overall"] <= 100


def test_blame_shifting_draft_is_flagged_with_its_words(live_server):
    result = post(live_server, "/api/v1/score", {"text": BLAME}).json()
    assert result["flags"]["blame_shifting"]
    blame = [m for m in result["matches"] if m["dimension"] == "blame_shifting"]
    assert any("if you were offended" in m["text"] for m in blame)
    for m in result["matches"]:  # offsets index the submitted text
        assert BLAME[m["offset"]:m["offset"] + m["length"]] == m["text"]


def test_good_apology_scores_better_than_a_bad_one(live_server):
    good, bad = (post(live_server, "/api/v1/score", {"text": t}).json() for t in (GOOD, BLAME))
    assert good["overall"] > bad["overall"] + 30
    assert not good["flags"]["blame_shifting"] and not good["flags"]["missing_steps"]


def test_offsets_count_code_points_not_bytes(live_server):
    text = "😞😞 Sorry if you were offended, but I was exhausted."
    result = post(live_server, "/api/v1/score", {"text": text}).json()
    assert result["matches"]
    for m in result["matches"]:
        assert text[m["offset"]:m["offset"] + m["length"]] == m["text"]


def test_batch_keeps_order_and_shape(live_server):
    texts = [GOOD, BLAME, "sorry for everything"]
    response = post(live_server, "/api/v1/score/batch", {"texts": texts})
    assert response.status_code == 200
    body = response.json()
    conforms(body, "BatchResult")
    singles = [post(live_server, "/api/v1/score", {"text": t}).json() for t in texts]
    assert [r["scores"] for r in body["results"]] == [s["scores"] for s in singles]


def test_disabled_dimension_keeps_its_key_but_is_not_flagged(live_server):
    plain = post(live_server, "/api/v1/score", {"text": BLAME}).json()
    off = post(live_server, "/api/v1/score", {"text": BLAME, "disabled": ["blame_shifting", "MIN_JUST"]}).json()
    assert plain["flags"]["blame_shifting"] and off["flags"]["blame_shifting"] is False
    assert "blame_shifting" in off["scores"]
    assert not [m for m in off["matches"] if m["dimension"] == "blame_shifting" or m["rule_id"] == "MIN_JUST"]
    assert off["overall"] > plain["overall"]


@pytest.mark.parametrize("body, status, code", [
    ({}, 400, "missing_text"),
    ({"text": 42}, 400, "invalid_text"),
    ({"text": "   \n "}, 400, "empty_text"),
    ({"text": "sorry", "context": "boss"}, 400, "invalid_context"),
    ({"text": "sorry", "disabled": ["not_a_rule"]}, 400, "invalid_disabled"),
    ({"text": "sorry", "disabled": "generic"}, 400, "invalid_disabled"),
    ({"text": "x" * 5001}, 413, "text_too_long"),
    ([1, 2], 400, "invalid_body"),
])
def test_bad_score_requests_get_specific_json_errors(live_server, body, status, code):
    response = post(live_server, "/api/v1/score", body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    conforms(response.json(), "Error")


def test_text_limit_counts_after_trimming(live_server):
    assert post(live_server, "/api/v1/score", {"text": "  " + "a" * 5000 + "  \n"}).status_code == 200


@pytest.mark.parametrize("body", [{"texts": []}, {"texts": ["ok"] * 101}, {"texts": "sorry"}, {"texts": ["fine", 3]}, {}])
def test_bad_batches_are_400(live_server, body):
    response = post(live_server, "/api/v1/score/batch", body)
    assert response.status_code == 400
    conforms(response.json(), "Error")


def test_malformed_json_wrong_type_and_huge_bodies(live_server):
    url = live_server + "/api/v1/score"
    bad_json = requests.post(url, data=b'{"text": "sorry"', headers={"Content-Type": "application/json"}, timeout=10)
    assert bad_json.status_code == 400 and bad_json.json()["error"]["code"] == "malformed_json"
    form = requests.post(url, data={"text": "sorry"}, timeout=10)
    assert form.status_code == 415 and form.json()["error"]["code"] == "unsupported_media_type"
    huge = requests.post(url, data=b'{"text": "' + b"a" * (1024 * 1024 + 10) + b'"}',
                         headers={"Content-Type": "application/json"}, timeout=30)
    assert huge.status_code == 413
    conforms(huge.json(), "Error")
    not_utf8 = requests.post(url, data=b'{"text": "\xff\xfe"}', headers={"Content-Type": "application/json"}, timeout=10)
    assert not_utf8.status_code == 400


def test_unknown_path_and_wrong_method(live_server):
    missing = requests.get(live_server + "/api/v1/nothing", timeout=5)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = requests.get(live_server + "/api/v1/score", timeout=5)
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"


def test_openapi_document_is_served_and_lists_the_paths(live_server):
    spec = requests.get(live_server + "/api/v1/openapi.json", timeout=5).json()
    assert spec["openapi"].startswith("3.")
    assert {"/healthz", "/api/v1/score", "/api/v1/score/batch"} <= set(spec["paths"])


def test_security_headers_on_every_response(live_server):
    for response in (requests.get(live_server + "/", timeout=5), post(live_server, "/api/v1/score", {"text": ""})):
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp and "script-src 'self'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_server_survives_hostile_input(live_server):
    nasty = ["\x00\x01\x02", "<script>alert(1)</script>", "'; DROP TABLE examples; --", "\u202e\u200b" * 100,
             "sorry " * 800, "?" * 4000, "\n\n\n.", "🙏" * 2000]
    for text in nasty:
        assert post(live_server, "/api/v1/score", {"text": text}).status_code in (200, 413)
    assert requests.get(live_server + "/healthz", timeout=5).status_code == 200


def test_admin_examples_endpoint_needs_the_token(live_server):
    example = [{"text": "Sorry I forgot your birthday dinner; I've booked us a table for Friday.",
                "labels": {k: 0 for k in LABELS}, "context": "friend"}]
    assert post(live_server, "/api/v1/examples", example).status_code == 401
    assert post(live_server, "/api/v1/examples", example, headers={"Authorization": "Bearer nope"}).status_code == 403
    ok = post(live_server, "/api/v1/examples", example, headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 201 and len(ok.json()["ids"]) == 1
    bad = post(live_server, "/api/v1/examples", [{"text": "x", "labels": {}, "context": "friend"}],
               headers={"Authorization": "Bearer s3cret-token"})
    assert bad.status_code == 400 and "labels" in bad.json()["error"]["message"]


def test_admin_can_list_accept_and_reject_examples(live_server):
    auth = {"Authorization": "Bearer s3cret-token"}
    texts = ["I'm sorry I scratched your bike; I've booked it into the shop on Friday and I'm paying.",
             "sorry about that"]
    examples = [{"text": t, "labels": {k: 0 for k in LABELS}, "context": "friend"} for t in texts]
    ids = post(live_server, "/api/v1/examples", examples, headers=auth).json()["ids"]
    pending = requests.get(live_server + "/api/v1/examples?status=pending", headers=auth, timeout=10)
    assert pending.status_code == 200 and set(ids) <= {e["id"] for e in pending.json()["examples"]}
    conforms(pending.json(), "ExampleList")
    review = post(live_server, "/api/v1/examples/review", {"accept": [ids[0]], "reject": [ids[1]]}, headers=auth)
    assert review.status_code == 200 and review.json() == {"changed": 2}
    accepted = requests.get(live_server + "/api/v1/examples?status=accepted", headers=auth, timeout=10).json()["examples"]
    assert [e["id"] for e in accepted if e["id"] in ids] == [ids[0]]
    assert post(live_server, "/api/v1/examples/review", {"accept": [999999]}, headers=auth).status_code == 404
    assert post(live_server, "/api/v1/examples/review", {"accept": "all"}, headers=auth).status_code == 400
    assert post(live_server, "/api/v1/examples/review", {"accept": [ids[0]]}).status_code == 401


def test_admin_endpoint_is_absent_without_a_token(client, app):
    app.config["ADMIN_TOKEN"] = ""
    assert client.post("/api/v1/examples", json=[]).status_code == 404
