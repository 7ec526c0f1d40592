#!/usr/bin/env python3
"""Publishes a trading signal through signal-api's HTTP API and reads it and its stats back.

Standard library only (Python 3.8+): a signal source in any language needs nothing but HTTP and JSON.

    python3 samples/python/publish_signal.py --api http://127.0.0.1:8080 \
        --source-token "$SOURCE_TOKEN" --reader-token "$READER_TOKEN" \
        --symbol BTCUSDT --side BUY --price 68000 --strength STRONG

Tokens may also come from SIGNAL_API_SOURCE_TOKEN / SIGNAL_API_READER_TOKEN, the URL from SIGNAL_API_URL.
Exit code 0 when the signal was published and read back, 1 when the API refused it (the problem's detail is printed).
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid


class ApiError(Exception):
    def __init__(self, status, detail):
        super().__init__(f"HTTP {status}: {detail}")
        self.status = status


def call(api, method, path, token, body=None):
    """One request; returns the parsed JSON answer, raises ApiError with the problem's detail sentence."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(api.rstrip("/") + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode("utf-8")
            return json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", "replace")
        try:
            detail = json.loads(text).get("detail", text)
        except ValueError:
            detail = text
        raise ApiError(error.code, detail) from None


def wait_for_signal(api, token, signal_id, timeout):
    """Reads are eventually consistent with Kafka (normally well under a second): poll until the signal is visible."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        try:
            return call(api, "GET", f"/api/signals/{signal_id}", token)
        except ApiError as error:
            if error.status not in (404, 503) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", default=os.environ.get("SIGNAL_API_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--source-token", default=os.environ.get("SIGNAL_API_SOURCE_TOKEN"))
    parser.add_argument("--reader-token", default=os.environ.get("SIGNAL_API_READER_TOKEN"))
    parser.add_argument("--signal-id", default="py-" + uuid.uuid4().hex[:16])
    parser.add_argument("--source", default="python-sample")
    parser.add_argument("--symbol", default="BTCUSDT")
    parser.add_argument("--market", default="FUTURES", choices=["FUTURES", "SPOT"])
    parser.add_argument("--side", default="BUY", choices=["BUY", "SELL"])
    parser.add_argument("--price", default="68000", help="entry price, a decimal number")
    parser.add_argument("--strength", default="STRONG", choices=["WEAK", "MODERATE", "STRONG", "VERY_STRONG"])
    parser.add_argument("--leverage", type=int)
    parser.add_argument("--wait-seconds", type=float, default=30)
    args = parser.parse_args()
    if not args.source_token or not args.reader_token:
        parser.error("--source-token and --reader-token (or SIGNAL_API_SOURCE_TOKEN / SIGNAL_API_READER_TOKEN) are required")

    signal = {
        "signalId": args.signal_id,
        "source": args.source,
        "symbol": args.symbol,
        "market": args.market,
        "side": args.side,
        # json.dumps writes a float; prices are decimals, so send the number exactly as given.
        "entryPrice": json.loads(args.price),
        "strength": args.strength,
    }
    if args.leverage is not None:
        signal["leverage"] = args.leverage

    try:
        accepted = call(args.api, "POST", "/api/signals", args.source_token, signal)
        print(f"published {accepted['signalId']} status={accepted['status']}")
        stored = wait_for_signal(args.api, args.reader_token, accepted["signalId"], args.wait_seconds)
        print(f"read back {stored['signalId']} {stored['symbol']} {stored['market']} {stored['side']} "
              f"entryPrice={stored['entryPrice']} status={stored['status']} expiresAt={stored['expiresAt']}")
        stats = call(args.api, "GET", f"/api/signals/{accepted['signalId']}/stats", args.reader_token)
        print("stats " + json.dumps(stats, sort_keys=True))
        for row in stats:
            print(f"  {row['status']}: {row['count']} users, avg slippage {row['avgSlippage']} %, avg latency {row['avgLatency']} ms")
        return 0
    except ApiError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
