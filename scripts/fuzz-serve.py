#!/usr/bin/env python3
# A fuzz pass against a running server: malformed and valid requests of every kind, from 8 threads.
# Usage: scripts/fuzz-serve.py PORT REQUESTS PHOTO   (prints the count of each status code; a 5xx or an exception name is a finding)
import http.client, json, os, random, sys, threading
host, port = "127.0.0.1", int(sys.argv[1]); n = int(sys.argv[2]); photo = open(sys.argv[3], "rb").read()
random.seed(3); statuses = {}; lock = threading.Lock()
def multipart(field, data, ctype):
    b = b"----fuzz%d" % random.randint(0, 1 << 30)
    body = b"--" + b + b'\r\nContent-Disposition: form-data; name="' + field.encode() + b'"; filename="x"\r\nContent-Type: ' + ctype.encode() + b"\r\n\r\n" + data + b"\r\n--" + b + b"--\r\n"
    return body, "multipart/form-data; boundary=" + b.decode()
def one(i):
    k = i % 9
    if k == 0: body, ct = multipart("photo", photo, "image/jpeg"); return "POST", "/api/analyze", body, ct
    if k == 1: body, ct = multipart("photo", photo[: random.randint(0, len(photo))], "image/jpeg"); return "POST", "/api/analyze", body, ct
    if k == 2: return "POST", "/api/analyze", os.urandom(random.randint(0, 200000)), "image/png"
    if k == 3: return "POST", "/api/analyze", os.urandom(5000), "multipart/form-data; boundary=zz"
    if k == 4: return "POST", "/api/feedback", os.urandom(random.randint(0, 3000)), "application/json"
    if k == 5: return "POST", "/api/feedback", json.dumps({"valence": random.choice([0.1, 2, "x", None, float("1e308")]), "arousal": 0, "emotion": random.choice(["happy", "=1+1", "x" * 50]), "survey": {"q1": random.randint(-3, 9)}}).encode(), "application/json"
    if k == 6: return "GET", "/api/recommend?valence=%s&arousal=%s&k=%s" % (random.choice(["0.5", "NaN", "1e9", "", "-0.2"]), random.choice(["0.1", "x", "-1"]), random.choice(["5", "0", "100000", "-1", "3"])), None, None
    if k == 7: return "POST", "/api/catalog/upload?replace=true", os.urandom(1000), "text/csv"
    return "GET", random.choice(["/api/catalog", "/readyz", "/api/emotions/regions", "/nope", "/api/feedback/export"]), None, None
def worker(start):
    c = http.client.HTTPConnection(host, port, timeout=30)
    for i in range(start, n, 8):
        m, p, body, ct = one(i)
        try:
            c.request(m, p, body=body, headers={"Content-Type": ct} if ct else {})
            r = c.getresponse(); r.read(); s = r.status
        except Exception as e:
            s = type(e).__name__; c.close(); c = http.client.HTTPConnection(host, port, timeout=30)
        with lock: statuses[s] = statuses.get(s, 0) + 1
ts = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
[t.start() for t in ts]; [t.join() for t in ts]
print(sorted(statuses.items(), key=lambda x: str(x[0])))
