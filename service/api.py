"""The JSON API (a public contract: paths and field names are fixed; see docs/api.md)."""

import hmac
from pathlib import Path

from flask import Blueprint, current_app, jsonify, request

from service.app import current_scorer, debug_log_texts
from service.db import get_store
from service.errors import ApiError
from training.store import ImportRejected
from service.feedback import MAX_BATCH, check_context, check_disabled, check_text, score_texts

bp = Blueprint("api", __name__)
OPENAPI = Path(__file__).with_name("openapi.json")


def json_body() -> dict:
    """The request's JSON object, or a 415/400 that says what is wrong with it."""
    if not request.is_json:
        raise ApiError(415, "send the body as application/json", "unsupported_media_type")
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "the body is not valid JSON", "malformed_json")
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object", "invalid_body")
    return body


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok", model_version=current_scorer(current_app).version)


@bp.post("/api/v1/score")
def score():
    body = json_body()
    if "text" not in body:
        raise ApiError(400, "missing `text`: the draft to score", "missing_text")
    text = check_text(body["text"])
    check_context(body.get("context"))
    disabled = check_disabled(body.get("disabled"))
    debug_log_texts(current_app, [text])
    return jsonify(score_texts(current_scorer(current_app), [text], disabled)[0])


@bp.post("/api/v1/score/batch")
def score_batch():
    body = json_body()
    texts = body.get("texts")
    if not isinstance(texts, list) or not 1 <= len(texts) <= MAX_BATCH:
        raise ApiError(400, f"`texts` must be a list of 1 to {MAX_BATCH} drafts", "invalid_batch")
    texts = [check_text(t, f"texts[{i}]") for i, t in enumerate(texts)]
    check_context(body.get("context"))
    disabled = check_disabled(body.get("disabled"))
    debug_log_texts(current_app, texts)
    return jsonify(results=score_texts(current_scorer(current_app), texts, disabled))


@bp.get("/api/v1/openapi.json")
def openapi():
    return current_app.response_class(OPENAPI.read_text(), mimetype="application/json")


def require_admin() -> None:
    """Bearer-token check; the endpoint does not exist while no token is configured."""
    token = current_app.config["ADMIN_TOKEN"]
    if not token:
        raise ApiError(404, "the admin API is disabled: set AMENDS_ADMIN_TOKEN to enable it", "not_found")
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise ApiError(401, "send `Authorization: Bearer <token>`", "unauthorized")
    if not hmac.compare_digest(header.removeprefix("Bearer ").encode(), token.encode()):
        raise ApiError(403, "wrong admin token", "forbidden")


@bp.post("/api/v1/examples")
def add_examples():
    require_admin()
    if not request.is_json:
        raise ApiError(415, "send the body as application/json", "unsupported_media_type")
    records = request.get_json(silent=True)
    if not isinstance(records, list) or not records:
        raise ApiError(400, "the body must be a non-empty JSON list of examples", "invalid_body")
    try:
        ids, skipped = get_store().add(records, "import")
    except ImportRejected as error:
        raise ApiError(400, "nothing stored: " + "; ".join(error.problems), "invalid_examples") from None
    return jsonify(ids=ids, skipped=skipped), 201


@bp.get("/api/v1/examples")
def list_examples():
    """Examples by status (`?status=pending|accepted|rejected|all`), for review."""
    require_admin()
    status = request.args.get("status", "pending")
    if status not in ("pending", "accepted", "rejected", "all"):
        raise ApiError(400, "status must be pending, accepted, rejected or all", "invalid_status")
    return jsonify(examples=get_store().rows(status))


@bp.post("/api/v1/examples/review")
def review_examples():
    """`{"accept": [ids], "reject": [ids]}`: only accepted examples ever reach training."""
    require_admin()
    body = json_body()
    decisions = {key: body.get(key, []) for key in ("accept", "reject")}
    if not any(decisions.values()) or not all(
            isinstance(ids, list) and all(isinstance(i, int) and not isinstance(i, bool) for i in ids) for ids in decisions.values()):
        raise ApiError(400, "send `accept` and/or `reject` as lists of example ids", "invalid_review")
    store = get_store()
    unknown = [i for ids in decisions.values() for i in ids if store.get(i) is None]
    if unknown:
        raise ApiError(404, f"no example with id {', '.join(map(str, unknown))}", "not_found")
    changed = store.set_status(decisions["accept"], "accepted") + store.set_status(decisions["reject"], "rejected")
    return jsonify(changed=changed)
