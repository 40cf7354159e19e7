#!/usr/bin/env bash
# Starts a standalone Warden server in the foreground: port 2181, data under ./warden-data.
# Builds the server jar first if it is missing. Arguments, if given, replace the defaults and
# take the same forms as ZooKeeper's ZooKeeperServerMain: a zoo.cfg path, or
# `port dataDir [tickTime [maxClientCnxns]]`.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=wire-server/server/target/warden-server.jar
if [ ! -f "$jar" ]; then
  echo "Building $jar (first run only)..." >&2
  mvn -B -q -DskipTests -pl wire-server/server -am package >&2
fi
if [ "$#" -eq 0 ]; then
  set -- 2181 ./warden-data
fi
exec java ${WARDEN_JAVA_OPTS:-} -jar "$jar" "$@"
