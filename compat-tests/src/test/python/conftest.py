"""Shared pytest fixtures for the Kazoo compatibility scripts.

The JUnit launcher (io.warden.compat.peers.KazooTest) runs these scripts once against real
ZooKeeper 3.9.5 and once against Warden, passing the server in environment variables:

  WARDEN_PEER_HOSTS   "127.0.0.1:PORT" of the server under test (required)
  WARDEN_PEER_TARGET  "zookeeper" or "warden", for messages only
  WARDEN_PEER_RESTART_DIR  handshake directory for test_kazoo_restart.py (see there)

Every wait is bounded by WAIT_SECONDS; every client is stopped and closed by its fixture.
"""
import os
import threading
import time
import uuid

import pytest
from kazoo.client import KazooClient

WAIT_SECONDS = 15.0
"""Upper bound for any single wait: connecting, a watch firing, a recipe handing over."""


def hosts():
    value = os.environ.get("WARDEN_PEER_HOSTS")
    if not value:
        pytest.fail("WARDEN_PEER_HOSTS is not set: run through io.warden.compat.peers.KazooTest")
    return value


def target():
    return os.environ.get("WARDEN_PEER_TARGET", "unknown")


class Clients:
    """Starts Kazoo clients for one test and stops every one of them afterwards."""

    def __init__(self):
        self._clients = []

    def start(self, **kwargs):
        client = KazooClient(hosts=hosts(), timeout=10.0, **kwargs)
        self._clients.append(client)
        client.start(timeout=WAIT_SECONDS)
        return client

    def close_all(self):
        for client in self._clients:
            try:
                client.stop()
            finally:
                client.close()


@pytest.fixture
def clients():
    owned = Clients()
    try:
        yield owned
    finally:
        owned.close_all()


@pytest.fixture
def zk(clients):
    """A connected client, as the walkthrough's `zk`."""
    return clients.start()


@pytest.fixture
def base(zk):
    """A fresh persistent path for one test, deleted (recursively) afterwards."""
    path = "/kazoo-" + uuid.uuid4().hex[:12]
    zk.ensure_path(path)
    yield path
    if zk.connected:
        zk.delete(path, recursive=True)


class Recorder:
    """Collects values from watch callbacks (Kazoo's event thread) for the test thread."""

    def __init__(self):
        self._cond = threading.Condition()
        self.values = []

    def __call__(self, *args):
        with self._cond:
            self.values.append(args[0] if len(args) == 1 else args)
            self._cond.notify_all()

    def wait_for(self, predicate, what):
        """Waits at most WAIT_SECONDS until predicate(values) holds; fails with what was seen."""
        with self._cond:
            ok = self._cond.wait_for(lambda: predicate(list(self.values)), timeout=WAIT_SECONDS)
            assert ok, "%s on %s: not within %ss, saw %r" % (what, target(), WAIT_SECONDS, self.values)
            return list(self.values)


def wait_until(condition, what, poll_seconds=0.05):
    """Polls condition() at most WAIT_SECONDS; fails naming what did not happen."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, "%s on %s: not within %ss" % (what, target(), WAIT_SECONDS)
        time.sleep(poll_seconds)
