"""Cluster addresses and the errors a driver gets when it cannot join (no cluster started)."""

from __future__ import annotations

import pytest

from litetts_cli.cluster.connect import check_address, connect
from litetts_cli.config import resolve
from litetts_cli.errors import ClusterError
from tests.cluster.local_ray import free_port


@pytest.mark.parametrize("address", ["auto", "ray://10.0.0.5:10001", "head.local:6379", "ray://[::1]:10001"])
def test_addresses_accepted(address):
    assert check_address(address) == address


@pytest.mark.parametrize("address", ["bogus", "ray://head", "http://head:80", "head:port", ":6379", "ray://h:1/x"])
def test_addresses_refused_with_the_forms_that_work(address):
    with pytest.raises(ClusterError, match=r"is not auto, ray://HOST:PORT or HOST:PORT"):
        check_address(address)


@pytest.mark.parametrize("scheme", ["", "ray://"])
def test_nothing_listening_fails_in_seconds_with_a_hint(scheme):
    with pytest.raises(ClusterError, match="cannot reach the Ray cluster") as error:
        connect(f"{scheme}127.0.0.1:{free_port()}")
    assert "ray start --head" in error.value.one_line()


def test_the_cluster_comes_from_the_environment_or_config(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('cluster = "ray://head:10001"\n')
    assert resolve({}, env={"LITETTS_CONFIG": str(config)}).cluster == "ray://head:10001"
    env = {"LITETTS_CONFIG": str(config), "LITETTS_CLUSTER": "auto"}
    assert resolve({}, env=env).cluster == "auto"
    assert resolve({"cluster": "h:1"}, env=env).cluster == "h:1"
