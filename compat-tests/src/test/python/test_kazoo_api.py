"""Kazoo beyond the walkthrough: transactions, Lock, Election, Counter, digest auth with ACLs,
and server_version(). The same assertions hold on real ZooKeeper 3.9.5 and on Warden."""
import base64
import hashlib
import threading

import pytest
from kazoo.exceptions import (AuthFailedError, BadArgumentsError, BadVersionError, ConnectionLoss,
                              InvalidACLError, NoAuthError, NodeExistsError, NoNodeError,
                              NotEmptyError, RolledBackError, RuntimeInconsistency)
from kazoo.protocol.states import KazooState
from kazoo.security import ACL, Id, make_digest_acl, make_digest_acl_credential

from conftest import WAIT_SECONDS, Recorder, target, wait_until


def test_transaction_commits_every_operation(zk, base):
    zk.create(base + "/existing", b"old")
    t = zk.transaction()
    t.create(base + "/a", b"A")
    t.create(base + "/seq-", b"S", sequence=True)
    t.check(base + "/existing", 0)
    t.set_data(base + "/existing", b"new", version=0)
    t.delete(base + "/a")
    results = t.commit()

    assert results[0] == base + "/a"
    assert results[1] == base + "/seq-0000000002"
    assert results[2] is True
    assert results[3].version == 1
    assert results[4] is True
    assert zk.get(base + "/existing")[0] == b"new"
    assert zk.exists(base + "/a") is None


def test_transaction_with_a_failing_check_changes_nothing(zk, base):
    zk.create(base + "/x", b"x")
    with zk.transaction() as t:
        t.create(base + "/never", b"")
        t.check(base + "/x", 7)
        t.set_data(base + "/x", b"changed")
    # The with-block committed on exit; nothing of it took effect.
    assert t.committed
    assert zk.exists(base + "/never") is None
    t2 = zk.transaction()
    t2.create(base + "/never", b"")
    t2.check(base + "/x", 7)
    t2.set_data(base + "/x", b"changed")
    results = t2.commit()
    assert [type(r) for r in results] == [RolledBackError, BadVersionError, RuntimeInconsistency]
    assert zk.exists(base + "/never") is None
    assert zk.get(base + "/x")[0] == b"x"

    t3 = zk.transaction()
    t3.create(base + "/x", b"dup")
    t3.delete(base + "/missing")
    results = t3.commit()
    assert [type(r) for r in results] == [NodeExistsError, RuntimeInconsistency]


def test_lock_is_exclusive_and_handed_over(clients, base):
    first = clients.start()
    second = clients.start()
    lock_a = first.Lock(base + "/lock", "client-a")
    lock_b = second.Lock(base + "/lock", "client-b")

    assert lock_a.acquire(timeout=WAIT_SECONDS)
    assert lock_b.acquire(blocking=False) is False
    assert lock_a.contenders() == ["client-a"]

    got_it = threading.Event()

    def contend():
        if lock_b.acquire(timeout=WAIT_SECONDS):
            got_it.set()

    waiter = threading.Thread(target=contend, daemon=True)
    waiter.start()
    wait_until(lambda: lock_a.contenders() == ["client-a", "client-b"], "second contender queued")
    assert not got_it.is_set()

    lock_a.release()
    assert got_it.wait(WAIT_SECONDS), "second client never got the lock on %s" % target()
    waiter.join(WAIT_SECONDS)
    assert lock_b.contenders() == ["client-b"]
    lock_b.release()
    assert first.get_children(base + "/lock") == []


def test_election_elects_one_leader_then_the_next(clients, base):
    leaders = Recorder()
    done = {"one": threading.Event(), "two": threading.Event()}
    elections = {}

    def lead(name):
        leaders(name)
        done[name].wait(WAIT_SECONDS)

    threads = []
    for name in ("one", "two"):
        client = clients.start()
        elections[name] = client.Election(base + "/election", name)
        thread = threading.Thread(target=elections[name].run, args=(lead, name), daemon=True)
        threads.append(thread)
        thread.start()
        if name == "one":
            leaders.wait_for(lambda v: v == ["one"], "first leader elected")

    wait_until(lambda: elections["one"].contenders() == ["one", "two"], "second candidate queued")
    assert leaders.values == ["one"]

    done["one"].set()
    leaders.wait_for(lambda v: v == ["one", "two"], "second leader after the first resigned")
    done["two"].set()
    for thread in threads:
        thread.join(WAIT_SECONDS)
        assert not thread.is_alive()


