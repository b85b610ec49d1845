"""Money, quantities and dates written the Chinese way, normalised.

>>> find_amount("310万元国家核证自愿减排量交易")
3100000.0
>>> find_amount("生态产品总值达7002.3亿元")
700230000000.0
>>> find_quantity("捐赠3万吨价值150万元碳汇产品")
30000.0
>>> find_price("产品价格为50元/吨")
50.0
>>> find_date("1月10日,青禾集团与松岭集团签约", "2024-01")
'2024-01-10'
>>> find_date("11月18日签订合同", None)
'--11-18'
>>> find_date("2023年,与松岭集团签订合同", None)
'2023'
"""

from __future__ import annotations

import re

__all__ = ["find_amount", "find_quantity", "find_price", "find_date", "to_number"]

_UNITS = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8, "万亿": 1e12}
_NUM = r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+(?:点[零一二三四五六七八九]+)?)"


def to_number(s: str) -> float:
    """``"7002.3"`` → 7002.3; ``"三"`` → 3.0 (via cn2an)."""
    try:
        return float(s)
    except ValueError:
        import cn2an

        return float(cn2an.cn2an(s, "smart"))


_AMOUNT = re.compile(_NUM + r"\s*(万亿|亿|千万|百万|十万|万|千)?\s*元(?!/)")
_QUANTITY = re.compile(_NUM + r"\s*(万|千)?\s*吨(?:二氧化碳当量|CO2e?|二氧化碳)?")
_PRICE = re.compile(_NUM + r"\s*元\s*/\s*吨|每吨\s*" + _NUM + r"\s*元")


def find_amount(text: str) -> float | None:
    """The first money amount in *text*, in yuan (a price per tonne is not an amount).

    >>> find_amount("成交价格为每吨45元,总金额90万元")
    900000.0
    """
    for m in _AMOUNT.finditer(text):
        if text[max(0, m.start() - 2):m.start()] == "每吨":
            continue
        return round(to_number(m.group(1)) * _UNITS[m.group(2) or ""], 2)
    return None


def find_quantity(text: str) -> float | None:
    """The first tonnage in *text*, in tonnes."""
    m = _QUANTITY.search(text)
    if not m:
        return None
    return round(to_number(m.group(1)) * _UNITS[m.group(2) or ""], 3)


def find_price(text: str) -> float | None:
    """A price per tonne in *text*, in yuan."""
    m = _PRICE.search(text)
    if not m:
        return None
    return to_number(m.group(1) or m.group(2))


_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年(?!\s*\d{1,2}\s*月)")


def find_date(text: str, page_date: str | None) -> str | None:
    """The first date in *text*, ISO 8601, completed with the page's year.

    Full dates give ``YYYY-MM-DD``; a month and day without a year take the
    year of *page_date* (``YYYY-MM[-DD]``) or become ``--MM-DD``; a bare
    year gives ``YYYY``.
    """
    m = _FULL_DATE.search(text)
    if m:
        y, mo, d = map(int, m.groups())
        return f"{y:04d}-{mo:02d}-{d:02d}"
    m = _MONTH_DAY.search(text)
    if m:
        mo, d = map(int, m.groups())
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return None
        if page_date:
            return f"{page_date[:4]}-{mo:02d}-{d:02d}"
        return f"--{mo:02d}-{d:02d}"
    m = _YEAR.search(text)
    if m:
        return m.group(1)
    return None
