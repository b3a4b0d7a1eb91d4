#!/usr/bin/env python3
"""A minimal ChatOps agent in Python (python-socketio 5): authenticates, reports, heartbeats.

CHATOPS_URL (default http://localhost:3000), CHATOPS_API_KEY, CHATOPS_HEARTBEAT (seconds, 30).
Debian: apt-get install python3-socketio python3-websocket; elsewhere:
pip install "python-socketio[client]" websocket-client. Exits 1 when the key is refused.
"""
import os, platform, socket, sys, threading, time

import socketio

NS = "/agents"
sio = socketio.Client()  # reconnects on its own, presenting the same handshake auth
answer = {}
answered = threading.Event()  # set by auth_success / auth_error, cleared on disconnect


@sio.on("auth_success", namespace=NS)
@sio.on("auth_error", namespace=NS)
def on_auth_answer(data):
    answer.clear()
    answer.update(data)
    answered.set()


@sio.on("disconnect", namespace=NS)
def on_disconnect(*_reason):
    answered.clear()


def info():
    return {"type": "agent_info", "version": "0.1.0-python", "hostname": socket.gethostname(),
            "os": platform.system(), "platform": sys.platform}


sio.connect(os.environ.get("CHATOPS_URL", "http://localhost:3000"), namespaces=[NS],
            transports=["websocket"], auth={"api_key": os.environ["CHATOPS_API_KEY"]})
reported = None
try:
    while True:
        if not answered.wait(15):
            continue  # (re)connecting
        if answer["type"] != "auth_success":
            print("refused:", answer["message"], file=sys.stderr, flush=True)
            sio.disconnect()
            sys.exit(1)
        try:
            if reported != sio.get_sid(NS):  # once per connection
                sio.call("agent_info", info(), namespace=NS, timeout=10)
                reported = sio.get_sid(NS)
                print("connected, server", answer["server_id"], flush=True)
            ack = sio.call("heartbeat", {"type": "heartbeat"}, namespace=NS, timeout=10)
            print("heartbeat_ack", ack["server_time"], flush=True)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
            continue  # the connection dropped meanwhile: wait for the next auth_success
        time.sleep(float(os.environ.get("CHATOPS_HEARTBEAT", "30")))
except KeyboardInterrupt:
    sio.disconnect()
