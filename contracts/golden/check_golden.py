#!/usr/bin/env python3
"""Checks the golden messages of this folder with Apache Avro's Python implementation (Debian: python3-avro).

Usage: check_golden.py [FOLDER]   (default: the folder of this script)

For every message listed in manifest.json: checks the Confluent frame (byte 0, then the schema id the manifest
gives, big-endian), decodes the Avro payload with the writer schema the manifest names, compares the value with
the expected JSON (conventions in README.md), and encodes the decoded value again, which must give the same
bytes. Prints one line per failure and, when all pass, "N golden messages OK". This is the whole contract test a
consumer in another language needs: port these forty lines to your Avro library.
"""
import datetime
import decimal
import io
import json
import os
import struct
import sys

import avro.io
import avro.schema

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def plain(value):
    """The value in the golden JSON conventions."""
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


def schema_id_of(frame):
    """The schema id of a message in the Confluent wire format (byte 0, then the id big-endian), None when it is not one."""
    if len(frame) < 5 or frame[0] != 0:
        return None
    return struct.unpack(">i", frame[1:5])[0]


def decode_payload(frame, schema):
    """The value of a framed message's Avro payload, and how many bytes are left after it (0 for a sound message)."""
    payload = io.BytesIO(frame[5:])
    value = avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(payload))
    return value, len(frame) - 5 - payload.tell()


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    checked, failures = 0, []
    for entry in manifest["schemas"]:
        with open(os.path.join(folder, entry["schema"]), encoding="utf-8") as f:
            schema = avro.schema.parse(f.read())
        for message in entry["messages"]:
            checked += 1
            name = message["frame"]
            with open(os.path.join(folder, name), "rb") as f:
                frame = f.read()
            with open(os.path.join(folder, message["expected"]), encoding="utf-8") as f:
                expected = json.load(f)
            if schema_id_of(frame) != entry["schema_id"]:
                failures.append(f"{name}: not a Confluent frame with schema id {entry['schema_id']}")
                continue
            value, left = decode_payload(frame, schema)
            if left:
                failures.append(f"{name}: {left} bytes left after the value")
            if plain(value) != expected:
                failures.append(f"{name}: decoded {json.dumps(plain(value), ensure_ascii=False)}, expected {json.dumps(expected, ensure_ascii=False)}")
            again = io.BytesIO()
            avro.io.DatumWriter(schema).write(value, avro.io.BinaryEncoder(again))
            if again.getvalue() != frame[5:]:
                failures.append(f"{name}: encoding the decoded value gives {again.getvalue().hex()}, the frame holds {frame[5:].hex()}")
    for failure in failures:
        print(failure)
    if failures:
        sys.exit(1)
    print(f"{checked} golden messages OK")


if __name__ == "__main__":
    main()
