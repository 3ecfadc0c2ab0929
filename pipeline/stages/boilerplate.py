"""Line-level boilerplate removal for extracted article text.

The rules are general (lexicons of UI phrases, shapes of tickers, teasers, captions,
bylines, dates), never strings matched per source, so plain-text files, HTML and feed
extractors can share them. Everything here is pure: no I/O, no clock.

Rules, in the order they are applied:

1. ``read-more``: a "Read more:" style label and the link title that follows it.
2. One-line rules, first match wins: ``ticker``, ``login-banner``, ``comment-form``,
   ``tags``, ``caption``, ``byline``, ``source-line``, ``cta``, ``nav`` (exact UI phrase).
   A long line (a whole article written as one paragraph) is never judged whole: it is
   cut into sentences and labelled spans ("(tagstotranslate) ...", "Source: ...",
   "Leave a Reply"), the one-line rules judge each span, and only matching spans go.
3. ``teaser`` (lines cut off with an ellipsis that repeat or come in a list) and
   ``repeated`` (later verbatim copies of a line): for plain text, any line of
   ``MIN_REPEATED_WORDS`` or more (a scraped page that printed a paragraph twice); for
   an extractor's output (``origin="extracted"``), only short UI-like lines, because there a
   repeated line is the author's (a recipe step, an interview question asked twice).
4. At the document edges: ``nav`` (runs of one- or two-word lines) and ``date-line``
   (a standalone date before the first or after the last prose paragraph).

Lengths are script-aware (``word_count``): words in scripts that separate them with
spaces, characters in those that do not (Chinese, Japanese, Thai, ...), so a Japanese
paragraph is long and a two-character menu label is short. Whether an edge line is a
one- or two-word label counts words there with ICU's dictionary segmenter: 関連キーワード
("related keywords") is seven characters and two words. Date lines are also written with
CJK units (2025年1月14日 01時28分).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Literal

import dateparser
import icu

__all__ = [
    "RemovedLine",
    "TextOrigin",
    "byline_names",
    "clean_lines",
    "is_boilerplate_line",
    "is_teaser_like",
    "parse_date_line",
    "source_line_value",
    "word_count",
]


# What ``clean_lines`` cleans: a scraped plain-text page, or an extractor's output (an
# extractor already dropped the page's structure, so fewer rules are needed; rules 2-4).
TextOrigin = Literal["scraped", "extracted"]


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line dropped as boilerplate, with the name of the rule that dropped it."""

    line: str
    rule: str


# A verbatim copy shorter than this is kept: refrains, "* * *" separators and interview
# labels legitimately repeat, while duplicated paragraphs and teasers are longer.
MIN_REPEATED_WORDS = 6
# Bounds that keep the phrase rules from ever matching a real paragraph.
MAX_LABEL_WORDS = 20
MAX_CAPTION_WORDS = 25
MAX_CTA_WORDS = 60
MAX_SOURCE_WORDS = 6
MAX_TEASER_WORDS = 60
MAX_EDGE_NAV_WORDS = 2
MAX_LINK_TITLE_WORDS = 25
MIN_PROSE_WORDS = 8
MAX_TAG_WORDS = 60
# Lines longer than this are judged span by span (see ``_mark_spans``).
MAX_WHOLE_LINE_WORDS = 60
# A repeated line counts as UI (origin="extracted") when it is this short and not a sentence.
MAX_UI_REPEAT_WORDS = 2
MIN_UI_REPEATS = 3
# A table row whose every cell is this short is data, not a layout table's article text.
MAX_TABLE_CELL_WORDS = 15

# Whole-line UI phrases (compared after lower-casing and trimming bullets/arrows).
UI_PHRASES = frozenset(
    {
        # English
        "menu", "main menu", "home", "news", "all news", "latest news", "more news",
        "show more", "show more news", "load more", "read more", "next", "previous",
        "next article", "previous article", "back to top", "back to top button",
        "scroll to top", "share", "share this", "share this article", "print",
        "comments", "login", "log in", "sign in", "sign up", "register", "subscribe",
        "search", "close", "skip to content", "share this story", "share this post",
        # Russian
        "меню", "главная", "новости", "все новости", "лента новостей", "показать еще",
        "показать ещё", "читать далее", "наверх", "поделиться", "печать", "комментарии",
        "войти", "подписаться", "поиск",
        # German, French, Spanish, Turkish
        "startseite", "alle nachrichten", "mehr anzeigen", "nach oben", "teilen", "drucken",
        "accueil", "toutes les actualités", "voir plus", "retour en haut", "partager",
        "inicio", "todas las noticias", "ver más", "volver arriba", "compartir",
        "ana sayfa", "tüm haberler", "daha fazla göster", "başa dön", "paylaş",
    }
)  # fmt: skip

