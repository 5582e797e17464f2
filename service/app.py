"""Application factory: settings, the model holder, blueprints, security headers, privacy-safe logs."""

import logging
import time

from flask import Flask, g, request

from models import settings
from service import errors
from service.holder import ModelHolder

log = logging.getLogger("amends.access")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        MAX_CONTENT_LENGTH=1024 * 1024,
        MODELS_DIR=settings.get_path("AMENDS_MODELS_DIR"),
        MODEL_VERSION=settings.get("AMENDS_MODEL_VERSION"),
        SPACY_MODEL=settings.get("AMENDS_SPACY_MODEL") or None,
        DATA_DIR=settings.get_path("AMENDS_DATA_DIR"),
        ADMIN_TOKEN=settings.get("AMENDS_ADMIN_TOKEN"),
        RELOAD_SECONDS=float(settings.get("AMENDS_RELOAD_SECONDS")),
        DEBUG_TEXT_LOGS=settings.get("AMENDS_DEBUG_TEXT_LOGS") == "1",
    )
    if test_config:
        app.config.update(test_config)
    app.json.sort_keys = False

    holder = ModelHolder(app.config["MODELS_DIR"], app.config["SPACY_MODEL"], app.config["MODEL_VERSION"])
    if app.config["RELOAD_SECONDS"] > 0:
        holder.watch(app.config["RELOAD_SECONDS"])
    app.extensions["amends_models"] = holder

    from service import api, db, web
    db.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(web.bp)
    errors.register(app)

    @app.before_request
    def start_timer():
        g.started = time.perf_counter()

    @app.after_request
    def headers_and_log(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        # Privacy: method, path, status and timing only; never the draft.
        log.info("%s %s %s %.1fms", request.method, request.path, response.status_code, elapsed)
        return response

    return app


def current_scorer(app: Flask):
    """The scorer to use for this request (read once, so a swap mid-request cannot mix models)."""
    return app.extensions["amends_models"].scorer


def debug_log_texts(app: Flask, texts: list[str]) -> None:
    """Only with AMENDS_DEBUG_TEXT_LOGS=1: drafts in the log, for debugging on one's own machine."""
    if app.config["DEBUG_TEXT_LOGS"]:
        for text in texts:
            logging.getLogger("amends.debug").warning("draft (debug text logging is on): %r", text)
