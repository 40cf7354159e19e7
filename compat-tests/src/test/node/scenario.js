'use strict';
// node-zookeeper-client against one server (real ZooKeeper 3.9.5 or Warden), run by
// io.warden.compat.node.NodeClientTest: `node scenario.js` with WARDEN_PEER_HOSTS=host:port.
// Two sessions: CRUD with versions and error codes, one-shot watches fired by the other session
// (data, exists, children, delete, ephemeral owner closing), transactions (all-or-nothing) and
// digest ACLs. Prints "ok <step>" per step; exits 0 when every step passed, 1 on the first
// failure (with the step and the error), 2 when the whole run exceeds its time budget.

const assert = require('node:assert/strict');
const zookeeper = require('node-zookeeper-client');

const { CreateMode, Event, Exception, ACL, Id, Permission } = zookeeper;

const HOSTS = process.env.WARDEN_PEER_HOSTS;
const TARGET = process.env.WARDEN_PEER_TARGET || 'unknown';
const ROOT = process.env.WARDEN_PEER_ROOT || '/node-client';
const RUN_BUDGET_MS = 60000;
const EVENT_WAIT_MS = 10000;
const CONNECT_WAIT_MS = 15000;

let currentStep = 'start';

function step(name) {
    currentStep = name;
}

function ok() {
    console.log('ok ' + currentStep);
}

// Promise wrappers: the library calls back with (error, ...results).
function call(fn, ...args) {
    return new Promise((resolve, reject) => {
        fn(...args, (error, ...results) => (error ? reject(error) : resolve(results)));
    });
}

// Resolves with the ZooKeeper error code of a call that must fail, or rejects if it succeeded.
async function failureCode(fn, ...args) {
    try {
        await call(fn, ...args);
    } catch (error) {
        if (typeof error.getCode !== 'function') {
            throw error;
        }
        return error.getCode();
    }
    throw new Error('expected a ZooKeeper error, the call succeeded');
}