# Banners a site shows to anonymous readers; matched at the start of a short line.
LOGIN_BANNERS = (
    "you are not logged in", "you are not signed in", "you're not logged in",
    "vous n'êtes pas connecté", "vous n'êtes pas connectée",
    "sie sind nicht angemeldet", "sie sind nicht eingeloggt",
    "no has iniciado sesión", "no estás conectado", "no ha iniciado sesión",
    "вы не авторизованы", "вы не вошли", "вы не авторизовались",
    "oturum açmadınız", "giriş yapmadınız", "giriş yapmanız gerekiyor",
)  # fmt: skip

COMMENT_FORM_PHRASES = (
    "leave a reply", "leave a comment", "add a comment", "post a comment", "cancel reply",
    "comments are closed", "your email address will not be published",
    "required fields are marked", "you must be logged in to post a comment",
    "оставить комментарий", "добавить комментарий", "ваш адрес email не будет опубликован",
    "обязательные поля помечены", "laisser un commentaire",
    "votre adresse e-mail ne sera pas publiée", "schreibe einen kommentar",
    "deine e-mail-adresse wird nicht veröffentlicht", "deja una respuesta",
    "tu dirección de correo electrónico no será publicada", "bir yanıt yazın",
    "yorum yap", "e-posta adresiniz yayınlanmayacak",
)  # fmt: skip

_READ_MORE_RE = re.compile(
    r"^(?:read more|read also|also read|see also|related(?: articles?| stories)?|more on this"
    r"|читайте также|также читайте|читать также|смотрите также|см\. также|lire aussi"
    r"|à lire aussi|lesen sie auch|mehr zum thema|lea también|leer más|ayrıca okuyun"
    r"|bunu da okuyun)\s*[:»—–]\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# A byte-order mark or zero-width space at a line's edge would hide it from every rule.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
_BULLET_RE = re.compile(r"^\s*(?:[-–—•·*▪►»]|\d{1,2}[.)])\s+")
_BREADCRUMB_SPLIT_RE = re.compile(r"\s+[›»>|/→]\s+")
_UI_TRIM = " \t•·*-–—|»«›‹>→:"
_ELLIPSIS_END_RE = re.compile(r"\w\s?(?:\.{3,}|…)$")
_CURRENCY_RE = re.compile(r"[$€£¥₽₺₸₼₴₹]|[▲▼]|(?:^|\s)[+\-−]\d|\d%")
_TAGS_RE = re.compile(
    r"^(?:\(tagstotranslate\)|(?:tags|теги|метки|etiketler|schlagwörter|mots-clés|etiquetas"
    r"|keywords)\s*:)",
    re.IGNORECASE,
)
_CAPTION_RE = re.compile(
    r"^(?:image |photo |picture |video )?(?:caption|credits?)\s*:"
    r"|^(?:photo(?:graph)?s?|images?|pictures?|illustrations?|фото|foto(?:ğraf)?|bild)\s*:"
    r"|[\s(|/•](?:photo|фото|foto|fotoğraf)s?(?: credits?)?\s*:\s*\S"
    r"|^(?:photo|photograph|image)\s+(?:by|courtesy of)\s+\S|^[©Ⓒ]",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(
    r"^(?:by|written by|authors?|автор(?:ы)?|текст|von|par|por|yazar|yazan)\s*[:\s]\s*"
    r"(?P<names>\S.*)$",
    re.IGNORECASE,
)
_NAME_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b|\bи\b|\bund\b|\bet\b|\by\b|\bve\b)\s*")
_NAME_PARTICLES = frozenset({"de", "van", "von", "der", "den", "al", "el", "bin", "ibn", "la"})
_SOURCE_RE = re.compile(
    r"^(?:source|sources|источник|quelle|kaynak|fuente|via|original article|original"
    r"|оригинал(?: статьи)?|read the original(?: article)?)\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"^https?://\S+$")
# Matched against the lower-cased line: with IGNORECASE, Python's re folds case in every
# branch at every position, twice the time on lines every page has.
_CTA_RE = re.compile(
    r"^disclaimer\s*:"
    r"|represents? the (?:views?|opinions?) of the author"
    r"|(?:views|opinions) expressed (?:in this \w+ )?are (?:those of the author|the author)"
    r"|please (?:express|share|leave) your (?:opinion|comment|thoughts)"
    r"|click(?:ing)? (?:on )?the .{0,30}buttons?"
    r"|subscribe to our|follow us on|join our (?:telegram|channel|newsletter)"
    r"|sign up for our newsletter"
    r"|if you (?:find|found|notice|noticed) an? (?:error|typo|mistake)|ctrl\s*\+\s*enter"
    r"|подписывайтесь на (?:наш|нас)|мнение редакции может не совпадать",
)

# Dates: only a whole short line is a date line, so the patterns are anchored.
MONTHS = {
    **{m: i for i, m in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"), start=1)},
    **{m: i for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1)},
    "sept": 9,
    **{m: i for i, m in enumerate(
        ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
         "сентября", "октября", "ноября", "декабря"), start=1)},
}  # fmt: skip
_DATE_LABEL = r"(?:(?:published|updated|posted|date|опубликовано|обновлено|дата)\s*:?\s*)?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = (
    r"(?:(?:\s*[,|–—-]\s*|\s+(?:at\s+|в\s+)?|T)(?P<hh>\d{1,2}):(?P<mi>\d{2})(?::(?P<ss>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?)?"
    r"\s*(?P<tz>z|utc|gmt|[+-]\d{2}:?\d{2})?"
)
_DATE_RES = tuple(
    re.compile(rf"^{_DATE_LABEL}{_WEEKDAY}{body}{_TIME}\s*$", re.IGNORECASE)
    for body in (
        r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})",
        r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})",
        r"(?P<d>\d{1,2})\.?\s+(?:de\s+)?(?P<mon>[^\W\d_]{3,10})\.?,?\s+(?:de\s+)?(?P<y>\d{4})"
        r"(?:\s*г\.)?",
        r"(?P<mon>[^\W\d_]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})",
    )
)
# Chinese, Japanese and Korean write a date with unit characters, 2025年1月14日 (2025년
# 1월 14일), a time as 01時28分 (14시 30분) or 14:30, perhaps a weekday (火) and an update
# note in brackets after it: "2025年1月14日 01時28分 (1月14日 01時40分更新)".
_CJK_DATE_RE = re.compile(
    r"^(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]"
    r"(?:\s*[(（][^()（）]{1,3}[)）])?"
    r"(?:\s*(?P<hh>\d{1,2})\s*(?:[時时시:])\s*(?P<mi>\d{2})\s*[分분]?)?"
    r"(?:\s*[(（][^()（）]{1,40}[)）])?\s*$"
)


