"""The web page: works as a plain form (server-rendered results) and, with JavaScript, live."""

from flask import Blueprint, current_app, render_template, request

from models.labels import CONTEXTS, EXPLANATIONS, LABELS, TITLES
from service.app import current_scorer, debug_log_texts
from service.db import get_store
from service.errors import ApiError
from service.feedback import check_context, check_disabled, check_text, score_texts
from training.store import ImportRejected

bp = Blueprint("web", __name__)


def weak(match: dict) -> bool:
    """Evidence found by model weights or pinned to the apology word, not by a rule on the words."""
    return match["rule_id"].startswith("MODEL_") or match["rule_id"] == "MS_NO_CONCRETE_STEP"


def highlight(text: str, matches: list[dict]) -> list[dict]:
    """Split the draft into plain and highlighted segments; where matches overlap, rule matches win."""
    chosen = []
    for match in sorted(matches, key=lambda m: (weak(m), m["offset"], -m["length"])):
        start, end = match["offset"], match["offset"] + match["length"]
        if not any(start < c["offset"] + c["length"] and c["offset"] < end for c in chosen):
            chosen.append(match)
    segments, cursor = [], 0
    for match in sorted(chosen, key=lambda m: m["offset"]):
        start, end = match["offset"], match["offset"] + match["length"]
        if start > cursor:
            segments.append({"text": text[cursor:start]})
        segments.append({"text": text[start:end], "match": match})
        cursor = end
    if cursor < len(text):
        segments.append({"text": text[cursor:]})
    return segments


def render(**values):
    values.setdefault("saved", None)
    return render_template("index.html", labels=LABELS, titles=TITLES, explanations=EXPLANATIONS,
                           contexts=CONTEXTS, **values)


@bp.get("/")
def index():
    return render(text="", context="", result=None, error=None, disabled=frozenset())


@bp.post("/")
def index_post():
    """The no-JavaScript path: score the posted form and render the results on the page."""
    text = request.form.get("text", "")
    context = request.form.get("context", "")
    disabled_names = request.form.getlist("disabled")
    try:
        check_text(text)
        check_context(context)
        disabled = check_disabled(disabled_names)
    except ApiError as error:
        return render(text=text, context=context, result=None, error=error.message, disabled=frozenset()), error.status
    debug_log_texts(current_app, [text])
    result = score_texts(current_scorer(current_app), [text], disabled)[0]
    return render(text=text, context=context, result=result, error=None, disabled=disabled,
                  segments=highlight(text, result["matches"]))


@bp.post("/examples")
def submit_example():
    """The person's corrected labels: the only path by which a pasted draft is stored (as pending)."""
    text = request.form.get("text", "")
    context = request.form.get("context") or "other"
    chosen = set(request.form.getlist("label"))
    record = {"text": text, "context": context, "labels": {label: int(label in chosen) for label in LABELS}}
    try:
        check_text(text)
        check_context(context)
        ids, skipped = get_store().add([record], "user-correction")
    except (ApiError, ImportRejected) as error:
        message = error.message if isinstance(error, ApiError) else "; ".join(error.problems)
        return render(text=text, context=context, result=None, error=message, disabled=frozenset()), 400
    if not ids:
        return render(text=text, context=context, result=None, disabled=frozenset(),
                      error="This exact draft was already submitted; it is waiting for review."), 409
    return render(text="", context="", result=None, error=None, disabled=frozenset(), saved=ids[0]), 201
