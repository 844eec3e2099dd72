"""Post snapshots: the latest per post, their sums per creator, and their history.

A row is a snapshot of one post's cumulative metrics on a date. Within a campaign the latest
snapshot per post wins; on the same date the row of the later file (by path), then the later
line, wins — the same rule as for duplicate orders. A post is its `post_key`, so the same link
written two ways (with or without `www.` or a trailing slash) is one post.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import polars as pl

from builder.kpi.figures import POST_PAIRS, POST_SUMS, Pair, Reported
from builder.model.creator import Creator
from builder.post_url import post_key

_PARTS = ("likes", "comments", "shares", "saves")
ENGAGEMENTS = (pl.when(pl.any_horizontal(pl.col(p).is_not_null() for p in _PARTS))
               .then(pl.sum_horizontal(_PARTS)))
"""engagements = likes + comments + shares + saves (SPEC §5), of the parts the post reports;
null (not reported) when it reports none."""


@dataclass(frozen=True)
class PostSums:
    """One creator's sums over the latest snapshots of their posts."""

    posts: int
    sums: dict[str, Reported]
    """Each of POST_SUMS over the posts that report it."""
    pairs: dict[str, Pair]
    """Each of POST_PAIRS over the posts that report both parts."""


SNAPSHOT_ORDER = ["date", "source", "line"]
"""Later snapshots win: by date, then file path, then line."""


def last_per(frame: pl.DataFrame, key: str | list[str], order: list[str]) -> pl.DataFrame:
    """The last row of each `key` (one column or several) by `order`, in frame order.

    Only the keys are sorted (within each group): sorting whole frames of a million rows would
    cost more than everything else the KPIs do. Rows below their group's largest first `order`
    value (nulls sort first) cannot be last, so they are dropped before anything is sorted.
    """
    first = pl.col(order[0])
    rows = (frame.lazy().with_row_index("row")
            .filter(first.eq_missing(first.max().over(key)))
            .group_by(key).agg(pl.col("row").sort_by(order).last())
            .collect(engine="in-memory")["row"].sort())
    return frame.gather(rows)


def _post_keys(urls: pl.Series) -> dict[str, str]:
    return {url: post_key(url) for url in urls.to_list()}


def _keyed(posts: pl.DataFrame, keys: dict[str, str]) -> pl.DataFrame:
    return posts.with_columns(
        pl.col("post_url").replace_strict(keys, return_dtype=pl.String).alias("post"))


def latest_snapshots(posts: pl.DataFrame) -> pl.DataFrame:
    """One row per post: its latest snapshot."""
    # The latest per exact URL first: the latest per post is the latest of those, and there
    # are far fewer of them to normalise (usually each post has one URL and nothing is left).
    per_url = last_per(posts, "post_url", SNAPSHOT_ORDER)
    keys = _post_keys(per_url["post_url"])  # one row per URL: no need to ask for unique ones
    if len(set(keys.values())) == len(keys):
        return per_url
    return last_per(_keyed(per_url, keys), "post", SNAPSHOT_ORDER).drop("post")


def followers_table(creators: Mapping[str, Creator], handles: list[str]) -> pl.DataFrame:
    """creator, platform, followers: the profile's follower count on each platform."""
    rows = [(handle, account.platform.value, account.followers)
            for handle in handles if handle in creators
            for account in creators[handle].profile.platforms]
    return pl.DataFrame(rows, schema={"creator": pl.String, "platform": pl.String,
                                      "followers": pl.Int64}, orient="row")


def post_sums_query(latest: pl.DataFrame, creators: Mapping[str, Creator],
                    handles: list[str]) -> pl.LazyFrame:
    """The sums per creator over `latest`, the latest snapshot of each post, for post_sums.

    A post on a platform where the creator's profile lists no account has no followers to
    count: it is not covered by the engagement rate by followers.
    """
    latest_lazy = (latest.lazy()
                   .join(followers_table(creators, handles).lazy(), on=["creator", "platform"],
                         how="left")
                   .with_columns(ENGAGEMENTS.alias("engagements"),
                                 pl.col("followers").alias("post_followers")))
    aggregates = [pl.len().alias("posts")]
    for name in POST_SUMS:
        aggregates += [pl.col(name).sum().alias(f"{name}:total"),
                       pl.col(name).count().alias(f"{name}:posts")]
    for name, (top, bottom) in POST_PAIRS.items():
        both = pl.col(top).is_not_null() & pl.col(bottom).is_not_null()
        aggregates += [pl.col(top).filter(both).sum().alias(f"{name}:numerator"),
                       pl.col(bottom).filter(both).sum().alias(f"{name}:denominator"),
                       both.sum().alias(f"{name}:covered")]
    return latest_lazy.group_by("creator").agg(aggregates)


def post_sums(sums: pl.DataFrame) -> dict[str, PostSums]:
    """Each creator's PostSums, from the rows of post_sums_query."""
    result = {}
    for row in sums.iter_rows(named=True):
        result[row["creator"]] = PostSums(
            posts=row["posts"],
            sums={name: Reported(row[f"{name}:total"], row[f"{name}:posts"])
                  for name in POST_SUMS},
            pairs={name: Pair(Decimal(row[f"{name}:numerator"]),
                              Decimal(row[f"{name}:denominator"]), row[f"{name}:covered"])
                   for name in POST_PAIRS})
    return result


def engagement_history(posts: pl.DataFrame) -> dict[str, list[tuple[date, int]]]:
    """Engagements known on each snapshot date, per creator: the sum over their posts of each
    post's latest snapshot on or before that date. The last point equals the campaign figure.
    """
    # One query over the snapshots sorted by post, date, file and line: a post's day ends
    # where the next row is another post or day, and the row before is its previous day.
    # Posts are numbered (each post_key once) because sorting numbers is cheaper than text.
    keys = _post_keys(posts["post_url"].unique())
    numbers = {key: n for n, key in enumerate(dict.fromkeys(keys.values()))}
    post, day = pl.col("post"), pl.col("date")
    same_post_as_previous = post.eq_missing(post.shift(1))
    per_creator = (
        posts.lazy()
        .with_columns(pl.col("post_url").replace_strict(
            {url: numbers[key] for url, key in keys.items()}, return_dtype=pl.UInt32)
            .alias("post"))
        .sort(["post", *SNAPSHOT_ORDER])
        .filter(post.ne_missing(post.shift(-1)) | day.ne_missing(day.shift(-1)))
        .with_columns(ENGAGEMENTS.alias("engagements"))
        # Each day adds what changed since the post's previous day, so summing the changes up
        # to a date gives every post at its latest value by then, without a row per post per
        # day.
        .with_columns((pl.col("engagements") - pl.when(same_post_as_previous)
                       .then(pl.col("engagements").shift(1)).otherwise(0).fill_null(0))
                      .alias("change"))
        .group_by("creator", "date").agg(pl.col("change").sum())
        .sort("creator", "date")
        .with_columns(pl.col("change").cum_sum().over("creator").alias("known"))
        # One list of days and one of values per creator: a large campaign has some 7,000
        # points, and polars hands over whole lists far faster than row after row.
        .group_by("creator", maintain_order=True).agg("date", "known")
        .collect(engine="in-memory"))
    return {handle: list(zip(days, known, strict=True))
            for handle, days, known in per_creator.iter_rows()}
