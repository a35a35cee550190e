#!/usr/bin/env python3
"""Decodes Confluent-framed Avro messages with Apache Avro's Python implementation.

Usage: decode_confluent.py REGISTRY_URL FILE...

For each file (one message): checks the magic byte, reads the schema id, fetches the writer schema
from the registry's REST API (GET /schemas/ids/{id}), decodes the payload, and prints one JSON line
{"file", "schema_id", "value"}. Decimals are printed as strings, timestamps as epoch milliseconds,
dates as ISO dates, bytes as hex, so that the comparison on the other side is exact.
"""
import json
import os
import sys

import avro.schema
import requests

# The frame check, the decoding and the JSON conventions are the golden check's (contracts/golden/check_golden.py,
# copied beside this file by the test project), so that both speak of a message the same way.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_golden import decode_payload, plain, schema_id_of  # noqa: E402


def main():
    url = sys.argv[1].rstrip("/")
    schemas = {}
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            data = f.read()
        schema_id = schema_id_of(data)
        if schema_id is None:
            raise SystemExit(f"{path}: not in the Confluent wire format")
        if schema_id not in schemas:
            answer = requests.get(f"{url}/schemas/ids/{schema_id}", timeout=10)
            answer.raise_for_status()
            schemas[schema_id] = avro.schema.parse(answer.json()["schema"])
        value, left = decode_payload(data, schemas[schema_id])
        if left:
            raise SystemExit(f"{path}: {left} bytes left after the value")
        print(json.dumps({"file": path, "schema_id": schema_id, "value": plain(value)}))


if __name__ == "__main__":
    main()
