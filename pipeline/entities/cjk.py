"""Countries and regions named in Japanese and Chinese text, as CLDR writes them.

Japanese and Chinese are written without spaces between words, so ``tokenize`` sees a
whole clause as one word and ``name_key`` (romanisation) cannot look its names up: a
Han name's reading meets other places' spellings (卡塔里 reads like Katali, one of
Qatar's). Here the names the CJK locales of CLDR give countries and UN M.49 regions
(日本, 中国, 美国, 俄罗斯, ロシア, ウクライナ, ヨーロッパ; ``Gazetteer.cjk``) are found
in the text as written, the longest first, under rules that keep them right or silent:

- a name of two characters or more; in katakana, of three or more (タイ, Thailand, is
  also "tie" and a verb ending; マリ, チリ are names and words) and a whole katakana
  word: not inside a longer one (インド is not in インドネシア, nor タイ in タイトル);
- not joined by a middle dot or an equals sign to another name: that is a foreign
  person's name written out (ジョージア・オキーフ, Georgia O'Keeffe; 图帕克・卡塔里);
- not after a compass point: that names a part of it (東日本, eastern Japan; the names
  that are territories of their own, 北朝鮮, 东南亚, are found whole first);
- not before 語 or 语, "language": 日本語, ドイツ語, 俄罗斯语 name a language, not the
  country (as English "Japanese" is no link to Japan);
- not 中 and a one-character name of a country or continent: Chinese writes China and
  its partner so (中美关系, China-US relations; 中非合作, China-Africa cooperation),
  and those are the names CLDR gives Central America and Middle Africa in some
  locales (which Chinese news writes 中美洲, 中部非洲: found as they are).

A place named inside an organisation's name (日本スケート連盟, 中国国家航天局) is
linked, as a nested mention; see the README for how those were judged.

Korean is left out: it writes spaces, and many of its two-syllable country names are
also ordinary words (수단, Sudan and "means"; 인도, India and "handover").
"""

from __future__ import annotations

import re

# Han (CJK ideographs), hiragana and katakana: the scripts read here.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KATAKANA_WORD = re.compile(r"^[\u30a1-\u30fa\u30fc]+$")  # letters and the long-vowel mark
# What joins the parts of a foreign name written out: middle dots and equals signs.
_NAME_JOINERS = frozenset("・·･•=＝")
_COMPASS = frozenset("東西南北东")
_LANGUAGE = frozenset("語语")  # "language" after a country's name: 日本語, 俄语
# China's one-character name and the one-character names of the partners it is paired
# with that make a region's CLDR name: 中美 (US), 中非 (Africa).
_CHINA_AND = ("中美", "中非")
MAX_NAME_CHARS = 16
MIN_KATAKANA_CHARS = 3


def readable_cjk(name: str) -> bool:
    """A CLDR name this module can find: Han or kana only, long enough."""
    if not 2 <= len(name) <= MAX_NAME_CHARS or not all(_CJK.match(c) for c in name):
        return False
    return not _KATAKANA_WORD.match(name) or len(name) >= MIN_KATAKANA_CHARS


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def find_cjk_names(text: str, names: dict[str, int]) -> list[tuple[int, int, int]]:
    """(start, end, place index) of the names of ``names`` in ``text``, longest first,
    left to right, without overlaps, each standing as the rules above say."""
    found = []
    at, size = 0, len(text)
    while at < size:
        if not _CJK.match(text, at):
            at += 1
            continue
        match = None
        for length in range(min(MAX_NAME_CHARS, size - at), 1, -1):
            index = names.get(text[at : at + length])
            if index is not None and _stands(text, at, at + length):
                match = (at, at + length, index)
                break
        if match:
            found.append(match)
            at = match[1]
        else:
            at += 1
    return found


def _stands(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before in _NAME_JOINERS or after in _NAME_JOINERS or before in _COMPASS:
        return False
    if after in _LANGUAGE or text[start:end] in _CHINA_AND:
        return False
    if _KATAKANA_WORD.match(text[start:end]):
        return not (_KATAKANA_WORD.match(before) or _KATAKANA_WORD.match(after))
    return True
