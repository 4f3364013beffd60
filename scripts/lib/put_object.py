"""Stores an object on an S3 server that takes any credentials (moto), for mlx's tests.

Signed with boto3 (which moto brings): moto keeps an unsigned PUT's key but not its body.

usage: put_object.py ENDPOINT BUCKET KEY FILE
"""
import sys

import boto3

endpoint, bucket, key, path = sys.argv[1:5]
client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing-secret")
with open(path, "rb") as source:
    client.put_object(Bucket=bucket, Key=key, Body=source.read())
