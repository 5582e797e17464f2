"""The page without JavaScript: a plain form POST renders results server-side, escaped."""

from models.labels import LABELS


def test_page_has_form_context_selector_and_settings(client):
    html = client.get("/").get_data(as_text=True)
    assert '<textarea id="text" name="text"' in html
    assert '<select id="context" name="context">' in html
    assert all(f'value="{label}"' in html for label in LABELS)


def test_form_post_renders_results_without_javascript(client):
    response = client.post("/", data={"text": "I'm sorry if you were offended, but I was exhausted.", "context": "friend"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="results" hidden' not in html
    assert 'data-rule-id="BS_CONDITIONAL_APOLOGY"' in html
    assert 'class="meter flagged' in html


def test_user_text_is_escaped(client):
    html = client.post("/", data={"text": "<script>alert(1)</script> sorry <img src=x onerror=alert(1)>"}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_form_errors_are_shown_not_crashed(client):
    response = client.post("/", data={"text": "   "})
    assert response.status_code == 400
    assert "empty" in response.get_data(as_text=True)


def test_switched_off_dimension_is_shown_as_off(client):
    html = client.post("/", data={"text": "I'm sorry if you were offended.", "disabled": ["blame_shifting"]}).get_data(as_text=True)
    assert 'data-rule-id="BS_CONDITIONAL_APOLOGY"' not in html


def test_correction_stores_a_pending_example_only_when_submitted(client, app):
    from training.store import ExampleStore
    client.post("/", data={"text": "sorry about that"})
    store = ExampleStore.open(app.config["DATA_DIR"])
    assert store.rows("all") == []  # scoring stores nothing
    response = client.post("/examples", data={"text": "sorry about that", "context": "friend", "label": ["generic", "missing_steps"]})
    assert response.status_code == 201 and "pending example" in response.get_data(as_text=True)
    [row] = store.rows("pending")
    assert row["text"] == "sorry about that" and row["source"] == "user-correction"
    assert row["labels"]["generic"] == 1 and row["labels"]["blame_shifting"] == 0


def test_logs_never_contain_the_draft(client, caplog):
    secret = "I slept with your sister Marguerite"
    with caplog.at_level("DEBUG"):
        client.post("/api/v1/score", json={"text": secret})
        client.post("/", data={"text": secret})
    assert caplog.records and all("Marguerite" not in r.getMessage() for r in caplog.records)


def test_draft_text_is_logged_only_when_debugging_is_switched_on(client, app, caplog):
    app.config["DEBUG_TEXT_LOGS"] = True
    with caplog.at_level("DEBUG"):
        client.post("/api/v1/score", json={"text": "sorry about the Zanzibar trip"})
    assert any("Zanzibar" in r.getMessage() for r in caplog.records)
