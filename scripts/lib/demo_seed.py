#!/usr/bin/env python3
"""Create the demo's sample tables on the local emulators (dynalite for data, moto for the control plane).

Realistic layouts: an orders table with a hot tenant and a low-cardinality status GSI, a sessions table with
TTL and a stream, and (on moto) a payments table with PITR, deletion protection, tags, a customer-managed key
and auto scaling, the kind of table restore and audit care about.
Reads endpoints from the environment written by scripts/local-aws (DDBR_LOCAL_DYNAMODB, DDBR_LOCAL_MOTO).
"""
import os
import random
import sys

import boto3
from botocore.config import Config

REGION = os.environ.get("AWS_REGION", "us-east-1")
CFG = Config(retries={"max_attempts": 5, "mode": "standard"})


def client(service, endpoint):
    return boto3.client(service, region_name=REGION, endpoint_url=endpoint, config=CFG,
                        aws_access_key_id="test", aws_secret_access_key="test")


def ensure_table(ddb, **spec):
    name = spec["TableName"]
    if name in ddb.list_tables()["TableNames"]:
        return False
    ddb.create_table(**spec)
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    return True


def seed_orders(ddb, items):
    rnd = random.Random(42)
    statuses = ["PENDING"] * 6 + ["SHIPPED"] * 3 + ["CANCELLED"]
    with_batch = []
    for i in range(items):
        # one tenant gets a quarter of the traffic: the hot key ddbr skew should find
        tenant = "tenant-0001" if rnd.random() < 0.25 else f"tenant-{rnd.randint(2, 400):04d}"
        with_batch.append({"PutRequest": {"Item": {
            "tenant": {"S": tenant},
            "order_id": {"S": f"o-{i:07d}"},
            "status": {"S": rnd.choice(statuses)},
            "amount": {"N": str(rnd.randint(100, 99999) / 100)},
            "lines": {"L": [{"M": {"sku": {"S": f"sku-{rnd.randint(1, 50)}"}, "qty": {"N": str(rnd.randint(1, 5))}}}]},
        }}})
        if len(with_batch) == 25:
            write(ddb, "orders", with_batch)
            with_batch = []
    if with_batch:
        write(ddb, "orders", with_batch)


def write(ddb, table, reqs):
    pending = {table: reqs}
    while pending:
        pending = ddb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or None


def main():
    dynalite = os.environ["DDBR_LOCAL_DYNAMODB"]
    moto = os.environ["DDBR_LOCAL_MOTO"]
    items = int(os.environ.get("DDBR_DEMO_ITEMS", "2000"))
    d = client("dynamodb", dynalite)
    if ensure_table(d, TableName="orders",
                    AttributeDefinitions=[{"AttributeName": "tenant", "AttributeType": "S"},
                                          {"AttributeName": "order_id", "AttributeType": "S"},
                                          {"AttributeName": "status", "AttributeType": "S"}],
                    KeySchema=[{"AttributeName": "tenant", "KeyType": "HASH"},
                               {"AttributeName": "order_id", "KeyType": "RANGE"}],
                    GlobalSecondaryIndexes=[{"IndexName": "by-status",
                                             "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                                             "Projection": {"ProjectionType": "KEYS_ONLY"},
                                             "ProvisionedThroughput": {"ReadCapacityUnits": 50, "WriteCapacityUnits": 50}}],
                    ProvisionedThroughput={"ReadCapacityUnits": 100, "WriteCapacityUnits": 50},
                    Tags=[{"Key": "team", "Value": "checkout"}]):
        seed_orders(d, items)
        print(f"demo: created table orders on dynalite with {items} items", file=sys.stderr)
    if ensure_table(d, TableName="sessions",
                    AttributeDefinitions=[{"AttributeName": "session_id", "AttributeType": "S"}],
                    KeySchema=[{"AttributeName": "session_id", "KeyType": "HASH"}],
                    BillingMode="PAY_PER_REQUEST",
                    StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}):
        print("demo: created table sessions on dynalite", file=sys.stderr)

    # The control plane (PITR, backups, KMS, auto scaling) lives on moto.
    m = client("dynamodb", moto)
    kms = client("kms", moto)
    aas = client("application-autoscaling", moto)
    if "payments" not in m.list_tables()["TableNames"]:
        key = kms.create_key(Description="ddbr demo: payments table key")["KeyMetadata"]["Arn"]
        ensure_table(m, TableName="payments",
                     AttributeDefinitions=[{"AttributeName": "payment_id", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "payment_id", "KeyType": "HASH"}],
                     ProvisionedThroughput={"ReadCapacityUnits": 20, "WriteCapacityUnits": 10},
                     StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
                     SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key},
                     DeletionProtectionEnabled=True,
                     Tags=[{"Key": "team", "Value": "payments"}, {"Key": "tier", "Value": "critical"}])
        m.update_continuous_backups(TableName="payments",
                                    PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True,
                                                                      "RecoveryPeriodInDays": 14})
        m.update_time_to_live(TableName="payments",
                              TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"})
        for dim, cap in (("dynamodb:table:ReadCapacityUnits", (5, 200)), ("dynamodb:table:WriteCapacityUnits", (5, 100))):
            aas.register_scalable_target(ServiceNamespace="dynamodb", ResourceId="table/payments",
                                         ScalableDimension=dim, MinCapacity=cap[0], MaxCapacity=cap[1])
            metric = "DynamoDBReadCapacityUtilization" if "Read" in dim else "DynamoDBWriteCapacityUtilization"
            aas.put_scaling_policy(PolicyName=f"payments-{metric}", ServiceNamespace="dynamodb",
                                   ResourceId="table/payments", ScalableDimension=dim, PolicyType="TargetTrackingScaling",
                                   TargetTrackingScalingPolicyConfiguration={
                                       "TargetValue": 70.0,
                                       "PredefinedMetricSpecification": {"PredefinedMetricType": metric}})
        for i in range(50):
            m.put_item(TableName="payments", Item={"payment_id": {"S": f"p-{i:04d}"}, "amount": {"N": str(i * 3)}})
        print("demo: created table payments on moto (PITR 14 days, CMK, TTL, stream, auto scaling)", file=sys.stderr)


if __name__ == "__main__":
    main()
