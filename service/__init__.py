"""The Amends service: Flask app (web page and JSON API), rewrite suggestions and the CLI."""
