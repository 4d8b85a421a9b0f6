#!/usr/bin/env bash
# scripts/bench/backup-logical.sh: export/import throughput of `ddbr backup export|import` against local
# dynalite, with ratios to floors measured in the same run:
#   floor  a bare parallel Scan loop / a bare BatchWriteItem loop (python3 + boto3, same parallelism)
#   peer   the AWS CLI: `aws dynamodb scan` (paginated) and `aws dynamodb batch-write-item` per 25 items
# Usage: scripts/bench/backup-logical.sh [ITEMS] [PARALLELISM]     (default 20000 8)
# Needs: running emulators (scripts/local-aws start), target/ddbr.jar, python3 with boto3, aws CLI.
# Note: the floor runs in CPython; a JVM floor would be faster, so treat the ratio as indicative.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
items=${1:-20000}; par=${2:-8}
. "$root/.local-aws/env"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export HOME=$work DDBR_STATE_DIR=$work/state
src=bench-src-$$; dst=bench-dst-$$; floor=bench-floor-$$
python3 - "$src" "$items" <<'PY'
import boto3, os, sys
t, n = sys.argv[1], int(sys.argv[2])
c = boto3.client('dynamodb', endpoint_url=os.environ['DDBR_LOCAL_DYNAMODB'], region_name='us-east-1')
c.create_table(TableName=t, KeySchema=[{'AttributeName':'pk','KeyType':'HASH'}],
               AttributeDefinitions=[{'AttributeName':'pk','AttributeType':'S'}], BillingMode='PAY_PER_REQUEST')
c.get_waiter('table_exists').wait(TableName=t, WaiterConfig={'Delay':1})
for i in range(0, n, 25):
    c.batch_write_item(RequestItems={t: [{'PutRequest': {'Item': {'pk': {'S': 'k%08d' % j}, 'v': {'N': str(j * 3.5)},
        's': {'S': 'x' * 200}}}} for j in range(i, min(n, i + 25))]})
PY
now() { date +%s.%N; }
t0=$(now); java -jar "$root/target/ddbr.jar" backup export "$src" --to "$work/bk" --segments "$par" -q >/dev/null; t1=$(now)
python3 - "$src" "$par" <<'PY' > "$work/floor-scan"
import boto3, os, sys, time, concurrent.futures as cf
t, p = sys.argv[1], int(sys.argv[2])
c = boto3.client('dynamodb', endpoint_url=os.environ['DDBR_LOCAL_DYNAMODB'], region_name='us-east-1')
def seg(s):
    n, k = 0, None
    while True:
        kw = dict(TableName=t, Segment=s, TotalSegments=p)
        if k: kw['ExclusiveStartKey'] = k
        r = c.scan(**kw); n += r['Count']; k = r.get('LastEvaluatedKey')
        if not k: return n
a = time.time()
with cf.ThreadPoolExecutor(p) as ex: total = sum(ex.map(seg, range(p)))
print(time.time() - a)
PY
t2=$(now); aws dynamodb scan --region us-east-1 --table-name "$src" --endpoint-url "$DDBR_LOCAL_DYNAMODB" --output json > "$work/cli-scan.json"; t3=$(now)
t4=$(now); java -jar "$root/target/ddbr.jar" backup import "$work/bk" --table "$dst" --create --parallelism "$par" -q >/dev/null; t5=$(now)
python3 - "$src" "$floor" "$par" "$work/bk" <<'PY' > "$work/floor-write"
import boto3, os, sys, time, gzip, json, glob, concurrent.futures as cf
src, t, p, bk = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
c = boto3.client('dynamodb', endpoint_url=os.environ['DDBR_LOCAL_DYNAMODB'], region_name='us-east-1')
c.create_table(TableName=t, KeySchema=[{'AttributeName':'pk','KeyType':'HASH'}],
               AttributeDefinitions=[{'AttributeName':'pk','AttributeType':'S'}], BillingMode='PAY_PER_REQUEST')
c.get_waiter('table_exists').wait(TableName=t, WaiterConfig={'Delay':1})
items = [json.loads(l)['Item'] for f in glob.glob(bk + '/data/*.gz') for l in gzip.open(f, 'rt')]
batches = [items[i:i+25] for i in range(0, len(items), 25)]
def w(b):
    req = {t: [{'PutRequest': {'Item': i}} for i in b]}
    while req:
        req = c.batch_write_item(RequestItems=req).get('UnprocessedItems') or None
a = time.time()
with cf.ThreadPoolExecutor(p) as ex: list(ex.map(w, batches))
print(time.time() - a)
PY
python3 - "$t0" "$t1" "$(cat "$work/floor-scan")" "$t2" "$t3" "$t4" "$t5" "$(cat "$work/floor-write")" "$items" <<'PY'
import sys
t0,t1,fs,t2,t3,t4,t5,fw,n = map(float, sys.argv[1:])
ex, im, cli = t1-t0, t5-t4, t3-t2
print(f"items {int(n)}")
print(f"export  ddbr {ex:6.2f}s  bare scan loop {fs:6.2f}s  aws-cli scan {cli:6.2f}s  ddbr/floor speed ratio {fs/ex:5.2f}")
print(f"import  ddbr {im:6.2f}s  bare batch-write {fw:6.2f}s                      ddbr/floor speed ratio {fw/im:5.2f}")
print("(ddbr times include JVM start-up, the settings snapshot, verification and table creation)")
PY
