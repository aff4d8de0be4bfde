"""Explicit decimal rounding, as docs/rules.md R6 names it."""

from __future__ import annotations

from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
)

_PLACES = {0: Decimal("1"), 1: Decimal("0.1"), 2: Decimal("0.01"), 3: Decimal("0.001"), 4: Decimal("0.0001")}


def half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round half away from zero (四舍五入), as printed scores are."""
    return value.quantize(_PLACES[places], rounding=ROUND_HALF_UP)


def truncate(value: Decimal, places: int = 2) -> Decimal:
    """Cut after ``places`` decimals (Shanghai 2024 rate display; vendor getPointNum)."""
    return value.quantize(_PLACES[places], rounding=ROUND_DOWN)


def round_up(value: Decimal, places: int = 2) -> Decimal:
    """Round away from zero at ``places`` (Excel ROUNDUP; Shanghai 2022 rate display)."""
    return value.quantize(_PLACES[places], rounding=ROUND_UP)


def floor(value: Decimal, places: int = 2) -> Decimal:
    """Round towards −∞."""
    return value.quantize(_PLACES[places], rounding=ROUND_FLOOR)


def ceiling(value: Decimal, places: int = 2) -> Decimal:
    """Round towards +∞."""
    return value.quantize(_PLACES[places], rounding=ROUND_CEILING)


def places_of(value: Decimal) -> int:
    """How many decimals a printed number shows (``9.5`` → 1, ``94.00`` → 2)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
