"""Shared by the calendar oracles: an occurrence's start or end as the tests compare it."""
import datetime as dt


def utc(value):
    """A date-time in UTC (floating times read as UTC), or a date as its UTC midnight."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.strftime("%Y-%m-%dT00:00:00Z")
