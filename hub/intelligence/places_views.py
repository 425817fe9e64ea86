"""The places page: the ranked list of places by how many children are linked to them in a period,
and a map of the same places (Leaflet, ``assets/js/places.js``, loaded as a file: the data travels in a
``json_script`` block, as the network's does). The tile server is a setting (``HUB_MAP_TILES``, one the
partnership runs itself); without it the points are drawn on a plain background. The table is the
accessible equivalent of the map, and lists the places with no coordinates too."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.core.roles import INTELLIGENCE_ROLES
from hub.intelligence import places
from hub.intelligence.places_api import place_data
from hub.intelligence.places_forms import PlacesForm


@login_required
@role_required(*INTELLIGENCE_ROLES)
@require_GET
def places_page(request: SignedInRequest) -> HttpResponse:
    form = PlacesForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # A period that cannot be read is not guessed at: the page says what to put right.
        return render(request, "intelligence/places.html", {"form": form, "ranked": None})
    since, until = form.period() if form.is_bound else places.default_period()
    if not form.is_bound:
        form = PlacesForm(initial={"since": since.isoformat(), "until": until.isoformat()})
    ranked = places.ranked_places(request.user, since, until)
    drawing = {
        "tiles": settings.HUB_MAP_TILES,
        "attribution": settings.HUB_MAP_ATTRIBUTION,
        "places": [place_data(row) for row in ranked if row.has_coordinates],
    }
    return render(
        request,
        "intelligence/places.html",
        {
            "form": form,
            "ranked": ranked,
            "since": since,
            "until": until,
            "drawing": drawing,
            "unplaced": sum(1 for row in ranked if not row.has_coordinates),
        },
    )
