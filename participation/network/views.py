"""The network's public start page (/netzwerk)."""

from __future__ import annotations

from flask import Blueprint, render_template

from participation.contributions import listing
from participation.core.sitemap import public_page
from participation.network import news
from participation.partners import agreement, directory

bp = Blueprint("network", __name__)


@bp.get("/netzwerk")
@public_page
def index():
    """What the network is, how to join, the agreement, news and upcoming events."""
    return render_template(
        "network/index.html",
        current=agreement.current_agreement(),
        partners=directory.counts_by_status()["active"],
        news=news.latest(),
        events=listing.listed(kind="event", limit=5),
    )
