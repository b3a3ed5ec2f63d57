#!/usr/bin/env python3
"""The baseline for the scan-to-wire benchmark: what a first scan-box bridge looks like.

pyserial reads the scanner port, each CR LF line with a payment code becomes a signed Antom pay
(cryptography, RSA-SHA256 PKCS#1 v1.5) sent with requests over a kept-alive session. No journal,
no settlement, no indicators: a floor for a Python implementation, not a product.

    bridge.py --port /dev/pts/3 --acquirer http://127.0.0.1:8480 --key box.pem
"""
import argparse
import base64
import json
import time
import urllib.parse
import uuid
from datetime import datetime, timezone

import requests
import serial
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

PATH = "/ams/api/v1/payments/pay"
CLIENT_ID = "SANDBOX_PYBRIDGE"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", required=True)
    parser.add_argument("--acquirer", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args()
    with open(args.key, "rb") as handle:
        key = serialization.load_pem_private_key(handle.read(), password=None)
    session = requests.Session()
    session.head(args.acquirer + "/")  # warm the connection, as the agent does
    port = serial.Serial(args.port, 115200, timeout=None)
    print("ready", flush=True)
    while True:
        line = port.read_until(b"\r\n").strip()
        if line.startswith(b"]"):
            line = line[3:]
        code = line.decode("ascii", "replace")
        if not (code.isdigit() and 16 <= len(code) <= 24 and 25 <= int(code[:2]) <= 30):
            continue
        now = datetime.now(timezone.utc).astimezone()
        body = json.dumps({
            "productCode": "IN_STORE_PAYMENT",
            "paymentRequestId": "PY-" + uuid.uuid4().hex,
            "paymentAmount": {"currency": "USD", "value": "1250"},
            "paymentMethod": {"paymentMethodType": "CONNECT_WALLET", "paymentMethodId": code},
            "paymentFactor": {"inStorePaymentScenario": "PaymentCode"},
            "order": {
                "referenceOrderId": "PY-" + uuid.uuid4().hex[:12],
                "orderDescription": "bench",
                "orderAmount": {"currency": "USD", "value": "1250"},
                "merchant": {"referenceMerchantId": "M-PY", "merchantMCC": "5812", "merchantName": "Py",
                             "store": {"referenceStoreId": "S-PY", "storeName": "Py", "storeMCC": "5812"}},
                "env": {"storeTerminalId": "PY-1", "storeTerminalRequestTime": now.isoformat(timespec="seconds")},
            },
        }, separators=(",", ":"))
        request_time = str(int(time.time() * 1000))
        content = f"POST {PATH}\n{CLIENT_ID}.{request_time}.{body}".encode()
        signature = key.sign(content, padding.PKCS1v15(), hashes.SHA256())
        header = "algorithm=RSA256,keyVersion=1,signature=" + urllib.parse.quote(base64.b64encode(signature).decode(), safe="")
        session.post(args.acquirer + PATH, data=body.encode(), timeout=5, headers={
            "Content-Type": "application/json; charset=UTF-8", "client-id": CLIENT_ID,
            "request-time": request_time, "signature": header,
        })


if __name__ == "__main__":
    main()
