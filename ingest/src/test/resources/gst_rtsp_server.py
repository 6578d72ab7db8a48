#!/usr/bin/python3
"""GStreamer's RTSP server (Debian's gir1.2-gst-rtsp-server-1.0) serving a video file as H.264, for
interoperability tests. Usage: gst_rtsp_server.py PATH FILE. Prints 'PORT <n>' once listening on 127.0.0.1."""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)
mount, source = sys.argv[1], sys.argv[2]
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service("0")
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    f'( filesrc location="{source}" ! decodebin ! videoconvert ! video/x-raw,format=I420 '
    "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=10 bframes=0 "
    "! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=-1 )"
)
factory.set_shared(True)
server.get_mount_points().add_factory(mount, factory)
server.attach(None)
print(f"PORT {server.get_bound_port()}", flush=True)
GLib.MainLoop().run()