def test_counter_counts_across_clients(clients, base):
    a = clients.start()
    b = clients.start()
    counter_a = a.Counter(base + "/counter")
    counter_b = b.Counter(base + "/counter")
    assert counter_a.value == 0
    counter_a += 5
    counter_b -= 2
    assert counter_a.value == 3

    def bump(counter, times):
        for _ in range(times):
            counter += 1

    threads = [threading.Thread(target=bump, args=(c, 20), daemon=True)
               for c in (a.Counter(base + "/counter"), b.Counter(base + "/counter"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS * 2)
        assert not thread.is_alive()
    assert counter_b.value == 43

    floats = a.Counter(base + "/float", default=1.5)
    floats += 0.25
    assert floats.value == 1.75
    assert a.get(base + "/float")[0] == b"1.75"


def test_digest_auth_and_acls(clients, base):
    expected_hash = base64.b64encode(hashlib.sha1(b"alice:secret").digest()).decode()
    assert make_digest_acl_credential("alice", "secret") == "alice:" + expected_hash

    owner = clients.start(auth_data=[("digest", "alice:secret")])
    stranger = clients.start()
    acl = make_digest_acl("alice", "secret", all=True)
    owner.create(base + "/secret", b"classified", acl=[acl])

    assert owner.get(base + "/secret")[0] == b"classified"
    with pytest.raises(NoAuthError):
        stranger.get(base + "/secret")
    with pytest.raises(NoAuthError):
        stranger.set(base + "/secret", b"hacked")
    with pytest.raises(NoAuthError):
        stranger.create(base + "/secret/child", b"")

    acls, stat = owner.get_acls(base + "/secret")
    assert acls == [ACL(31, Id("digest", "alice:" + expected_hash))]
    assert stat.aversion == 0

    # A read-only grant for everyone, added by the owner; the stranger can now read, not write.
    owner.set_acls(base + "/secret", [acl, ACL(1, Id("world", "anyone"))], version=0)
    assert stranger.get(base + "/secret")[0] == b"classified"
    with pytest.raises(NoAuthError):
        stranger.set(base + "/secret", b"hacked")
    with pytest.raises(BadVersionError):
        owner.set_acls(base + "/secret", [acl], version=0)

    # add_auth on a live session grants what auth_data granted at connect time.
    stranger.add_auth("digest", "alice:secret")
    stranger.set(base + "/secret", b"now allowed")
    assert owner.get(base + "/secret")[0] == b"now allowed"

    # Wrong password: still only world:anyone rights.
    mallory = clients.start(auth_data=[("digest", "alice:wrong")])
    with pytest.raises(NoAuthError):
        mallory.set(base + "/secret", b"nope")
    owner.delete(base + "/secret")
    with pytest.raises(NoNodeError):
        owner.get(base + "/secret")


def test_creator_acl_uses_the_session_identity(clients, base):
    owner = clients.start(auth_data=[("digest", "bob:pw")])
    creator_all = [ACL(31, Id("auth", ""))]
    owner.create(base + "/mine", b"m", acl=creator_all)
    acls, _ = owner.get_acls(base + "/mine")
    bob = base64.b64encode(hashlib.sha1(b"bob:pw").digest()).decode()
    assert acls == [ACL(31, Id("digest", "bob:" + bob))]
    stranger = clients.start()
    with pytest.raises(NoAuthError):
        stranger.get(base + "/mine")
    # Deleting needs DELETE on the parent (world:anyone here), not rights on the node itself.
    stranger.delete(base + "/mine")
    assert owner.exists(base + "/mine") is None


def test_server_version_parses_envi(zk):
    version = zk.server_version()
    assert version == (3, 9, 5), "server_version() on %s: %r" % (target(), version)
    assert zk.command(b"ruok") == "imok"


def test_read_only_capable_client_gets_a_read_write_session(clients, base):
    ro = clients.start(read_only=True)
    assert ro.client_id[0] != 0
    ro.create(base + "/written", b"by a read-only-capable client")
    assert ro.get(base + "/written")[0] == b"by a read-only-capable client"


def test_get_children_with_stat_and_sync(zk, base):
    zk.create(base + "/a", b"")
    zk.create(base + "/b", b"")
    children, stat = zk.get_children(base, include_data=True)
    assert sorted(children) == ["a", "b"]
    assert (stat.numChildren, stat.cversion) == (2, 2)
    assert zk.sync(base) == base


def test_refusals_map_to_kazoo_exceptions(zk, base):
    with pytest.raises(InvalidACLError):
        zk.set_acls(base, [])
    with pytest.raises(BadArgumentsError):
        zk.delete("/")
    with pytest.raises(NoNodeError):
        zk.set(base + "/missing", b"")
    zk.create(base + "/p/c", b"", makepath=True)
    with pytest.raises(NotEmptyError):
        zk.delete(base + "/p")


def test_oversized_request_drops_the_connection_but_not_the_session(clients, base):
    zk = clients.start(connection_retry=dict(max_tries=-1, delay=0.1, backoff=1.5, max_delay=1.0))
    session_id = zk.client_id[0]
    # Over jute.maxbuffer (1 MiB - 1): the server closes the connection, the client reconnects.
    with pytest.raises(ConnectionLoss):
        zk.create(base + "/big", b"x" * (1024 * 1024 + 10))
    wait_until(lambda: zk.connected, "reconnected after the oversized request")
    assert zk.client_id[0] == session_id
    assert zk.exists(base + "/big") is None


def test_unknown_auth_scheme_fails_the_session(clients):
    zk = clients.start()
    states = Recorder()
    zk.add_listener(states)
    with pytest.raises(AuthFailedError):
        zk.add_auth("nosuchscheme", "whatever")
    states.wait_for(lambda v: KazooState.LOST in v, "session lost after AUTH_FAILED")