function withTimeout(promise, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out after ' + ms + ' ms: ' + what)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// A one-shot watcher whose events are collected; next() waits for the first one.
function recorder() {
    const events = [];
    let wake = null;
    return {
        events,
        watcher(event) {
            events.push(event);
            if (wake) {
                wake();
                wake = null;
            }
        },
        next(what) {
            if (events.length > 0) {
                return Promise.resolve(events[0]);
            }
            return withTimeout(new Promise((resolve) => {
                wake = () => resolve(events[0]);
            }), EVENT_WAIT_MS, what);
        },
    };
}

function connect(name) {
    const client = zookeeper.createClient(HOSTS, { sessionTimeout: 10000, spinDelay: 200, retries: 0 });
    const connected = new Promise((resolve) => client.once('connected', resolve));
    client.connect();
    return withTimeout(connected, CONNECT_WAIT_MS, 'session ' + name + ' connects').then(() => client);
}

function closed(client) {
    const done = new Promise((resolve) => client.once('disconnected', resolve));
    client.close();
    return withTimeout(done, CONNECT_WAIT_MS, 'close');
}

function assertEvent(event, type, path) {
    assert.equal(event.getType(), type, 'event type of ' + event.toString());
    assert.equal(event.getPath(), path, 'event path of ' + event.toString());
}

async function sessions(a, b) {
    step('sessions');
    const idA = a.getSessionId().toString('hex');
    const idB = b.getSessionId().toString('hex');
    assert.equal(idA.length, 16);
    assert.notEqual(idA, '0000000000000000');
    assert.notEqual(idA, idB, 'two sessions have two ids');
    assert.ok(a.getSessionTimeout() > 0, 'negotiated session timeout ' + a.getSessionTimeout());
    assert.equal(a.getSessionPassword().length, 16);
    ok();
}

async function crud(a) {
    step('crud: create');
    const [rootPath] = await call(a.create.bind(a), ROOT, Buffer.from('root'), CreateMode.PERSISTENT);
    assert.equal(rootPath, ROOT);
    const node = ROOT + '/n';
    await call(a.create.bind(a), node, Buffer.from('v0'), CreateMode.PERSISTENT);
    assert.equal(await failureCode(a.create.bind(a), node, Buffer.from('again'), CreateMode.PERSISTENT),
        Exception.NODE_EXISTS);
    assert.equal(await failureCode(a.create.bind(a), ROOT + '/missing/x', Buffer.from('x'), CreateMode.PERSISTENT),
        Exception.NO_NODE);
    ok();

    step('crud: read');
    const [stat] = await call(a.exists.bind(a), node);
    assert.equal(stat.version, 0);
    assert.equal(stat.dataLength, 2);
    const [data, dataStat] = await call(a.getData.bind(a), node);
    assert.equal(data.toString(), 'v0');
    assert.equal(dataStat.version, 0);
    const [none] = await call(a.exists.bind(a), ROOT + '/absent');
    assert.equal(none, null);
    assert.equal(await failureCode(a.getData.bind(a), ROOT + '/absent'), Exception.NO_NODE);
    ok();

    step('crud: setData with versions');
    const [setStat] = await call(a.setData.bind(a), node, Buffer.from('v1'), 0);
    assert.equal(setStat.version, 1);
    assert.equal(await failureCode(a.setData.bind(a), node, Buffer.from('stale'), 0), Exception.BAD_VERSION);
    const [after] = await call(a.getData.bind(a), node);
    assert.equal(after.toString(), 'v1');
    ok();

    step('crud: sequential and children');
    const [seq1] = await call(a.create.bind(a), ROOT + '/s-', Buffer.from(''), CreateMode.PERSISTENT_SEQUENTIAL);
    const [seq2] = await call(a.create.bind(a), ROOT + '/s-', Buffer.from(''), CreateMode.PERSISTENT_SEQUENTIAL);
    assert.match(seq1, /\/s-\d{10}$/);
    assert.ok(Number(seq2.slice(-10)) > Number(seq1.slice(-10)), seq1 + ' then ' + seq2);
    const [children, rootStat] = await call(a.getChildren.bind(a), ROOT);
    assert.deepEqual([...children].sort(), ['n', seq1.slice(ROOT.length + 1), seq2.slice(ROOT.length + 1)].sort());
    assert.equal(rootStat.numChildren, 3);
    ok();

    step('crud: remove');
    assert.equal(await failureCode(a.remove.bind(a), node, 7), Exception.BAD_VERSION);
    await call(a.create.bind(a), node + '/child', Buffer.from('c'), CreateMode.PERSISTENT);
    assert.equal(await failureCode(a.remove.bind(a), node, -1), Exception.NOT_EMPTY);
    await call(a.remove.bind(a), node + '/child', 0);
    await call(a.remove.bind(a), seq1, -1);
    await call(a.remove.bind(a), seq2, -1);
    await call(a.remove.bind(a), node, 1);
    const [gone] = await call(a.exists.bind(a), node);
    assert.equal(gone, null);
    assert.equal(await failureCode(a.remove.bind(a), node, -1), Exception.NO_NODE);
    ok();
}

async function watches(a, b) {
    const node = ROOT + '/w';
    await call(a.create.bind(a), node, Buffer.from('w0'), CreateMode.PERSISTENT);

    step('watch: getData watcher fires once for the other session\'s setData');
    const data = recorder();
    const [value] = await call(a.getData.bind(a), node, data.watcher);
    assert.equal(value.toString(), 'w0');
    await call(b.setData.bind(b), node, Buffer.from('w1'), -1);
    assertEvent(await data.next('NODE_DATA_CHANGED on ' + node), Event.NODE_DATA_CHANGED, node);
    await call(b.setData.bind(b), node, Buffer.from('w2'), -1);
    // A round trip on A after B's write: any second notification would have arrived before it.
    const [latest] = await call(a.getData.bind(a), node);
    assert.equal(latest.toString(), 'w2');
    assert.equal(data.events.length, 1, 'a one-shot watch fires once');
    ok();

    step('watch: same-session setData fires the watch too');
    const own = recorder();
    await call(a.getData.bind(a), node, own.watcher);
    await call(a.setData.bind(a), node, Buffer.from('w3'), -1);
    assertEvent(await own.next('own NODE_DATA_CHANGED'), Event.NODE_DATA_CHANGED, node);
    ok();

    step('watch: exists watcher sees the node created');
    const created = recorder();
    const [absent] = await call(a.exists.bind(a), node + '/c', created.watcher);
    assert.equal(absent, null);
    const childWatch = recorder();
    await call(a.getChildren.bind(a), node, childWatch.watcher);
    await call(b.create.bind(b), node + '/c', Buffer.from(''), CreateMode.PERSISTENT);
    assertEvent(await created.next('NODE_CREATED'), Event.NODE_CREATED, node + '/c');
    assertEvent(await childWatch.next('NODE_CHILDREN_CHANGED'), Event.NODE_CHILDREN_CHANGED, node);
    ok();

    step('watch: getData watcher sees the node deleted');
    const deleted = recorder();
    await call(a.getData.bind(a), node + '/c', deleted.watcher);
    await call(b.remove.bind(b), node + '/c', -1);
    assertEvent(await deleted.next('NODE_DELETED'), Event.NODE_DELETED, node + '/c');
    ok();
}

async function transactions(a) {
    const t = ROOT + '/t';
    await call(a.create.bind(a), t, Buffer.from(''), CreateMode.PERSISTENT);

    step('transaction: commit');
    const tx = a.transaction()
        .create(t + '/a', Buffer.from('a'))
        .create(t + '/b', Buffer.from('b'), CreateMode.PERSISTENT)
        .setData(t + '/a', Buffer.from('a1'), -1)
        .check(t + '/a', 1)
        .remove(t + '/b', -1);
    const [results] = await call(tx.commit.bind(tx));
    assert.equal(results.length, 5);
    assert.equal(results[0].path, t + '/a');
    assert.equal(results[1].path, t + '/b');
    assert.equal(results[2].stat.version, 1);
    const [a1] = await call(a.getData.bind(a), t + '/a');
    assert.equal(a1.toString(), 'a1');
    const [b] = await call(a.exists.bind(a), t + '/b');
    assert.equal(b, null);
    ok();

    step('transaction: a failed check rolls every op back');
    const bad = a.transaction()
        .create(t + '/c', Buffer.from('c'))
        .setData(t + '/a', Buffer.from('a2'), -1)
        .check(t + '/a', 99);
    assert.equal(await failureCode(bad.commit.bind(bad)), Exception.BAD_VERSION);
    const [c] = await call(a.exists.bind(a), t + '/c');
    assert.equal(c, null, 'the create of a failed transaction is not applied');
    const [still] = await call(a.getData.bind(a), t + '/a');
    assert.equal(still.toString(), 'a1', 'the setData of a failed transaction is not applied');
    ok();

    step('transaction: an existing node fails the create');
    const dup = a.transaction().create(t + '/d').create(t + '/a');
    assert.equal(await failureCode(dup.commit.bind(dup)), Exception.NODE_EXISTS);
    const [d] = await call(a.exists.bind(a), t + '/d');
    assert.equal(d, null);
    ok();
}

async function acls(a, b) {
    step('acl: digest auth');
    a.addAuthInfo('digest', Buffer.from('node:secret'));
    const secure = ROOT + '/secure';
    await call(a.create.bind(a), secure, Buffer.from('s'), ACL.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
    const [acl] = await call(a.getACL.bind(a), secure);
    assert.equal(acl.length, 1);
    assert.equal(acl[0].id.scheme, 'digest');
    assert.match(acl[0].id.id, /^node:/);
    assert.equal(acl[0].permission, Permission.ALL);
    assert.equal(await failureCode(b.getData.bind(b), secure), Exception.NO_AUTH);
    const [s] = await call(a.getData.bind(a), secure);
    assert.equal(s.toString(), 's');
    const readOnly = [new ACL(Permission.READ, new Id('world', 'anyone'))];
    await call(a.setACL.bind(a), secure, readOnly, -1);
    const [sb] = await call(b.getData.bind(b), secure);
    assert.equal(sb.toString(), 's');
    assert.equal(await failureCode(b.setData.bind(b), secure, Buffer.from('x'), -1), Exception.NO_AUTH);
    ok();
}

async function ephemerals(a, b) {
    step('ephemeral: removed with its session, watcher told');
    const eph = ROOT + '/e';
    await call(b.create.bind(b), eph, Buffer.from(''), CreateMode.EPHEMERAL);
    const [stat] = await call(a.exists.bind(a), eph);
    assert.equal(stat.ephemeralOwner.toString('hex'), b.getSessionId().toString('hex'));
    const gone = recorder();
    await call(a.exists.bind(a), eph, gone.watcher);
    await closed(b);
    assertEvent(await gone.next('NODE_DELETED of the ephemeral'), Event.NODE_DELETED, eph);
    const [after] = await call(a.exists.bind(a), eph);
    assert.equal(after, null);
    ok();
}

// Depth first. Not the library's removeRecursive: in 1.1.3 its listSubTreeBFS stops at the
// first level (async.reduce does not visit entries pushed while it runs), so it fails NOT_EMPTY.
async function removeTree(client, path) {
    const [children] = await call(client.getChildren.bind(client), path);
    for (const child of children) {
        await removeTree(client, path + '/' + child);
    }
    await call(client.remove.bind(client), path, -1);
}

async function cleanUp(a) {
    step('clean up');
    await removeTree(a, ROOT);
    const [root] = await call(a.exists.bind(a), ROOT);
    assert.equal(root, null);
    ok();
}

async function main() {
    assert.ok(HOSTS, 'WARDEN_PEER_HOSTS (host:port) is not set');
    console.log('node-zookeeper-client against ' + TARGET + ' at ' + HOSTS);
    step('connect');
    const a = await connect('A');
    const b = await connect('B');
    ok();
    await sessions(a, b);
    await crud(a);
    await watches(a, b);
    await transactions(a);
    await acls(a, b);
    await ephemerals(a, b);
    await cleanUp(a);
    step('close');
    await closed(a);
    ok();
}

const budget = setTimeout(() => {
    console.error('FAILED: run exceeded ' + RUN_BUDGET_MS + ' ms in step: ' + currentStep);
    process.exit(2);
}, RUN_BUDGET_MS);

main().then(() => {
    clearTimeout(budget);
    console.log('PASSED');
    process.exit(0);
}, (error) => {
    console.error('FAILED in step: ' + currentStep);
    console.error(error && error.stack ? error.stack : String(error));
    process.exit(1);
});