# Eight tokens of at most a dozen characters each: longer lines are never tickers.
MAX_TICKER_CHARS = 120
_TOKEN_WITH_ALNUM = re.compile(r"\S*?[^\W_]\S*")
# Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, kana, CJK
# ideographs (Hangul separates words with spaces and is counted by words).
_UNSPACED = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)


@functools.lru_cache(maxsize=4096)
def word_count(line: str) -> int:
    """Script-aware length: tokens that contain a letter or a digit, where every character
    of a script written without spaces (Chinese, Japanese, Thai...) counts as one."""
    # Few regex passes: several rules ask this of every line, and paragraphs are long.
    unspaced = len(_UNSPACED.findall(line))
    if not unspaced:
        return len(_TOKEN_WITH_ALNUM.findall(line))
    spaced = _UNSPACED.sub(" ", line)
    return unspaced + len(_TOKEN_WITH_ALNUM.findall(spaced))


# A line this long in a script without spaces holds more than a label's words.
MAX_LABEL_CHARS = 24


def _label_words(line: str) -> int:
    """Words as a reader counts them, for telling a label from a sentence: in scripts
    written without spaces ``word_count`` counts characters, so 関連キーワード ("related
    keywords") is 7 and no label at all; ICU's dictionary segmenter finds its 2 words."""
    if len(line) > MAX_LABEL_CHARS or not _UNSPACED.search(line):
        return word_count(line)
    words = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
    words.setText(line)
    bounds = [0, *words]
    return sum(
        any(ch.isalnum() for ch in line[start:end]) for start, end in itertools.pairwise(bounds)
    )


