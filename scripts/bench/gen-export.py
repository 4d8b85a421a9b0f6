#!/usr/bin/env python3
"""Writes a realistic native DynamoDB export (DYNAMODB_JSON) for benchmarks.

usage: gen-export.py OUT_DIR ITEMS FILES DISTINCT_KEYS [SEED]
env:   ITEM_SHAPE=small  items of about 150 bytes (key, sort key, status, amount, flag) instead of about 400

Keys follow a Zipf-like law (a few hot tenants, a long tail), items carry nested maps, lists, sets and
numbers, and manifests (with MD5s) match AWS's layout: OUT_DIR/AWSDynamoDB/<id>/{manifest-summary.json,
manifest-files.json,data/*.json.gz}.
"""
import base64, gzip, hashlib, json, os, random, sys
from multiprocessing import Pool

def write_file(args):
    path, start, count, distinct, seed = args
    rnd = random.Random(seed)
    statuses = ["PENDING", "SHIPPED", "DELIVERED", "CANCELLED"]
    out = []
    small = os.environ.get("ITEM_SHAPE") == "small"
    for i in range(start, start + count):
        # Zipf-ish: key index ~ distinct * u^3 (hot head, long tail)
        k = int(distinct * rnd.random() ** 3)
        amount = rnd.randint(1, 100000) / 100
        if small:
            out.append('{"Item":{"tenant":{"S":"tenant-%d"},"order_id":{"N":"%d"},"status":{"S":"%s"},'
                       '"amount":{"N":"%s"},"paid":{"BOOL":%s}}}\n'
                       % (k, i, statuses[i % 4], amount, "true" if i % 3 else "false"))
            continue
        out.append('{"Item":{"tenant":{"S":"tenant-%d"},"order_id":{"N":"%d"},"status":{"S":"%s"},'
                   '"amount":{"N":"%s"},"customer":{"M":{"name":{"S":"Customer %d"},"tier":{"S":"gold"},'
                   '"address":{"M":{"city":{"S":"City %d"},"zip":{"S":"%05d"}}}}},'
                   '"lines":{"L":[{"M":{"sku":{"S":"SKU-%d"},"qty":{"N":"%d"}}},{"M":{"sku":{"S":"SKU-%d"},"qty":{"N":"1"}}}]},'
                   '"tags":{"SS":["a","b%d"]},"paid":{"BOOL":%s}}}\n'
                   % (k, i, statuses[i % 4], amount, i % 50000, i % 900, i % 99999, i % 1000, 1 + i % 5, i % 777,
                      i % 7, "true" if i % 3 else "false"))
    data = gzip.compress("".join(out).encode(), compresslevel=6)
    with open(path, "wb") as f:
        f.write(data)
    return count, base64.b64encode(hashlib.md5(data).digest()).decode()

def main():
    out, items, files, distinct = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    eid = "01700000000000-bench000"
    d = os.path.join(out, "AWSDynamoDB", eid)
    os.makedirs(os.path.join(d, "data"), exist_ok=True)
    per = [items // files + (1 if f < items % files else 0) for f in range(files)]
    starts = [sum(per[:f]) for f in range(files)]
    jobs = [(os.path.join(d, "data", "part-%05d.json.gz" % f), starts[f], per[f], distinct, seed * 1000 + f) for f in range(files)]
    with Pool(os.cpu_count()) as p:
        res = p.map(write_file, jobs)
    prefix = "bench/AWSDynamoDB/%s/" % eid
    with open(os.path.join(d, "manifest-files.json"), "w") as m:
        for f, (count, md5) in enumerate(res):
            m.write(json.dumps({"itemCount": count, "md5Checksum": md5, "etag": "x",
                                "dataFileS3Key": prefix + "data/part-%05d.json.gz" % f}) + "\n")
    with open(os.path.join(d, "manifest-summary.json"), "w") as s:
        json.dump({"version": "2020-06-30", "exportArn": "arn:aws:dynamodb:us-east-1:111111111111:table/bench/export/" + eid,
                   "tableArn": "arn:aws:dynamodb:us-east-1:111111111111:table/bench", "exportTime": "2025-01-01T00:00:00Z",
                   "manifestFilesS3Key": prefix + "manifest-files.json", "itemCount": items,
                   "outputFormat": "DYNAMODB_JSON", "exportType": "FULL_EXPORT"}, s)
    open(os.path.join(d, "_started"), "w").close()
    print(d)

if __name__ == "__main__":
    main()
