#!/usr/bin/env bash
# A multi-process deployment on one machine, for trying the production layout and load-testing it
# (`make cluster`, `make cluster-stop`, `make load`; README "Deployment"). Loopback only.
#
#   PostgreSQL 15 primary  127.0.0.1:$PG_PRIMARY_PORT  (initdb)
#   PostgreSQL 15 replica  127.0.0.1:$PG_REPLICA_PORT  (pg_basebackup -R: streaming, hot standby)
#   Redis                  127.0.0.1:$REDIS_PORT        (cache, sessions, rate limits, task broker)
#   gunicorn × $APP_INSTANCES   127.0.0.1:$APP_BASE_PORT+1…  (config.settings.prod)
#   nginx                  http://127.0.0.1:$HTTP_PORT/  (round robin over the gunicorns)
#   task workers × $TASK_WORKERS (manage.py qcluster)
#
# Data, logs and pid files live under $CLUSTER_DIR (default /tmp/trienkhai-cluster; PostgreSQL
# refuses to run as root, so its directories belong to the postgres user). `start` is
# idempotent: it creates what is missing, migrates, loads the demo once, and starts what is not
# running. `stop` stops everything and keeps the data; `stop --purge` also deletes it.
# Sub-commands used by the load test: kill-app N, start-app N, restart-app N, kill-worker N, start-worker N,
# stop-replica, start-replica, env.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLUSTER_DIR=${CLUSTER_DIR:-/tmp/trienkhai-cluster}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PG_PRIMARY_PORT=${PG_PRIMARY_PORT:-5440}
PG_REPLICA_PORT=${PG_REPLICA_PORT:-5441}
REDIS_PORT=${REDIS_PORT:-6390}
HTTP_PORT=${HTTP_PORT:-8100}
APP_BASE_PORT=${APP_BASE_PORT:-8100}
APP_INSTANCES=${APP_INSTANCES:-2}
APP_WORKERS=${APP_WORKERS:-2}
APP_THREADS=${APP_THREADS:-4}
TASK_WORKERS=${TASK_WORKERS:-2}
DB_NAME=${DB_NAME:-trienkhai}
PY="$ROOT/.venv/bin/python"
PGUSER_OS=postgres

log() { printf '[cluster] %s\n' "$*"; }

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u "$PGUSER_OS" -- "$@"; else "$@"; fi
}

write_env() {
    mkdir -p "$CLUSTER_DIR/run" "$CLUSTER_DIR/log"
    if [ ! -s "$CLUSTER_DIR/secret" ]; then
        head -c 48 /dev/urandom | base64 | tr -d '\n' >"$CLUSTER_DIR/secret"
        chmod 600 "$CLUSTER_DIR/secret"
    fi
    # The production settings, with plain HTTP on loopback (TLS ends at the real front proxy).
    cat >"$CLUSTER_DIR/env" <<EOF
export DJANGO_SETTINGS_MODULE=config.settings.prod
export SECRET_KEY='$(cat "$CLUSTER_DIR/secret")'
export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PRIMARY_PORT/$DB_NAME
export DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$PG_REPLICA_PORT/$DB_NAME
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
export ALLOWED_HOSTS=127.0.0.1,localhost
export TRUSTED_PROXIES=127.0.0.1
export SITE_URL=http://127.0.0.1:$HTTP_PORT
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0
export EMAIL_BACKEND=\${EMAIL_BACKEND:-django.core.mail.backends.dummy.EmailBackend}
export Q_WORKERS=\${Q_WORKERS:-1}
export LOG_LEVEL=\${LOG_LEVEL:-WARNING}
EOF
}

load_env() {
    write_env
    # shellcheck disable=SC1091
    . "$CLUSTER_DIR/env"
}