def _normalise(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("’", "'")
    return " ".join(line.split()).strip(_UI_TRIM).casefold()


def _is_ui_phrase(line: str) -> bool:
    return _normalise(line) in UI_PHRASES


def _starts_with_phrase(line: str, phrases: tuple[str, ...]) -> bool:
    return word_count(line) <= MAX_LABEL_WORDS and _normalise(line).startswith(phrases)


def _is_login_banner(line: str) -> bool:
    return _starts_with_phrase(line, LOGIN_BANNERS)


def _is_comment_form(line: str) -> bool:
    return _starts_with_phrase(line, COMMENT_FORM_PHRASES)


def _is_ticker(line: str) -> bool:
    # Quotes strips: a few tokens, mostly digits and signs, with a currency or a change.
    if len(line) > MAX_TICKER_CHARS:  # cheap exit for the paragraphs of the article
        return False
    text = _BULLET_RE.sub("", line)
    tokens = text.split()
    chars = [ch for ch in text if not ch.isspace()]
    if not 1 <= len(tokens) <= 8 or not any(ch.isdigit() for ch in chars):
        return False
    letters = sum(ch.isalpha() for ch in chars)
    return letters / len(chars) < 0.5 and _CURRENCY_RE.search(text) is not None


_TAG_SEPARATOR_RE = re.compile(r"\s*\(T\)\s*|\s*[,;|#]\s*")


def tag_items(line: str) -> list[str]:
    """The items of a tag line: "Tags: a, b" or "(tagstotranslate) a (T) b (T) c"."""
    body = _TAGS_RE.sub("", line.strip(), count=1)
    return [item for part in _TAG_SEPARATOR_RE.split(body) if (item := part.strip(" .:"))]


def _is_tags(line: str) -> bool:
    # A tag list is short; a long line with "(T)" separators in it holds one as a span.
    if word_count(line) > MAX_TAG_WORDS:
        return False
    return _TAGS_RE.match(line) is not None or line.count("(T)") >= 2


def _is_caption(line: str) -> bool:
    return word_count(line) <= MAX_CAPTION_WORDS and _CAPTION_RE.search(line) is not None


def byline_names(line: str) -> tuple[str, ...]:
    """The author names of a byline ("By A and B", "Author: A"), or () if it is not one."""
    match = _BYLINE_RE.match(line.strip())
    if match is None:
        return ()
    names = tuple(n.strip(" .") for n in _NAME_SPLIT_RE.split(match["names"].rstrip(" .")))
    if not names or not all(_is_name(name) for name in names):
        return ()
    return names


def _is_name(name: str) -> bool:
    # Every token capitalised ("al-Hassan" counts by its last part) or a particle ("van").
    tokens = name.split()
    return 1 <= len(tokens) <= 5 and all(
        (t.split("-")[-1][:1].isupper() and len(t) <= 20) or t.casefold() in _NAME_PARTICLES
        for t in tokens
    )


def _is_byline(line: str) -> bool:
    return bool(byline_names(line))


def source_line_value(line: str) -> str | None:
    """The value of a "Source: X" / "Original article: URL" line, or None."""
    match = _SOURCE_RE.match(line.strip())
    if match is None:
        return None
    value = match["value"].strip()
    if _URL_RE.match(value) or word_count(value) <= MAX_SOURCE_WORDS:
        return value
    return None


def _is_source_line(line: str) -> bool:
    return source_line_value(line) is not None


def _is_cta(line: str) -> bool:
    return word_count(line) <= MAX_CTA_WORDS and _CTA_RE.search(line.lower()) is not None


def is_teaser_like(line: str) -> bool:
    """A short line cut off mid-sentence with "..." or "…" (a link teaser's shape)."""
    return (
        line.endswith(("...", "…"))  # the cheap test first: the regex scans the whole line
        and word_count(line) <= MAX_TEASER_WORDS
        and _ELLIPSIS_END_RE.search(line) is not None
    )


def parse_date_line(line: str) -> datetime | None:
    """The UTC datetime of a standalone date line, or None; naive times are taken as UTC."""
    text = line.strip()
    for pattern in (*_DATE_RES, _CJK_DATE_RE):
        match = pattern.match(text)
        if match is not None:
            return _to_datetime(match)
    return None


@functools.lru_cache(maxsize=512)
def month_number(name: str) -> int | None:
    """1-12 for a month name or abbreviation in any language dateparser knows ("März",
    "ocak", "septembre"); English and Russian are looked up without it."""
    known = MONTHS.get(name.casefold())
    if known is not None:
        return known
    parsed = dateparser.parse(f"15 {name} 2001", settings={"STRICT_PARSING": True})
    return parsed.month if parsed is not None and parsed.year == 2001 else None


def _to_datetime(match: re.Match[str]) -> datetime | None:
    parts = match.groupdict()
    month = month_number(parts["mon"]) if parts.get("mon") else int(parts["m"])
    hour = int(parts["hh"] or 0)
    ampm = parts.get("ampm")
    if ampm and ampm[0].lower() == "p" and hour < 12:
        hour += 12
    tz = parts.get("tz") or ""
    offset = timedelta(0)
    if tz and tz[0] in "+-":
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    try:
        local = datetime(
            int(parts["y"]),
            month or 0,
            int(parts["d"]),
            hour,
            int(parts["mi"] or 0),
            int(parts.get("ss") or 0),
            tzinfo=timezone(offset),
        )
    except ValueError:  # 31.02.2025, month 13, hour 25: not a date after all
        return None
    return local.astimezone(UTC)


# One-line rules, first match wins; the order puts the least ambiguous shapes first.
_LINE_RULES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("ticker", _is_ticker),
    ("login-banner", _is_login_banner),
    ("comment-form", _is_comment_form),
    ("tags", _is_tags),
    ("caption", _is_caption),
    ("byline", _is_byline),
    ("source-line", _is_source_line),
    ("cta", _is_cta),
    ("nav", _is_ui_phrase),
)


