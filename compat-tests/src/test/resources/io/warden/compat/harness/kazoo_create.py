"""Create one znode with Kazoo and exit 0 (used by ExternalPeersTest).

Environment: ZK_PORT (required, the server listens on 127.0.0.1), ZK_PATH, ZK_DATA.
"""
import os
import sys

from kazoo.client import KazooClient


def main():
    port = int(os.environ["ZK_PORT"])
    path = os.environ.get("ZK_PATH", "/fromkazoo")
    data = os.environ.get("ZK_DATA", "kazoo").encode("utf-8")
    client = KazooClient(hosts="127.0.0.1:%d" % port, timeout=10.0)
    client.start(timeout=20)
    try:
        created = client.create(path, data)
        value, _ = client.get(path)
        if value != data:
            print("read back %r, expected %r" % (value, data), file=sys.stderr)
            return 1
        print("created %s" % created)
        return 0
    finally:
        client.stop()
        client.close()


if __name__ == "__main__":
    sys.exit(main())
