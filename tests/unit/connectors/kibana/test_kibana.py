"""The Kibana connector in-process: its settings, the objects it ships, and the import
against the strict stand-in for Kibana on 127.0.0.1 (tests/support/fake_kibana.py)."""

from __future__ import annotations

import pytest

from connectors.kibana import (
    KibanaConfig,
    KibanaError,
    KibanaUnavailable,
    import_saved_objects,
)
from connectors.kibana.saved_objects import NEWS_VIEW_ID, saved_objects
from schemas import ConfigError
from tests.support import fake_kibana
from tests.support.faulty_proxy import closed_port_url


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"url": "ftp://kibana"}, r"not an http\(s\) URL"),
        ({"url": "http://elastic:pw@kibana:5601"}, "not in the URL"),
        ({"username": "elastic"}, "set both"),
        ({"space": "a/b"}, "space id"),
    ],
)
def test_bad_settings_say_how_to_fix_them(settings: dict[str, str], says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        KibanaConfig(**settings)  # type: ignore[arg-type]


def test_an_api_key_wins_over_basic_auth_and_stays_out_of_repr() -> None:
    config = KibanaConfig(api_key="k3y", username="elastic", password="pw", space="ops")
    assert config.headers() == {"kbn-xsrf": "newsflow", "Authorization": "ApiKey k3y"}
    assert config.basic_auth() is None
    assert "k3y" not in repr(config)
    assert "pw" not in repr(config)
    assert config.api_url("/api/x") == "http://127.0.0.1:5601/s/ops/api/x"


def test_the_news_data_view_points_at_the_alias() -> None:
    objects = saved_objects("my-news")
    (view,) = [o for o in objects if o["type"] == "index-pattern" and o["id"] == NEWS_VIEW_ID]
    assert view["attributes"]["title"] == "my-news"


def test_import_sends_every_object_and_counts_them() -> None:
    with fake_kibana.fake_kibana() as kibana:
        config = KibanaConfig(url=kibana.url, api_key=fake_kibana.API_KEY)
        result = import_saved_objects(config, "news")
    assert result.imported == len(saved_objects("news")) == len(result.objects)
    (request,) = kibana.requests
    assert request.query == {"overwrite": ["true"]}
    assert [(o["type"], o["id"]) for o in request.objects] == list(result.objects)


def test_objects_kibana_refuses_are_named() -> None:
    with fake_kibana.fake_kibana() as kibana:
        kibana.fail_ids.add(NEWS_VIEW_ID)
        config = KibanaConfig(url=kibana.url, api_key=fake_kibana.API_KEY)
        with pytest.raises(KibanaError, match=f"index-pattern {NEWS_VIEW_ID}: missing references"):
            import_saved_objects(config, "news")


def test_refused_credentials_are_a_configuration_error() -> None:
    with fake_kibana.fake_kibana() as kibana:
        config = KibanaConfig(url=kibana.url, username="elastic", password="wrong")
        with pytest.raises(ConfigError, match="refused the credentials"):
            import_saved_objects(config, "news")


def test_unreachable_kibana_is_transient() -> None:
    config = KibanaConfig(url=closed_port_url(), timeout_s=2.0)
    with pytest.raises(KibanaUnavailable, match="cannot reach Kibana"):
        import_saved_objects(config, "news")
