#!/usr/bin/env python3
"""Prints the crashing thread of each .NET crash report (createdump's *.crashreport.json) in a directory.

The test command turns crash reports on (DOTNET_EnableCrashReport) so that a test process killed by a signal — a
native library faulting, say — leaves the native and managed frames of the thread that crashed in CI's output
instead of only an exit code.
"""
import glob
import json
import os
import sys


def frame_text(frame):
    if frame.get("method_name"):
        return f"{frame['method_name']}  [{frame.get('filename', '?')}]"
    name = frame.get("unmanaged_name") or frame.get("native_image_offset", "?")
    return f"{name}  [{frame.get('native_module', 'managed stub' if frame.get('is_managed') == 'true' else '?')}]"


def main(directory):
    reports = sorted(glob.glob(os.path.join(directory, "*.crashreport.json")))
    for path in reports:
        try:
            with open(path, encoding="utf-8") as f:
                payload = json.load(f)["payload"]
        except (OSError, ValueError, KeyError) as e:
            print(f"crash report {path}: unreadable ({e})")
            continue
        print(f"==== crash report {os.path.basename(path)}: process {payload.get('process_name', '?')}")
        for thread in payload.get("threads", []):
            if thread.get("crashed") != "true":
                continue
            print(f"crashed thread {thread.get('native_thread_id', '?')}:")
            for frame in thread.get("stack_frames", [])[:60]:
                print("    " + frame_text(frame))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
