"""The example store for a request: opened on first use in the request context, closed on teardown."""

from flask import current_app, g

from training.store import ExampleStore


def get_store() -> ExampleStore:
    if "store" not in g:
        g.store = ExampleStore.open(current_app.config["DATA_DIR"])
    return g.store


def close_store(exception=None) -> None:
    store = g.pop("store", None)
    if store is not None:
        store.close()


def init_app(app) -> None:
    app.teardown_appcontext(close_store)
