"""A real headless Chromium for tests, driven over the DevTools protocol with the standard library only.

Chromium is started with `--remote-debugging-pipe`: it reads protocol commands
from file descriptor 3 and writes answers to descriptor 4, each message JSON
ended by a NUL byte. `Browser.open(url)` gives a `Page` that can evaluate
JavaScript, click at an element's centre with real mouse events, and take a
screenshot. Tests skip (with the reason) only where Chromium is missing or
cannot start.
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import threading
import time

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe"]
TIMEOUT = 60.0


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _above_nine(fd: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class BrowserError(RuntimeError):
    pass


class Browser:
    """One Chromium process with a fresh profile; use as a context manager."""

    def __init__(self, window=(1280, 900)):
        self.window = window
        self.profile = tempfile.mkdtemp(prefix="warrant-chromium-")
        self.process = None
        self.next_id = 0
        self.buffer = b""

    def __enter__(self) -> "Browser":
        executable = chromium_path()
        if executable is None:
            pytest.skip("chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)")
        to_child, from_parent = os.pipe()  # we write commands, Chromium reads them on fd 3
        from_child, to_parent = os.pipe()  # Chromium writes answers on fd 4, we read them
        # The child's ends are moved above 9 first, so that moving them to 3 and 4 cannot clobber each other.
        to_child, to_parent = (_above_nine(fd) for fd in (to_child, to_parent))
        flags = FLAGS + [f"--user-data-dir={self.profile}", f"--window-size={self.window[0]},{self.window[1]}"]
        # bash (dash reads only one-digit descriptors) moves our pipe ends to 3 and 4, where Chromium looks.
        script = f'exec "$0" "$@" 3<&{to_child} 4>&{to_parent} {to_child}<&- {to_parent}>&-'
        try:
            self.process = subprocess.Popen(["bash", "-c", script, executable, *flags, "about:blank"],
                                            pass_fds=(to_child, to_parent), stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        finally:
            os.close(to_child)
            os.close(to_parent)
        self.write, self.read = from_parent, from_child
        self.stderr = []
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        try:
            self.call("Browser.getVersion")
        except BrowserError as error:
            self.__exit__(None, None, None)
            pytest.skip(f"chromium could not start: {error}")
        return self

    def _drain_stderr(self) -> None:
        for line in self.process.stderr:
            self.stderr.append(line.decode("utf-8", "replace"))

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                self.send("Browser.close")
                self.process.wait(timeout=10)
            except (BrowserError, OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        for fd in (getattr(self, "write", None), getattr(self, "read", None)):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        shutil.rmtree(self.profile, ignore_errors=True)

    # -- the protocol

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write, json.dumps(message).encode("utf-8") + b"\0")
        return self.next_id

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Send one command and wait for its answer (events on the way are dropped)."""
        wanted = self.send(method, params, session)
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._message(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})

    def _message(self, deadline: float) -> dict:
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                raise BrowserError("no answer from chromium in time: " + "".join(self.stderr[-5:]))
            if self.process.poll() is not None:
                raise BrowserError(f"chromium exited ({self.process.returncode}): " + "".join(self.stderr[-5:]))
            ready, _, _ = select.select([self.read], [], [], 0.5)
            if ready:
                chunk = os.read(self.read, 1 << 16)
                if not chunk:
                    raise BrowserError("chromium closed the pipe: " + "".join(self.stderr[-5:]))
                self.buffer += chunk
        raw, _, self.buffer = self.buffer.partition(b"\0")
        return json.loads(raw)

    def open(self, url: str) -> "Page":
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        page.call("Page.enable")
        page.call("Emulation.setDeviceMetricsOverride",
                  {"width": self.window[0], "height": self.window[1], "deviceScaleFactor": 1, "mobile": False})
        page.call("Page.navigate", {"url": url})
        page.wait_for("document.readyState === 'complete'")
        return page


class Page:
    def __init__(self, browser: Browser, session: str):
        self.browser, self.session = browser, session

    def call(self, method: str, params: dict | None = None) -> dict:
        return self.browser.call(method, params, self.session)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (JSON-serialisable results only)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                 "awaitPromise": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, condition: str, timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not self.evaluate(f"Boolean({condition})"):
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {condition}")
            time.sleep(0.05)

    def click(self, selector: str) -> None:
        """A real left click (mouse pressed and released) at the centre of the first element matching `selector`."""
        box = self.evaluate(f"""(() => {{
            const el = document.querySelector({json.dumps(selector)});
            el.scrollIntoView({{block: 'center'}});
            const r = el.getBoundingClientRect();
            return {{x: r.left + r.width / 2, y: r.top + r.height / 2}};
        }})()""")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box["x"], "y": box["y"],
                                                   "button": "left", "clickCount": 1})

    def screenshot(self, path, full_page: bool = True) -> bytes:
        params = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            width, height = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        data = base64.b64decode(self.call("Page.captureScreenshot", params)["data"])
        with open(path, "wb") as out:
            out.write(data)
        return data