pg_running() { as_pg "$PGBIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }

pg_start() { # datadir port
    if pg_running "$1"; then return; fi
    as_pg "$PGBIN/pg_ctl" -D "$1" -l "$CLUSTER_DIR/log/postgres-$2.log" -w -o "-p $2" start >/dev/null
}

start_postgres() {
    mkdir -p "$CLUSTER_DIR/pg"
    chown "$PGUSER_OS" "$CLUSTER_DIR/pg" 2>/dev/null || true
    chmod 755 "$CLUSTER_DIR" "$CLUSTER_DIR/log"
    touch "$CLUSTER_DIR/log/postgres-$PG_PRIMARY_PORT.log" "$CLUSTER_DIR/log/postgres-$PG_REPLICA_PORT.log"
    chown "$PGUSER_OS" "$CLUSTER_DIR"/log/postgres-*.log 2>/dev/null || true
    local primary="$CLUSTER_DIR/pg/primary" replica="$CLUSTER_DIR/pg/replica"
    if [ ! -s "$primary/PG_VERSION" ]; then
        log "initdb primary ($primary)"
        as_pg "$PGBIN/initdb" -D "$primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
        cat >>"$primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$CLUSTER_DIR/pg'
shared_buffers = 256MB
max_connections = 200
wal_level = replica
max_wal_senders = 5
hot_standby = on
EOF
    fi
    pg_start "$primary" "$PG_PRIMARY_PORT"
    if ! as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1; then
        as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres "$DB_NAME"
    fi
    if [ ! -s "$replica/PG_VERSION" ]; then
        log "pg_basebackup replica ($replica)"
        as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres \
            -D "$replica" -R -X stream -c fast
        echo "port = $PG_REPLICA_PORT" >>"$replica/postgresql.conf"
    fi
    pg_start "$replica" "$PG_REPLICA_PORT"
}

start_redis() {
    if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then return; fi
    if ! command -v redis-server >/dev/null; then
        log "installing redis-server (Debian package)"
        SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
        $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
    fi
    mkdir -p "$CLUSTER_DIR/redis"
    # Sessions and queued tasks live here: keep them across a restart (append-only file).
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$CLUSTER_DIR/redis" \
        --appendonly yes --save "" --daemonize yes \
        --pidfile "$CLUSTER_DIR/run/redis.pid" --logfile "$CLUSTER_DIR/log/redis.log"
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.1; done
    log "redis did not start"; exit 1
}

prepare_app() {
    cd "$ROOT"
    log "migrate"
    "$PY" manage.py migrate --noinput >/dev/null
    "$PY" manage.py collectstatic --noinput --verbosity 0
    if [ ! -e "$CLUSTER_DIR/demo-loaded" ]; then
        log "load the demo (load_demo + load_demo_rollout)"
        "$PY" manage.py load_demo >/dev/null
        "$PY" manage.py load_demo_rollout >/dev/null
        touch "$CLUSTER_DIR/demo-loaded"
    fi
}

pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_app() { # instance number
    local n=$1 port=$((APP_BASE_PORT + $1)) pidfile="$CLUSTER_DIR/run/gunicorn-$1.pid"
    if pid_alive "$pidfile"; then return; fi
    cd "$ROOT"
    "$ROOT/.venv/bin/gunicorn" config.wsgi:application --daemon \
        --bind "127.0.0.1:$port" --workers "$APP_WORKERS" --threads "$APP_THREADS" \
        --worker-class gthread --timeout 60 --graceful-timeout 10 --keep-alive 75 --max-requests 5000 \
        --max-requests-jitter 500 --name "trienkhai-app-$n" --pid "$pidfile" \
        --error-logfile "$CLUSTER_DIR/log/gunicorn-$n.log" --capture-output
    for _ in $(seq 100); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/suc-khoe/" && return
        sleep 0.2
    done
    log "gunicorn $n did not answer on $port"; exit 1
}

kill_app() { # kill -9 the master and its workers (a crash, not a graceful stop)
    local pidfile="$CLUSTER_DIR/run/gunicorn-$1.pid" master
    pid_alive "$pidfile" || return 0
    master=$(cat "$pidfile")
    local children
    children=$(pgrep -P "$master" || true)
    kill -9 "$master" $children 2>/dev/null || true
    rm -f "$pidfile"
}

start_worker() {
    local n=$1 pidfile="$CLUSTER_DIR/run/worker-$1.pid"
    if pid_alive "$pidfile"; then return; fi
    cd "$ROOT"
    setsid "$PY" manage.py qcluster >>"$CLUSTER_DIR/log/worker-$n.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
}

kill_worker() { # kill -9 the worker's whole process group (sentinel, pusher, monitor, workers)
    local pidfile="$CLUSTER_DIR/run/worker-$1.pid"
    pid_alive "$pidfile" || return 0
    kill -9 -- "-$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
}

stop_worker() {
    local pidfile="$CLUSTER_DIR/run/worker-$1.pid" pid
    pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 -- "-$pid" 2>/dev/null || true
    rm -f "$pidfile"
}

stop_app() {
    local pidfile="$CLUSTER_DIR/run/gunicorn-$1.pid" pid
    pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill_app "$1"
}

start_nginx() {
    local upstreams="" i
    for i in $(seq "$APP_INSTANCES"); do
        upstreams+="        server 127.0.0.1:$((APP_BASE_PORT + i)) max_fails=3 fail_timeout=5s;"$'\n'
    done
    mkdir -p "$CLUSTER_DIR/nginx"
    cat >"$CLUSTER_DIR/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $CLUSTER_DIR/run/nginx.pid;
error_log $CLUSTER_DIR/log/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $CLUSTER_DIR/nginx/body;
    proxy_temp_path $CLUSTER_DIR/nginx/proxy;
    fastcgi_temp_path $CLUSTER_DIR/nginx/fastcgi;
    uwsgi_temp_path $CLUSTER_DIR/nginx/uwsgi;
    scgi_temp_path $CLUSTER_DIR/nginx/scgi;
    client_max_body_size 25m;
    upstream trienkhai {
$upstreams        keepalive 32;
        # Shorter than gunicorn's --keep-alive: nginx never reuses a connection the app server
        # is closing (that race resets a request, and a reset POST is not retried).
        keepalive_timeout 30s;
    }
    server {
        listen 127.0.0.1:$HTTP_PORT;
        # Writes whose repetition changes nothing (a check-in, a point's marking, "read"): when
        # an app server dies while handling one, nginx sends it again to another (the first may
        # or may not have committed; the second leaves the same state). Other POSTs are never
        # repeated.
        location ~ ^/(hoi-nghi/[0-9]+/diem-danh|diem-cau/[0-9]+/diem-danh|cua-toi/[0-9]+/toan-van)/\$ {
            proxy_pass http://trienkhai;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host:\$server_port;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_connect_timeout 2s;
            proxy_read_timeout 120s;
        }
        location / {
            proxy_pass http://trienkhai;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host:\$server_port;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            # A dead app server: the request goes to the next one (also for a POST, when the
            # connection was refused, so nothing had been sent).
            proxy_next_upstream error timeout http_502 http_503;
            proxy_connect_timeout 2s;
            proxy_read_timeout 120s;
        }
    }
}
EOF
    if pid_alive "$CLUSTER_DIR/run/nginx.pid"; then
        nginx -p "$CLUSTER_DIR/nginx" -c "$CLUSTER_DIR/nginx/nginx.conf" -s reload
    else
        nginx -p "$CLUSTER_DIR/nginx" -c "$CLUSTER_DIR/nginx/nginx.conf"
    fi
}

