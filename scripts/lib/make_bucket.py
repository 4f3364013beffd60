"""Creates a bucket on an S3 server that takes any credentials (moto), for mlx's tests.

usage: make_bucket.py ENDPOINT BUCKET
"""
import sys
import urllib.request

endpoint, bucket = sys.argv[1], sys.argv[2]
urllib.request.urlopen(urllib.request.Request(f"{endpoint}/{bucket}", method="PUT"))
