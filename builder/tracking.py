"""Tracking links: the campaign's landing URL with the creator's UTM parameters filled in."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from builder.model.campaign import CampaignSpec


def tracking_url(spec: CampaignSpec, slug: str, handle: str, platform: str) -> str | None:
    """Landing URL + utm_* parameters with {platform}, {slug} and {handle} substituted."""
    if spec.tracking is None:
        return None
    values = {"{platform}": platform, "{slug}": slug, "{handle}": handle}
    params = []
    for key, template in spec.tracking.utm.items():
        for placeholder, value in values.items():
            template = template.replace(placeholder, value)
        params.append((f"utm_{key}", template))
    parts = urlsplit(spec.tracking.landing_url)
    query = parse_qsl(parts.query, keep_blank_values=True) + params
    return urlunsplit(parts._replace(query=urlencode(query)))


def tracking_urls(spec: CampaignSpec, slug: str, handle: str) -> dict[str, str]:
    """One tracking link per platform of the creator's deliverables, by platform."""
    engagement = spec.engagement(handle)
    platforms = sorted({d.platform.value for d in engagement.deliverables}) if engagement else []
    links = {p: tracking_url(spec, slug, handle, p) for p in platforms}
    return {p: url for p, url in links.items() if url}