stop_nginx() {
    pid_alive "$CLUSTER_DIR/run/nginx.pid" || return 0
    nginx -p "$CLUSTER_DIR/nginx" -c "$CLUSTER_DIR/nginx/nginx.conf" -s quit || true
    for _ in $(seq 50); do pid_alive "$CLUSTER_DIR/run/nginx.pid" || break; sleep 0.1; done
}

cmd_start() {
    if ! command -v nginx >/dev/null; then
        log "installing nginx (Debian package)"
        SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
        $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null
        # The package may start a system nginx on port 80; this cluster runs its own.
    fi
    load_env
    start_postgres
    start_redis
    prepare_app
    local i
    for i in $(seq "$APP_INSTANCES"); do start_app "$i"; done
    for i in $(seq "$TASK_WORKERS"); do start_worker "$i"; done
    start_nginx
    log "up: http://127.0.0.1:$HTTP_PORT/ ($APP_INSTANCES app servers, $TASK_WORKERS task workers,"
    log "    primary :$PG_PRIMARY_PORT, replica :$PG_REPLICA_PORT, redis :$REDIS_PORT)"
    log "environment for manage.py: . $CLUSTER_DIR/env"
}

cmd_stop() {
    local i
    stop_nginx
    for f in "$CLUSTER_DIR"/run/gunicorn-*.pid; do
        [ -e "$f" ] || continue
        i=${f##*gunicorn-}; stop_app "${i%.pid}"
    done
    for f in "$CLUSTER_DIR"/run/worker-*.pid; do
        [ -e "$f" ] || continue
        i=${f##*worker-}; stop_worker "${i%.pid}"
    done
    if pid_alive "$CLUSTER_DIR/run/redis.pid"; then
        redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    fi
    for d in replica primary; do
        if [ -d "$CLUSTER_DIR/pg/$d" ] && pg_running "$CLUSTER_DIR/pg/$d"; then
            as_pg "$PGBIN/pg_ctl" -D "$CLUSTER_DIR/pg/$d" -m fast -w stop >/dev/null
        fi
    done
    if [ "${1:-}" = "--purge" ]; then rm -rf "$CLUSTER_DIR"; fi
    log "stopped"
}

case "${1:-}" in
start) cmd_start ;;
stop) shift; cmd_stop "$@" ;;
env) load_env; cat "$CLUSTER_DIR/env" ;;
kill-app) load_env; kill_app "$2" ;;
start-app) load_env; start_app "$2" ;;
restart-app) load_env; stop_app "$2"; start_app "$2" ;;
kill-worker) load_env; kill_worker "$2" ;;
start-worker) load_env; start_worker "$2" ;;
stop-replica) as_pg "$PGBIN/pg_ctl" -D "$CLUSTER_DIR/pg/replica" -m fast -w stop >/dev/null ;;
start-replica) pg_start "$CLUSTER_DIR/pg/replica" "$PG_REPLICA_PORT" ;;
*) echo "usage: $0 start|stop [--purge]|env|kill-app N|start-app N|restart-app N|kill-worker N|start-worker N|stop-replica|start-replica" >&2; exit 2 ;;
esac
