#!/usr/bin/env python3
"""Heroku router lines for bench/drains: BODIES distinct ~100 KiB logplex bodies (Logplex's batch size) of
distinct lines, so the server stores what a real drain sends (every request id, _raw and message new, not
one body's lines over and over); the same kind of lines as TSV (one raw syslog message per line) for
ClickHouse.

Writes bodies.logplex (the bodies one after another), bodies.index (per body: offset, bytes, lines),
body.logplex and body.lines (the first body, for the decoder-alone run).

usage: make-lines.py OUT_DIR [TSV_LINES] [BODIES]"""
import datetime, os, random, sys, uuid

out = sys.argv[1]
tsv_lines = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
body_count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
rnd = random.Random(42)
paths = ["/", "/cart_link", "/api/v1/items?page=2", "/assets/app-3f2a.js", "/api/Schlachter 1951/books", "/login", "/health"]
methods = ["GET", "GET", "GET", "POST", "PUT"]
now = datetime.datetime.now(datetime.timezone.utc)


# In the bodies, the last four hex digits of each request id are this placeholder: post-logplex.lua puts a
# per-request counter there, so no line repeats while the bodies are cycled (a repeated body would hand the
# store the same lines again, which no drain does, and let its text columns turn into dictionaries).
MARK = "@@@@"


def line(mark=False):
    t = now - datetime.timedelta(seconds=rnd.randint(0, 30), microseconds=rnd.randint(0, 999999))
    status = 404 if rnd.randint(0, 9) == 0 else 200
    rid = uuid.UUID(int=rnd.getrandbits(128))
    return (f"<158>1 {t.strftime('%Y-%m-%dT%H:%M:%S.%f')}+00:00 host heroku router - at=info method={rnd.choice(methods)} "
            f"path=\"{rnd.choice(paths)}\" host=lumberjack-store.timber.io request_id={str(rid)[:-4] + MARK if mark else rid} "
            f"fwd=\"{rnd.randint(1, 254)}.{rnd.randint(0, 254)}.{rnd.randint(0, 254)}.{rnd.randint(0, 254)}\" dyno=web.{rnd.randint(1, 3)} "
            f"connect={rnd.randint(0, 2)}ms service={rnd.randint(1, 899)}ms status={status} bytes={rnd.randint(200, 89999)} protocol=https\n")


def make_body():
    body = bytearray()
    lines = 0
    while len(body) < 100 * 1024:
        msg = line(mark=True).encode()
        body += f"{len(msg)} ".encode() + msg
        lines += 1
    return body, lines


offset = 0
with open(os.path.join(out, "bodies.logplex"), "wb") as data, open(os.path.join(out, "bodies.index"), "w") as index:
    for i in range(body_count):
        body, lines = make_body()
        data.write(body)
        index.write(f"{offset} {len(body)} {lines}\n")
        offset += len(body)
        if i == 0:
            with open(os.path.join(out, "body.logplex"), "wb") as f:
                f.write(body)
            with open(os.path.join(out, "body.lines"), "w") as f:
                f.write(str(lines))
with open(os.path.join(out, "router.tsv"), "w") as f:
    for _ in range(tsv_lines):
        f.write(line())
print(f"{body_count} bodies: {offset} bytes; router.tsv: {tsv_lines} lines")
