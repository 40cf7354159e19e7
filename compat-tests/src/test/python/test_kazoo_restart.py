"""A DataWatch and a ChildrenWatch survive a restart of the server: Kazoo reconnects on its own,
keeps its session (same id, never LOST) and re-registers its watches, which then fire for
changes made after the restart.

The restart itself is done by the JUnit launcher (io.warden.compat.peers.KazooTest), through a
file handshake in WARDEN_PEER_RESTART_DIR: this script creates `restart.request`, the launcher
restarts the server and then creates `restart.done`. Both sides wait a bounded time.
"""
import os
import time

import pytest
from kazoo.protocol.states import KazooState

from conftest import WAIT_SECONDS, Recorder, target, wait_until

RESTART_SECONDS = 60.0


def request_restart():
    directory = os.environ.get("WARDEN_PEER_RESTART_DIR")
    if not directory:
        pytest.fail("WARDEN_PEER_RESTART_DIR is not set: run through io.warden.compat.peers.KazooTest")
    done = os.path.join(directory, "restart.done")
    with open(os.path.join(directory, "restart.request"), "w") as f:
        f.write("restart\n")
    deadline = time.monotonic() + RESTART_SECONDS
    while not os.path.exists(done):
        assert time.monotonic() < deadline, "the launcher did not restart %s within %ss" % (
            target(), RESTART_SECONDS)
        time.sleep(0.05)


def test_watches_and_session_survive_a_server_restart(clients):
    retry = dict(max_tries=-1, delay=0.1, backoff=1.5, max_delay=1.0)
    zk = clients.start(connection_retry=retry)
    path = "/kazoo-restart"
    if zk.exists(path):
        zk.delete(path, recursive=True)
    zk.create(path, b"before")
    states = Recorder()
    zk.add_listener(states)
    seen_data = Recorder()
    seen_children = Recorder()
    zk.DataWatch(path, lambda data, stat: seen_data(data))
    zk.ChildrenWatch(path, lambda children: seen_children(sorted(children)))
    seen_data.wait_for(lambda v: v == [b"before"], "DataWatch initial call")
    seen_children.wait_for(lambda v: v == [[]], "ChildrenWatch initial call")
    session_id = zk.client_id[0]

    request_restart()

    states.wait_for(lambda v: KazooState.SUSPENDED in v, "Kazoo noticed the restart")
    wait_until(lambda: zk.state != KazooState.SUSPENDED or KazooState.LOST in states.values,
               "Kazoo reconnected")
    if KazooState.LOST in states.values or zk.client_id[0] != session_id:
        pytest.fail("session lost across the restart of %s: states %r, session 0x%x before, %s after" % (
            target(), states.values, session_id,
            "none" if zk.client_id is None else "0x%x" % zk.client_id[0]))
    assert zk.state == KazooState.CONNECTED

    writer = clients.start(connection_retry=retry)
    writer.set(path, b"after")
    seen_data.wait_for(lambda v: v[-1:] == [b"after"], "DataWatch after the restart")
    writer.create(path + "/child", b"")
    seen_children.wait_for(lambda v: v[-1:] == [["child"]], "ChildrenWatch after the restart")
    assert states.values == [KazooState.SUSPENDED, KazooState.CONNECTED]
    zk.delete(path, recursive=True)
