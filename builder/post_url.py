"""What identifies a post: its URL reduced to the parts that say which post a link opens.

Drafts, canonical files and platform exports write the same post's link in different forms
(`https://www.instagram.com/reel/X/` and `instagram.com/reel/X`); matching a draft and keeping
the latest snapshot per post both go through `post_key`, so the forms never count twice.
"""

from __future__ import annotations

from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

SHARING_PARAMETERS = frozenset({"igsh", "igshid", "si", "feature", "fbclid", "gclid",
                                "is_from_webapp", "sender_device"})
"""Query parameters that platforms add when a link is shared; utm_* are dropped as well."""


def post_key(url: str) -> str:
    """A post URL reduced to what identifies the post.

    Scheme, `www.`, case of the host, trailing slashes, the fragment and sharing or tracking
    parameters do not change which post a link opens; other parameters do (a blog's `?p=12`).
    YouTube's watch, shorts and youtu.be links reduce to the video id.
    """
    text = url.strip()
    try:
        parts = urlsplit(text if "://" in text else f"https://{text}")
    except ValueError:  # e.g. an unclosed IPv6 bracket: no structure to normalise
        return text
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    if host in ("youtube.com", "youtu.be"):
        video = youtube_id(parts.geturl())
        if video:
            return f"youtube:{video}"
    kept = sorted((name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
                  if name not in SHARING_PARAMETERS and not name.startswith("utm_"))
    query = f"?{urlencode(kept)}" if kept else ""
    return f"{host}{parts.path.rstrip('/')}{query}"


def youtube_id(url: str) -> str | None:
    """The video id of a YouTube watch, shorts or youtu.be link."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    if host == "youtu.be":
        return parts.path.strip("/") or None
    if host == "youtube.com":
        if parts.path.rstrip("/") == "/watch":
            ids = parse_qs(parts.query).get("v")
            return ids[0] if ids else None
        for prefix in ("/shorts/", "/live/"):
            if parts.path.startswith(prefix):
                return parts.path[len(prefix):].strip("/") or None
    return None
