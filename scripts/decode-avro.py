#!/usr/bin/python3
"""Prints Kafka messages in Confluent's Avro wire format as JSON lines, with any Avro implementation:
here Debian's python3-avro, fetching each writer schema from the Schema Registry by the id in the message.

    kcat -C -b "$BOOTSTRAP" -t customer.profile-changed.v1 -e -f '%R%s' | scripts/decode-avro.py "$REGISTRY_URL"

kcat's %R writes each message's size as 4 bytes, big-endian, before the message (%s), so binary values
stay apart. Requires python3-avro and python3-requests (./test.sh installs them on Debian).
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


def plain(value):
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def main():
    registry = sys.argv[1].rstrip("/")
    schemas = {}
    stream = sys.stdin.buffer
    while True:
        size = stream.read(4)
        if len(size) < 4:
            return
        message = stream.read(struct.unpack(">i", size)[0])
        if len(message) < 5 or message[0] != 0:
            print(json.dumps({"error": "not in the Confluent wire format", "bytes": len(message)}))
            continue
        schema_id = struct.unpack(">I", message[1:5])[0]
        if schema_id not in schemas:
            answer = requests.get(f"{registry}/schemas/ids/{schema_id}", timeout=10)
            answer.raise_for_status()
            schemas[schema_id] = avro.schema.parse(answer.json()["schema"])
        reader = avro.io.DatumReader(schemas[schema_id])
        value = reader.read(avro.io.BinaryDecoder(io.BytesIO(message[5:])))
        print(json.dumps({"schema_id": schema_id, "value": plain(value)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
