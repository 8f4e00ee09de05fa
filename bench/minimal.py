"""The ceiling: a minimal Flask page, served by the same gunicorn settings as the portal.

gunicorn -w 2 -b 127.0.0.1:8001 bench.minimal:app
"""

from flask import Flask

app = Flask(__name__)

PAGE = (
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Minimal</title>'
    "</head><body><main><h1>Beteiligungsportal</h1><p>Eine minimale Seite.</p></main>"
    "</body></html>"
)


@app.get("/")
def index():
    return PAGE