def is_boilerplate_line(line: str) -> bool:
    """Whether a one-line rule (UI phrase, comment form, byline, caption...) takes ``line``."""
    return any(test(line) for _name, test in _LINE_RULES)


def clean_lines(
    lines: Sequence[str], *, origin: TextOrigin = "scraped"
) -> tuple[list[str], list[RemovedLine]]:
    """Drop boilerplate lines; return the kept lines and every removed line with its rule.

    Lines are stripped (with any byte-order mark or zero-width space at their edges) and
    blank lines are dropped silently: they carry no text. Long lines lose only the spans
    the rules match (see the module docstring); ``origin`` says which text this is.
    """
    text = [stripped for line in lines if (stripped := line.strip().strip(_INVISIBLE).strip())]
    removed_spans: list[tuple[int, RemovedLine]] = []
    for i, line in enumerate(text):
        if origin == "scraped" and word_count(line) > MAX_WHOLE_LINE_WORDS:
            text[i], spans = _mark_spans(line)
            removed_spans.extend((i, span) for span in spans)
    rules: list[str | None] = [None if line else "span" for line in text]
    _mark_read_more(text, rules)
    line_rules = _LINE_RULES if origin == "scraped" else _EXTRACTED_LINE_RULES
    for i, line in enumerate(text):
        if rules[i] is None:
            rules[i] = next((name for name, test in line_rules if test(line)), None)
    _mark_teasers_and_repeats(text, rules, origin)
    _mark_edges(text, rules, origin)
    kept = [line for line, rule in zip(text, rules, strict=True) if rule is None]
    removed = [
        (i, RemovedLine(line, rule))
        for i, (line, rule) in enumerate(zip(text, rules, strict=True))
        if rule and rule != "span"
    ]
    return kept, [item for _, item in sorted([*removed_spans, *removed], key=lambda x: x[0])]


# Where a long line is cut: after a sentence, and before a label that starts boilerplate.
_SPAN_BREAK_RE = re.compile(
    r"(?<=[.!?])\s+(?=\S)|(?<=[。！？])\s*(?=\S)"
    r"|\s+(?=\(tagstotranslate\)|(?:source|sources|источник|quelle|kaynak|fuente)\s*:"
    r"|leave a (?:reply|comment)|your email address|required fields|back to top|share this)",
    re.IGNORECASE,
)


def _mark_spans(line: str) -> tuple[str, list[RemovedLine]]:
    """The line without the spans a one-line rule matches, and those spans."""
    bounds = [0, *(pos for m in _SPAN_BREAK_RE.finditer(line) for pos in (m.start(), m.end()))]
    bounds.append(len(line))
    kept: list[str] = []
    removed: list[RemovedLine] = []
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        span = line[start:end]
        rule = next((name for name, test in _LINE_RULES if test(span)), None)
        if rule is None:
            kept.append(span)
        else:
            removed.append(RemovedLine(span, rule))
    if not removed:
        return line, []
    return " ".join(kept).replace("。 ", "。"), removed


