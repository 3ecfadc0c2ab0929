"""The quality report runs and holds its floors (the figures are in the README)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.entities import Linker, starter_kb
from pipeline.entities.config import DEFAULT_FUZZY_THRESHOLD
from tests.quality.report import key_clustering, load, variant_linking

if TYPE_CHECKING:
    from tests.quality.judged_links import PageSet, Precision


def test_key_clustering_is_precise() -> None:
    score = key_clustering(load("variants.json"))
    assert score.precision == 1.0
    assert score.recall >= 0.45


def test_variant_linking_floors() -> None:
    listed, unlisted = variant_linking(
        Linker(starter_kb(), DEFAULT_FUZZY_THRESHOLD), load("variants.json")
    )
    assert listed.precision == listed.recall == 1.0
    assert unlisted.precision == 1.0
    assert unlisted.recall >= 0.75


def test_public_set_clusters_precisely_and_holds_its_recall() -> None:
    """The 567 spellings of 110 people and organisations from sanctions lists
    (variants_public.json): no two entities merged, confusable pairs kept apart, and
    organisations' recall at issue 12's per-type bar (0.672 before organisation keys read
    compounds, countries' adjectives and short names read as people's)."""
    from pipeline.entities import EntityConfig, EntityStage
    from tests.quality.report import pairwise_by, public_confusers, public_groups

    linker = EntityStage(EntityConfig(ner=False)).linker
    public = load("variants_public.json")
    scores = pairwise_by(linker, public_groups(linker, public))
    assert scores["all"]["all"].precision == 1.0
    assert scores["type"]["ORG"].recall >= 0.75
    assert scores["type"]["PER"].recall >= 0.95
    assert public_confusers(linker, public).endswith("kept apart []")


def test_wikidata_labels_of_members_of_parliament_cluster_precisely() -> None:
    """Wikidata labels of 15 Armenian, 12 Georgian and 24 Azerbaijani MPs in Latin,
    Armenian, Cyrillic, Arabic and Georgian script (public/wikidata_*.json): none merged
    with another person, and the recall of 2026-12-06 held (0.357, 0.542 and 0.492
    before that day's key rules, 0.795, 0.815 and 0.693 after; the Azerbaijani set
    measured out of sample, 0.738 on 2026-12-07, then 0.875 with Azerbaijani ə read as
    a or e and Dutch labels read as Dutch, rules written after reading its misses; the
    Armenian set 0.827 with Latvian and Lithuanian endings read off; 0.894, 0.905 and
    0.898 with names one romanisation's edit apart joined; Armenian 0.958 with d/t and
    b/p among those edits, Western Armenian's Vartan for Vardan)."""
    from pipeline.entities import EntityConfig, EntityStage
    from tests.quality.report import pairwise_by, wikidata_groups

    linker = EntityStage(EntityConfig(ner=False)).linker
    scores = {
        country: pairwise_by(linker, wikidata_groups(f"wikidata_{country}_mps.json"))["all"]["all"]
        for country in ("armenian", "georgian", "azerbaijani")
    }
    assert {score.precision for score in scores.values()} == {1.0}
    assert scores["armenian"].recall >= 0.95
    assert scores["georgian"].recall >= 0.89
    assert scores["azerbaijani"].recall >= 0.89


def test_wikidata_labels_of_iranian_mps_cluster_precisely() -> None:
    """Wikidata labels of 43 people of Iran's Majlis, Persian and Arabic script above all
    (public/wikidata_iranian_mps.json): 0.368 recall at the start of 2026-12-07's
    session and 0.386 with its first rules, measured before the set was read; 0.447
    since (honorifics, hyphenated compound given names, Azerbaijani c and x in the
    readings of ə), 0.504 with a final k read as qaf (Мосаддик, Mosaddegh), 0.510 with
    Arabic-script consonants compared without v and w, 0.526 with Latvian and
    Lithuanian endings read off beside a plain spelling, 0.542 with the qaf reading moving
    a whole cluster, 0.584 with more Arabic-script and Spanish readings, 0.611 with
    names one romanisation's edit apart joined, 0.639 with a name read as French keeping
    its English key beside a plain spelling (Manouchehr, Chitchian). Its 3 wrong pairs are labels
    Wikidata gives two people alike
    (Haji Washington, حسینقلی صدرالسلطنه): no key can tell them apart."""
    from pipeline.entities import EntityConfig, EntityStage
    from tests.quality.report import pairwise_by, wikidata_groups

    linker = EntityStage(EntityConfig(ner=False)).linker
    score = pairwise_by(linker, wikidata_groups("wikidata_iranian_mps.json"))["all"]["all"]
    assert score.precision >= 0.99
    assert score.recall >= 0.63


def test_the_sdn_lists_other_entries_cluster_precisely() -> None:
    """The SDN list's people and organisations that variants_public.json does not hold
    (public/sdn_rest.json.gz: 2,401 entries, 6,323 spellings), measured on 2026-12-07
    before any name of it was read: people 0.701 recall at precision 0.995,
    organisations 0.614 at 0.939 (a wrong pair there is often a company and its branch
    or namesake: Sberbank and its Ukrainian subsidiary). Names one romanisation's edit
    apart joined since (Soleimani / Salimani, Kubrakou / Kubrakov, Absolyutbank): people
    0.786, organisations 0.635, neither precision lower; people 0.801 with a compound
    surname read joined beside a joined spelling (2026-12-07's sixth session)."""
    from pipeline.entities import EntityConfig, EntityStage
    from tests.quality.report import pairwise_by, sdn_rest_groups

    linker = EntityStage(EntityConfig(ner=False)).linker
    scores = pairwise_by(linker, sdn_rest_groups())["type"]
    assert scores["PER"].precision >= 0.995
    assert scores["PER"].recall >= 0.80
    assert scores["ORG"].precision >= 0.94
    assert scores["ORG"].recall >= 0.63


def test_links_judged_on_real_pages_stay_right() -> None:
    """200 links on the Fundus pages were judged by hand (tests/fixtures/entities/
    fundus_judged.jsonl); the stage must keep making most of them, and the right ones."""
    from pipeline.entities import EntityConfig, EntityStage
    from tests.quality.real_pages import judged, links

    verdicts = judged()
    made = [
        verdicts[key]
        for r in links(EntityStage(EntityConfig(ner=False)))
        if (key := (r["page"], r["start"], r["id"])) in verdicts
    ]
    assert len(made) >= 180
    assert sum(made) / len(made) >= 0.95


def test_links_judged_in_several_languages_hold_the_bar() -> None:
    """917 links made on 246 real pages in 17 languages, by this code and by the code
    before it, were judged by hand (tests/fixtures/entities/links_judged.jsonl,
    tests/quality/judged_links.py). Most must still be made, the precision they give
    (strata weighted by the links made) must hold issue 12's bar: 0.90 overall, 0.85 in
    every language judged on 10 links or more; and the links judged wrong that the
    stage no longer makes (Best New Artist, Luton Town as a person...) stay gone."""
    from pipeline.entities import EntityConfig, EntityStage
    from tests.quality.judged_links import links, precision

    result = precision(links(EntityStage(EntityConfig())))
    assert result.seen["all"] >= 480
    assert result.estimate["all"] >= 0.90
    assert result.estimate["kb"] >= 0.95
    assert result.estimate["ner"] >= 0.85
    assert result.estimate["ner:ru"] >= 0.95
    languages = [w for w in result.seen if w.startswith("lang:") and result.seen[w] >= 10]
    assert len(languages) >= 10
    assert {w: result.estimate[w] for w in languages if result.estimate[w] < 0.85} == {}
    assert len(result.wrong) <= WRONG_STILL_MADE, [w["surface"] for w in result.wrong]


def test_links_judged_out_of_sample_hold_the_bar() -> None:
    """181 links on trafilatura's 201 evaluation pages (German, Spanish, English...),
    drawn and judged after the rules were written (tests/fixtures/entities/
    links_judged_trafilatura.jsonl): every judged link made now, strata weighted by the
    links made. 0.896 when drawn (German KB links 0.900, English NER 0.825); the German
    rules of 2026-12-07 took the KB's to 0.96."""
    from pipeline.entities import EntityConfig, EntityStage
    from tests.quality.judged_links import TRAFILATURA, links, precision

    result = precision(links(EntityStage(EntityConfig()), TRAFILATURA), page_set=TRAFILATURA)
    assert result.seen["all"] >= 170
    assert result.estimate["all"] >= 0.91
    assert result.estimate["kb"] >= 0.95
    assert result.estimate["lang:de"] >= 0.95
    # Still made, judged wrong: Washington the state (of Pramila Jayapal), Österreich the
    # newspaper, Mango the fruit, Essen the meal after "Kunst &", and NER's seven. A
    # page's subdivisions of one country name it (an Italian forecast's regions: Italian
    # 20/20 with the ones drawn in judged; a place named after a sea is no link there,
    # mar di Sardegna, canale di Sicilia): all 0.949.
    assert len(result.wrong) <= 11, [w["surface"] for w in result.wrong]


def _own_sample(page_set: PageSet, judged: int) -> Precision:
    """The precision of this run's own sample of the links the stage makes on a page
    set (default settings), which must hold at least ``judged`` judged links and at most
    3 that nobody judged (links drawn in since)."""
    from pipeline.entities import EntityConfig, EntityStage
    from tests.quality.judged_links import links, precision

    result = precision(links(EntityStage(EntityConfig()), page_set), True, page_set)
    assert result.seen["all"] >= judged
    assert result.unjudged <= 3
    return result


def test_links_judged_on_readability_pages_hold_what_was_won() -> None:
    """180 links on Readability.js's 99 test pages (news, blogs, Wikipedia, a video
    game's fan wiki, a Melville story), drawn and judged before any rule changed for
    them (tests/fixtures/entities/links_judged_readability.jsonl): 0.670 then (English
    NER 0.54: a fan wiki's races and planets, titles in references), 0.787 after the
    rules of 2026-12-07's second session, 0.855 (NER 0.840) when one word is a person
    only after a title (the third session). Below the bar still: Turkey, a copyist's
    nickname in Bartleby, six times; NER's planets, races and specifications."""
    from tests.quality.judged_links import READABILITY

    result = _own_sample(READABILITY, judged=160)
    assert result.estimate["all"] >= 0.84
    assert result.estimate["kb"] >= 0.86
    assert result.estimate["ner"] >= 0.80


def test_links_judged_on_goose3_pages_hold_the_bar() -> None:
    """129 links on goose3's 43 real test pages (American and British news, Le Figaro,
    Libération, El País, El Mundo, WirtschaftsWoche, Donga, CNN Arabic), drawn and
    judged after the rules of 2026-12-07's second session, before any rule changed for
    them (tests/fixtures/entities/links_judged_goose3.jsonl): 0.931 then; Korean 종교
    fuzzily China went with the rule that keeps the fuzzy step to scripts with capitals,
    Inktomi and Mathlab as people with the one that wants a title before a one-word
    person (0.966). La Rioja, judged right when drawn, is Argentina's city on a page
    about Spain's regions (corrected on 2026-12-07); with the country the page's
    ambiguous names share it is gone (0.966 again, 123/129, with five links drawn in and
    judged). Wrong still: Georgia in "University of Georgia", New York the state, Madrid
    the region (three times), FiOS TV as a body. Since a page's subdivisions of one
    country name it, El País' regions (Extremadura, Aragón, Cataluña) and Libération's
    départements are linked, judged right when drawn in: 0.965 (127/133), Spanish 17/20."""
    from tests.quality.judged_links import GOOSE3

    result = _own_sample(GOOSE3, judged=125)
    assert result.estimate["all"] >= 0.95
    assert result.estimate["kb:en"] >= 0.95
    assert result.estimate["ner:en"] >= 0.95
    assert len(result.wrong) <= 6, [w["surface"] for w in result.wrong]


def test_links_judged_on_newspaper_pages_hold_the_bar() -> None:
    """115 links on newspaper's 168 test pages (American and British news, magazines
    and blogs; Chinese, Japanese, Spanish, Latvian pages), drawn and judged before any
    rule changed for them (tests/fixtures/entities/links_judged_newspaper.jsonl): 0.861
    then, Chinese 0.500 (中美, China-US, ten times Central America). 中美 and 中非 are no
    longer read as regions, one word is a person only after a title (Shiseido, Hawalah,
    Akali went), and six links drawn in since were judged: 0.869 (English NER 0.800).
    Wrong still: NER's organisations that are a place, an index, a programme or a
    fragment (State of New Jersey twice, Philadelphia Semiconductor Index, Beyond School
    Walls, Office Project Lifesaver Team), a company,
    an event and a team as people (Lanco Infratech, Selma-toMontgomery, Dplus KIA),
    Grecia in an infanta's name. Washington after "Spokane, " is the state since the
    subdivision named so is preferred to the District of Columbia (0.878)."""
    from tests.quality.judged_links import NEWSPAPER

    result = _own_sample(NEWSPAPER, judged=100)
    assert result.estimate["all"] >= 0.87
    assert result.estimate["kb"] >= 0.98
    assert result.estimate["lang:zh"] >= 0.95
    assert len(result.wrong) <= 9, [w["surface"] for w in result.wrong]


# Judged-wrong links the stage still makes: 10 since the third session of 2026-12-07
# (Woebot, Valium and Lindi went: one word is a person only after a title); 15 since
# the fourth session of 2026-12-06
# judged CNBC's Changemakers (an ORG made all along, drawn into the sample when the
# day's key rules changed provisional ids). 14 after the second session: 11 after
# its span rules, and 3 more the third sample (drawn after them) found, Lindi, the
# Sultanate and Times Sports (mer de Chine -> China, and NER's Ha Pitso, Woebot,
# Valium, Jack Daniel, Lassiter...; Park Lodge, a hotel, went with a site word). Gone
# with that session's span rules: Zoetis after "company", the band Jamestown Revival,
# the Thomases, the Basotho and Zaka people, the Galvan family, USC vs. Notre Dame,
# US Agency for, Annandale(-on-Hudson). 15 earlier that day
# (gone then: Verstappen -> Georgia, 卡塔里 -> Qatar, Xhosa Mzantsi Afrika -> Africa,
# Americana, Bobbie, Scoan, Biden‘s, Adv Tšosane, Each National Trust Easter); 21 on
# 2026-12-05.
WRONG_STILL_MADE = 10


def test_cldr_time_zone_cities_cluster_precisely() -> None:
    """The names CLDR gives time-zone cities in 28 locales (Latin, Cyrillic, Armenian,
    Georgian, Arabic, Persian, Urdu): not GeoNames' spellings, though a lookup since the
    gazetteer took them for the cities GeoNames has (tests/quality/report.py)."""
    from pipeline.entities import EntityConfig, EntityStage
    from tests.quality.report import cldr_city_groups, pairwise_by

    linker = EntityStage(EntityConfig(ner=False)).linker
    scores = pairwise_by(linker, cldr_city_groups())
    assert scores["all"]["all"].precision >= 0.99
    assert scores["all"]["all"].recall >= 0.74
    near = pairwise_by(linker, cldr_city_groups(("Europe/", "Asia/")))["all"]["all"]
    assert near.precision >= 0.99
    assert near.recall >= 0.93


def test_subdivision_names_resolve_to_their_subdivision() -> None:
    """The names ISO 3166-2 and its translations give 200 random subdivisions, six each:
    a lookup, but a region's name typed alone must rank above the towns abroad that
    bear it. On 2026-12-07: recall 0.798 while a subdivision's flat prior was under any
    town of a thousand people, 0.841 with its country's average subdivision, 0.851 with
    ISO's notes read (Wales [Cymru GB-CYM] is Wales and Cymru); precision 0.975-0.977
    (regions called West or South in several countries)."""
    from pipeline.entities import EntityConfig, EntityStage
    from tests.quality.report import pairwise_by, subdivision_groups

    config = EntityConfig(ner=False)
    linker = EntityStage(config).linker
    score = pairwise_by(linker, subdivision_groups(config.kb_cache_dir))["all"]["all"]
    assert score.precision >= 0.97
    assert score.recall >= 0.84
