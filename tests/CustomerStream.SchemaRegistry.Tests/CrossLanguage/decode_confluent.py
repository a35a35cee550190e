#!/usr/bin/env python3
"""Decodes Confluent-framed Avro messages with Apache Avro's Python implementation.

Usage: decode_confluent.py REGISTRY_URL FILE...

For each file (one message): checks the magic byte, reads the schema id, fetches the writer schema
from the registry's REST API (GET /schemas/ids/{id}), decodes the payload, and prints one JSON line
{"file", "schema_id", "value"}. Decimals are printed as strings, timestamps as epoch milliseconds,
dates as ISO dates, bytes as hex, so that the comparison on the other side is exact.
"""
import datetime
import decimal
import io
import json
import struct
import sys

import avro.io
import avro.schema
import requests

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return (value - EPOCH) // datetime.timedelta(milliseconds=1)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    return value


def main():
    url = sys.argv[1].rstrip("/")
    schemas = {}
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            data = f.read()
        if len(data) < 5 or data[0] != 0:
            raise SystemExit(f"{path}: not in the Confluent wire format")
        (schema_id,) = struct.unpack(">i", data[1:5])
        if schema_id not in schemas:
            answer = requests.get(f"{url}/schemas/ids/{schema_id}", timeout=10)
            answer.raise_for_status()
            schemas[schema_id] = avro.schema.parse(answer.json()["schema"])
        reader = avro.io.DatumReader(schemas[schema_id])
        payload = io.BytesIO(data[5:])
        value = reader.read(avro.io.BinaryDecoder(payload))
        if payload.tell() != len(data) - 5:
            raise SystemExit(f"{path}: {len(data) - 5 - payload.tell()} bytes left after the value")
        print(json.dumps({"file": path, "schema_id": schema_id, "value": plain(value)}))


if __name__ == "__main__":
    main()