def _mark_read_more(text: list[str], rules: list[str | None]) -> None:
    # A bare label takes the bulleted list after it, or else the one link title after it.
    for i, line in enumerate(text):
        match = _READ_MORE_RE.match(line)
        if match is None or rules[i] is not None:
            continue
        if match["rest"]:
            if word_count(match["rest"]) <= MAX_LINK_TITLE_WORDS:
                rules[i] = "read-more"
            continue
        rules[i] = "read-more"
        j = i + 1
        while j < len(text) and _BULLET_RE.match(text[j]):
            rules[j] = "read-more"
            j += 1
        if j == i + 1 and j < len(text) and word_count(text[j]) <= MAX_LINK_TITLE_WORDS:
            rules[j] = "read-more"


def _mark_teasers_and_repeats(text: list[str], rules: list[str | None], origin: TextOrigin) -> None:
    alive = [i for i, rule in enumerate(rules) if rule is None]
    keys = {i: " ".join(text[i].split()) for i in alive}
    counts = Counter(keys.values())
    teaser = {i for i in alive if is_teaser_like(text[i])}
    for pos, i in enumerate(alive):
        neighbours = alive[max(pos - 1, 0) : pos] + alive[pos + 1 : pos + 2]
        if i in teaser and (counts[keys[i]] > 1 or any(n in teaser for n in neighbours)):
            rules[i] = "teaser"
    seen: set[str] = set()
    for i in alive:
        if origin == "scraped":
            may_repeat = _is_paragraph(text[i])
        else:
            may_repeat = counts[keys[i]] >= MIN_UI_REPEATS and _is_ui_like(text[i])
        if rules[i] is None and may_repeat:
            if keys[i] in seen:
                rules[i] = "repeated"
            seen.add(keys[i])


def _is_paragraph(line: str) -> bool:
    return word_count(line) >= MIN_REPEATED_WORDS


def _is_ui_like(line: str) -> bool:
    # "Share", "Advertisement", "Sponsored content": a label, not a sentence.
    short = 0 < word_count(line) <= MAX_UI_REPEAT_WORDS
    return short and line[-1] not in ".!?…:。！？" and _BULLET_RE.match(line) is None


def _is_table_row(line: str) -> bool:
    if not (line.startswith("|") and line.endswith("|")):
        return False
    cells = line.strip("|").split("|")
    return max(word_count(cell) for cell in cells) <= MAX_TABLE_CELL_WORDS


# An extractor already dropped the page's quote strips; a price line it kept is the
# article's (a markets report), while data tables of short cells are not text to search.
_EXTRACTED_LINE_RULES = (
    *(rule for rule in _LINE_RULES if rule[0] != "ticker"),
    ("table", _is_table_row),
)


_SENTENCE_ENDS = frozenset(".!?…。！？")


def _is_prose(line: str) -> bool:
    end = line.rstrip("\"'”’»)]」』")[-1:]
    words = word_count(line)
    return words > 30 or (words >= MIN_PROSE_WORDS and end in _SENTENCE_ENDS)


def _is_edge_nav(line: str) -> bool:
    # One- or two-word labels, or a breadcrumb trail ("Home › World › Europe").
    if _label_words(line) <= MAX_EDGE_NAV_WORDS and line[-1] not in ".!?…。！？":
        return True
    crumbs = _BREADCRUMB_SPLIT_RE.split(line)
    return len(crumbs) >= 2 and all(0 < word_count(c) <= MAX_EDGE_NAV_WORDS for c in crumbs)


def _mark_edges(text: list[str], rules: list[str | None], origin: TextOrigin) -> None:
    # Walk in from each end over removed, date and one- or two-word lines: page chrome.
    # An extractor's list items ("- Dua Lipa") are the article's own, even at its end.
    alive = [i for i, rule in enumerate(rules) if rule is None]
    for order in (alive, alive[::-1]):
        for i in order:
            if parse_date_line(text[i]) is not None:
                rules[i] = "date-line"
            elif origin == "extracted" and _BULLET_RE.match(text[i]):
                break
            elif _is_edge_nav(text[i]):
                rules[i] = "nav"
            else:
                break
    # A date line may also sit between the title and the lead, or after the last paragraph.
    alive = [i for i, rule in enumerate(rules) if rule is None]
    prose = [i for i in alive if _is_prose(text[i])]
    if not prose:
        return
    for i in alive:
        outside = i < prose[0] or i > prose[-1]
        if outside and parse_date_line(text[i]) is not None:
            rules[i] = "date-line"
