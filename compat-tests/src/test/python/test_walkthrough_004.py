"""Walkthrough 004 (the Kazoo API with ChildrenWatch/DataWatch), its calls verbatim.

Each snippet of the walkthrough appears as written (paths included), followed by assertions on
what it returned; the prints are kept because users copy them and they exercise stat.version and
data.decode on what the server sent.
"""
import pytest
from kazoo.exceptions import BadVersionError, NoChildrenForEphemeralsError, NoNodeError

from conftest import WAIT_SECONDS, Recorder, target


@pytest.fixture
def walkthrough_tree(zk):
    """The walkthrough uses /my/favorite; start from no /my and leave none behind."""
    if zk.exists("/my"):
        zk.delete("/my", recursive=True)
    yield
    if zk.connected and zk.exists("/my"):
        zk.delete("/my", recursive=True)


def test_creating_reading_updating_deleting(zk, walkthrough_tree, capsys):
    # Ensure a path, create if necessary
    zk.ensure_path("/my/favorite")

    # Create a node with data
    zk.create("/my/favorite/node", b"a value")

    # Determine if a node exists
    if zk.exists("/my/favorite"):
        # Do something
        pass
    assert zk.exists("/my/favorite") is not None
    assert zk.exists("/my/favorite/absent") is None

    # Print the version of a node and its data
    data, stat = zk.get("/my/favorite")
    print("Version: %s, data: %s" % (stat.version, data.decode("utf-8")))
    assert (data, stat.version) == (b"", 0)

    # List the children
    children = zk.get_children("/my/favorite")
    print("There are %s children with names %s" % (len(children), children))
    assert children == ["node"]

    zk.set("/my/favorite", b"some data")
    data, stat = zk.get("/my/favorite")
    assert (data, stat.version) == (b"some data", 1)

    # set and delete with a version: a stale one is refused with BadVersionError
    with pytest.raises(BadVersionError):
        zk.set("/my/favorite", b"stale", version=0)
    zk.set("/my/favorite", b"fresh", version=1)
    assert zk.get("/my/favorite")[0] == b"fresh"
    with pytest.raises(BadVersionError):
        zk.delete("/my/favorite/node", version=5)

    zk.create("/my/favorite/node/deeper/still", b"x", makepath=True)
    zk.delete("/my/favorite/node", recursive=True)
    assert zk.exists("/my/favorite/node") is None
    assert zk.get_children("/my/favorite") == []

    out = capsys.readouterr().out
    assert "Version: 0, data: \n" in out
    assert "There are 1 children with names ['node']\n" in out


def test_create_with_makepath_and_missing_parent(zk, walkthrough_tree):
    with pytest.raises(NoNodeError):
        zk.create("/my/favorite/node", b"a value")
    assert zk.create("/my/favorite/node", b"a value", makepath=True) == "/my/favorite/node"
    assert zk.get("/my/favorite/node")[0] == b"a value"


def test_ephemeral_vanishes_when_its_client_stops(zk, clients, walkthrough_tree):
    zk.ensure_path("/my/favorite")
    other = clients.start()
    other.create("/my/favorite/ephemeral", b"alive", ephemeral=True)
    stat = zk.exists("/my/favorite/ephemeral")
    assert stat is not None
    assert stat.ephemeralOwner == other.client_id[0]

    gone = Recorder()
    zk.exists("/my/favorite/ephemeral", watch=gone)
    other.stop()
    events = gone.wait_for(lambda v: len(v) >= 1, "NodeDeleted for the ephemeral")
    assert events[0].type == "DELETED"
    assert events[0].path == "/my/favorite/ephemeral"
    assert zk.exists("/my/favorite/ephemeral") is None


def test_ephemeral_cannot_have_children(zk, walkthrough_tree):
    zk.ensure_path("/my/favorite")
    zk.create("/my/favorite/eph", b"", ephemeral=True)
    with pytest.raises(NoChildrenForEphemeralsError):
        zk.create("/my/favorite/eph/child", b"")


def test_sequence_nodes(zk, walkthrough_tree):
    zk.ensure_path("/my/favorite")
    first = zk.create("/my/favorite/seq-", b"1", sequence=True)
    second = zk.create("/my/favorite/seq-", b"2", sequence=True)
    third = zk.create("/my/favorite/eseq-", b"3", sequence=True, ephemeral=True)
    assert first == "/my/favorite/seq-0000000000"
    assert second == "/my/favorite/seq-0000000001"
    # The counter is the parent's cversion: one per child created, whatever its name.
    assert third == "/my/favorite/eseq-0000000002"
    assert sorted(zk.get_children("/my/favorite")) == ["eseq-0000000002", "seq-0000000000",
                                                      "seq-0000000001"]


def test_one_time_watch(zk, clients, walkthrough_tree):
    zk.ensure_path("/my/favorite/node")
    fired = Recorder()

    def my_func(event):
        # check to see what the children are now
        fired(event)

    # Call my_func when the children change
    children = zk.get_children("/my/favorite/node", watch=my_func)
    assert children == []

    writer = clients.start()
    writer.create("/my/favorite/node/a", b"")
    writer.create("/my/favorite/node/b", b"")
    events = fired.wait_for(lambda v: len(v) >= 1, "NodeChildrenChanged")
    assert events[0].type == "CHILD"
    assert events[0].path == "/my/favorite/node"
    # One-time: the second create must not fire it again (checked after a round trip).
    writer.sync("/my/favorite/node")
    zk.sync("/my/favorite/node")
    assert len(fired.values) == 1


def test_children_watch_and_data_watch(zk, clients, walkthrough_tree, capsys):
    zk.ensure_path("/my/favorite/node")
    zk.set("/my/favorite", b"v0")
    seen_children = Recorder()
    seen_data = Recorder()

    @zk.ChildrenWatch("/my/favorite/node")
    def watch_children(children):
        print("Children are now: %s" % children)
        seen_children(sorted(children))
    # Above function called immediately, and from then on

    @zk.DataWatch("/my/favorite")
    def watch_node(data, stat):
        print("Version: %s, data: %s" % (stat.version, data.decode("utf-8")))
        seen_data((stat.version, data))

    seen_children.wait_for(lambda v: v[:1] == [[]], "ChildrenWatch initial call")
    seen_data.wait_for(lambda v: v[:1] == [(1, b"v0")], "DataWatch initial call")

    writer = clients.start()
    writer.create("/my/favorite/node/c1", b"")
    seen_children.wait_for(lambda v: ["c1"] in v, "ChildrenWatch after create c1")
    writer.create("/my/favorite/node/c2", b"")
    seen_children.wait_for(lambda v: ["c1", "c2"] in v, "ChildrenWatch after create c2")
    writer.delete("/my/favorite/node/c1")
    seen_children.wait_for(lambda v: v[-1] == ["c2"], "ChildrenWatch after delete c1")

    writer.set("/my/favorite", b"v1")
    seen_data.wait_for(lambda v: (2, b"v1") in v, "DataWatch after set v1")
    writer.set("/my/favorite", b"v2")
    seen_data.wait_for(lambda v: v[-1] == (3, b"v2"), "DataWatch after set v2")

    out = capsys.readouterr().out
    assert "Children are now: []\n" in out
    assert "Version: 3, data: v2\n" in out
