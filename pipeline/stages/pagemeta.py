"""A page's metadata: title, authors, site name, date, categories, tags, URL, description.

trafilatura's ``extract_metadata`` rules, in its order, run on the tree the cascade
already parsed, with two differences that change the cost and not the answers:

- No licence search (a walk over every link of the page): newsflow has no licence field.
- The rules that find authors, categories and tags in the markup (trafilatura's XPath
  expressions ``AUTHOR_XPATHS``, ``AUTHOR_DISCARD_XPATHS``, ``CATEGORIES_XPATHS`` and
  ``TAGS_XPATHS`` in ``trafilatura.xpaths``) are evaluated as one walk over the page.
  libxml2 spends a few microseconds per element on ``//*[self::a or self::div ...]
  [re:test(@class, ...)]``: 30 to 110 ms on a large page, more than trafilatura's
  extraction itself, where the walk takes one or two. And the author rules skip an
  element inside a comment list, a date, a figure or a sidebar instead of deleting
  those sections from a copy of the whole page first.

Same answers: ``tests/unit/pipeline/stages/test_pagemeta.py`` compares them with
trafilatura's own ``extract_metadata`` on real pages. When trafilatura changes its
rules, that test says so.

Everything is pure: the page is a parsed tree, nothing is fetched.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from copy import deepcopy

import lxml.html
from htmldate import find_date
from trafilatura.baseline import block_text
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document
from trafilatura.utils import line_processing, trim
from trafilatura.xml import delete_element

__all__ = ["page_metadata"]

# JSON-LD of a shape trafilatura's reader does not expect (a list where it wants an
# object...): trafilatura skips the JSON-LD then, and so do we.
_JSON_LD_SHAPES = (TypeError, AttributeError, KeyError, IndexError, ValueError)
# trafilatura's length bounds for an author found in the markup.
_MIN_AUTHOR_CHARS = 2
_MAX_AUTHOR_CHARS = 120
_SECTION_META = './/head//meta[@property="article:section" or contains(@name, "subject")][@content]'

# AUTHOR_XPATHS, most specific first.
_AUTHOR_NAME_CLASS = re.compile("author-?name|AuthorName|authorName")
_AUTHOR_ID = re.compile("author|zuozhe|bianji|xiaobian")
_AUTHOR_CLASS = re.compile(
    "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)
_ANY_AUTHOR_ID = re.compile("[Aa]uthor")
_ANY_AUTHOR_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")
_AUTHOR_TAGS = (
    frozenset({"a", "address", "div", "link", "p", "span", "strong"}),
    frozenset({"a", "div", "h3", "h4", "p", "span"}),
)
# AUTHOR_DISCARD_XPATHS: comments, dates, figures, sidebars.
_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
_DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram"
    "|article-(?:share|support)|print|category|meta-date|meta-reviewer"
)
# CATEGORIES_XPATHS and TAGS_XPATHS: the containers whose links are categories or tags.
_POST_META = re.compile("^(?:post-?info|post-?meta|meta|entry-meta|entry-info|entry-utility)")
_TAG_META = re.compile("^(?:tag|postmeta|meta)")


# The rules, by name; each element the walk finds is listed under every rule it meets.
_AUTHOR_RULES = ("author-specific", "author-generic", "author-any")
_CATEGORY_RULES = tuple(f"category-{i}" for i in range(6))
_TAG_RULES = tuple(f"tag-{i}" for i in range(4))
_DISCARD = "discard"  # deleted before the author rules look (AUTHOR_DISCARD_XPATHS[0])
_LATE_DISCARD = "discard-late"  # time and figure, deleted next (AUTHOR_DISCARD_XPATHS[1])
Marked = dict[str, list[lxml.html.HtmlElement]]


def page_metadata(root: lxml.html.HtmlElement, url: str | None) -> Document:
    """trafilatura's metadata of the page (see the module docstring); ``root`` is not changed.
    Dates: htmldate on the markup, the publication rather than the update date."""
    metadata = examine_meta(root)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    with contextlib.suppress(*_JSON_LD_SHAPES):  # trafilatura's guard: the rest stands
        metadata = extract_meta_json(root, metadata)
    if not metadata.title:
        metadata.title = extract_title(root)
    found_all = metadata.author and metadata.categories and metadata.tags
    marked: Marked = defaultdict(list) if found_all else _walk(root)
    if not metadata.author:
        metadata.author = _author(marked)
    if not metadata.url:
        metadata.url = extract_url(root, url)
    metadata.date = find_date(root, extensive_search=False, original_date=True, url=metadata.url)
    metadata.sitename = _sitename(root, metadata)
    if not metadata.categories:
        metadata.categories = _categories(root, marked)
    if not metadata.tags:
        metadata.tags = _links_text(marked, _TAG_RULES, "tag")
    metadata.clean_and_trim()
    return metadata


def _sitename(root: lxml.html.HtmlElement, metadata: Document) -> str | None:
    sitename = str(metadata.sitename or extract_sitename(root) or "")
    if sitename:
        sitename = sitename.lstrip("@")  # a Twitter handle
        if sitename and "." not in sitename and not sitename[0].isupper():
            sitename = sitename.title()
        return sitename
    if metadata.url and (match := META_URL.match(metadata.url)):
        return str(match[1])
    return None


def _walk(root: lxml.html.HtmlElement) -> Marked:
    """Every element a rule matches, by rule, in page order."""
    marked: Marked = defaultdict(list)
    has_rel_children = root.find(".//rel") is not None  # for the rule's odd ``rel='me'``
    # A page repeats its classes: the rules are worked out once per tag and attributes.
    known: dict[tuple[str, str, str, str, str, str, str], tuple[str, ...]] = {}
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):  # comments, processing instructions
            continue
        get = element.get
        key = (
            tag,
            get("class", ""),
            get("id", ""),
            get("itemprop", ""),
            get("data-component", ""),
            get("rel", ""),
            get("data-testid", ""),
        )
        rules = known.get(key)
        if rules is None:
            rules = known[key] = _rules(*key)
        if has_rel_children and "author-specific" not in rules and _rel_me(element, tag):
            rules = ("author-specific", *rules)
        if not rules:
            continue
        for rule in rules:
            if rule != _DISCARD or element is not root:  # ``.//*``: below the root
                marked[rule].append(element)
    return marked


def _rel_me(element: lxml.html.HtmlElement, tag: str) -> bool:
    return tag in _AUTHOR_TAGS[0] and any(
        child.tag == "rel" and child.text_content() == "me" for child in element
    )


def _rules(
    tag: str,
    cls: str = "",
    ident: str = "",
    itemprop: str = "",
    component: str = "",
    rel: str = "",
    testid: str = "",
) -> tuple[str, ...]:
    """The rules an element with this tag and these attributes meets."""
    if not (cls or ident or itemprop or component or rel or testid):
        return _TAG_RULES_ONLY.get(tag, ())
    rules = [
        rule
        for rule, met in (
            ("author-specific", _is_specific_author(tag, cls, ident, itemprop, rel, testid)),
            ("author-generic", _is_generic_author(tag, cls, ident, itemprop)),
            (
                "author-any",
                "Byline" in component
                or "author" in itemprop
                or bool(_ANY_AUTHOR_ID.search(ident) or _ANY_AUTHOR_CLASS.search(cls)),
            ),
            (_DISCARD, tag in _DISCARD_TAGS and _is_discarded(cls, ident, component)),
            (_LATE_DISCARD, tag in ("time", "figure")),
        )
        if met
    ]
    rules.extend(_containers(tag, cls, ident))
    return tuple(rules)


# What an element without any of the attributes the rules read can meet.
_TAG_RULES_ONLY = {
    "author": ("author-specific",),
    "time": (_LATE_DISCARD,),
    "figure": (_LATE_DISCARD,),
}


def _is_specific_author(
    tag: str, cls: str, ident: str, itemprop: str, rel: str, testid: str
) -> bool:
    if tag == "author":
        return True
    return tag in _AUTHOR_TAGS[0] and bool(
        rel == "author"
        or ident == "author"
        or cls == "author"
        or itemprop == "author name"
        or testid in ("AuthorCard", "AuthorURL")
        or _AUTHOR_NAME_CLASS.search(cls)
    )


def _is_generic_author(tag: str, cls: str, ident: str, itemprop: str) -> bool:
    return tag in _AUTHOR_TAGS[1] and bool(
        cls in ("byline", "username", "byl", "BBL")
        or "author" in itemprop
        or _AUTHOR_ID.search(ident)
        or _AUTHOR_CLASS.search(cls)
    )


def _is_discarded(cls: str, ident: str, component: str) -> bool:
    return bool(
        ident == "comments"
        or cls in ("comments", "title", "date")
        or _DISCARD_ID.search(ident)
        or _DISCARD_CLASS.search(cls)
        or "Figure" in component
    )


def _containers(tag: str, cls: str, ident: str) -> list[str]:
    """The category and tag rules (CATEGORIES_XPATHS, TAGS_XPATHS: ``//div[...]//a[@href]``
    and so on) whose container an element with these attributes is."""
    met = {
        "category-0": tag == "div" and bool(_POST_META.search(cls) or ident.startswith("postpath")),
        "category-1": tag == "p"
        and (
            cls.startswith(("postmeta", "entry-categories"))
            or cls == "postinfo"
            or ident == "filedunder"
        ),
        "category-2": tag == "footer" and cls.startswith(("entry-meta", "entry-footer")),
        "category-3": tag in ("li", "span")
        and (cls in ("post-category", "postcategory", "entry-category") or "cat-links" in cls),
        "category-4": tag == "header" and cls == "entry-header",
        "category-5": tag == "div" and cls in ("row", "tags"),
        "tag-0": tag == "div" and cls == "tags",
        "tag-1": tag == "p" and cls.startswith("entry-tags"),
        "tag-2": tag == "div"
        and (cls in ("row", "jp-relatedposts", "entry-utility") or bool(_TAG_META.search(cls))),
        "tag-3": cls == "entry-meta" or "topics" in cls or "tags-links" in cls,
    }
    return [rule for rule, is_met in met.items() if is_met]


def _author(marked: Marked) -> str | None:
    """The first element of the most specific author rule whose text is a plausible name,
    passing over what trafilatura deletes before it looks (comments, dates, figures...)."""
    gone = {*marked[_DISCARD], *marked[_LATE_DISCARD]}
    for rule in _AUTHOR_RULES:
        for element in marked[rule]:
            if element in gone or any(a in gone for a in element.iterancestors()):
                continue
            content = trim(" ".join(_pruned(element, marked, gone).itertext()))
            if content and _MIN_AUTHOR_CHARS < len(content) < _MAX_AUTHOR_CHARS:
                return str(normalize_authors(None, content) or "") or None
    return None


def _pruned(
    element: lxml.html.HtmlElement, marked: Marked, gone: set[lxml.html.HtmlElement]
) -> lxml.html.HtmlElement:
    """``element`` as it reads once the discarded sections inside it are deleted, their
    tails kept, the way trafilatura deletes them: a copy, when there are any."""
    if not any(inner in gone for inner in element.iterdescendants()):
        return element
    copy = deepcopy(element)
    twins = dict(zip(element.iterdescendants(), copy.iterdescendants(), strict=True))
    for rule in (_DISCARD, _LATE_DISCARD):
        for original in marked[rule]:
            if original in twins:
                delete_element(twins[original])
    return copy


def _categories(root: lxml.html.HtmlElement, marked: Marked) -> list[str]:
    found = _links_text(marked, _CATEGORY_RULES, "category")
    if found:
        return found
    sections = [str(meta.attrib["content"]) for meta in root.xpath(_SECTION_META)]
    return _distinct_lines(sections)


def _links_text(marked: Marked, rules: tuple[str, ...], kind: str) -> list[str]:
    """The text of the links under the first rule's containers that lead to a
    ``/category/`` (or ``/tag/``...) page, as trafilatura's ``extract_catstags``."""
    pattern = re.compile("/" + kind.rstrip("y") + "(?:y|ies|s)?/")
    results: list[str] = []
    for rule in rules:
        links = _links_under(marked[rule])
        results.extend(block_text(a) for a in links if pattern.search(a.attrib["href"]))
        if results:
            break
    return _distinct_lines(results)


def _distinct_lines(texts: list[str]) -> list[str]:
    return [line for line in dict.fromkeys(line_processing(t) for t in texts if t) if line]


def _links_under(containers: list[lxml.html.HtmlElement]) -> list[lxml.html.HtmlElement]:
    """The ``a[@href]`` elements inside the containers, once each, in page order."""
    links: list[lxml.html.HtmlElement] = []
    outer: lxml.html.HtmlElement | None = None
    for container in containers:
        if outer is not None and any(a is outer for a in container.iterancestors()):
            continue  # inside the previous container: its links are listed already
        outer = container
        links.extend(a for a in container.iterdescendants("a") if "href" in a.attrib)
    return links
