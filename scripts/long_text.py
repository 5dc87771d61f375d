#!/usr/bin/env python3
"""Long text in the terminal app: how long it takes to take in a paste and
to draw a session holding a huge note. Drives the (release) binary in an
80x24 pseudo-terminal and times, from the moment the bytes are written or
the program is started, until the words that mark the result appear in its
output. No figure is asserted: the machine is shared and noisy.

Usage: scripts/long_text.py [path/to/facilitator]   (default target/release/facilitator)

Figures printed:
  paste 1 MiB  : a 1 MiB bracketed paste into the note editor, until the
                 refusal (a note holds at most 100 KB) is on the screen.
  paste 100 KB : a paste just under the limit, until "Pasted" shows.
  1 MiB word   : `run --resume` of a session whose journal holds a note of
                 1 MiB with no space, spawn to the first frame with the
                 notes pane drawn.
  1 MiB draft  : the same, with the 1 MiB word as the unsent draft (the
                 editor opens on it), and a key typed on it (refused).
"""
import json, os, pty, re, select, shutil, subprocess, sys, tempfile, time

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/facilitator"
CSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]")


class Pty:
    def __init__(self, args, home):
        env = dict(os.environ, TERM="xterm-256color", HOME=home)
        env.pop("NO_COLOR", None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(BIN, [BIN] + args, env)
        os.set_blocking(self.fd, False)
        # 80x24
        import fcntl, struct, termios
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.out = bytearray()

    def send(self, data):
        view = memoryview(data)
        while view:
            try:
                n = os.write(self.fd, view)
                view = view[n:]
            except BlockingIOError:
                self.pump(0.001)

    def pump(self, wait):
        r, _, _ = select.select([self.fd], [], [], wait)
        if r:
            try:
                self.out += os.read(self.fd, 1 << 20)
            except OSError:
                pass

    def wait_for(self, text, limit=120.0):
        """Seconds until `text` shows (escapes and spaces left out: ratatui
        moves the cursor over blank cells instead of writing them)."""
        start = time.monotonic()
        want = text.replace(" ", "").encode()
        seen = 0
        while time.monotonic() - start < limit:
            self.pump(0.01)
            # Look at what is new, with some overlap.
            tail = CSI.sub(b"", bytes(self.out[max(0, seen - 4096):])).replace(b" ", b"")
            if want in tail:
                self.out.clear()
                return time.monotonic() - start
            seen = len(self.out)
        raise SystemExit(f"{text!r} did not show within {limit} s")

    def close(self):
        try:
            os.kill(self.pid, 15)
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def new_session(home, sessions):
    t = Pty(["--sessions", sessions], home)
    t.wait_for("New group")
    t.send(b"Kent\t\t\t40-64\x13")
    t.wait_for("Nobody yet")
    t.send(b"s")
    t.wait_for("Arrival")
    t.send(b"n")
    t.wait_for("New note")
    return t


def main():
    root = tempfile.mkdtemp(prefix="long-text-")
    sessions = os.path.join(root, "s")
    os.mkdir(sessions)
    try:
        t = new_session(root, sessions)
        mib = b"x" * (1 << 20)
        t0 = time.monotonic()
        t.send(b"\x1b[200~" + mib + b"\x1b[201~")
        t.wait_for("Not pasted")
        print(f"paste 1 MiB  : {(time.monotonic() - t0) * 1000:.0f} ms to take in (refused whole, over 100 KB)")
        just = b"word " * (100 * 1024 // 5 - 10)
        t0 = time.monotonic()
        t.send(b"\x1b[200~" + just + b"\x1b[201~")
        t.wait_for("Pasted 100 KB")
        print(f"paste 100 KB : {(time.monotonic() - t0) * 1000:.0f} ms to take in and draw")
        # Keys up to the limit, each drawn: the 51st is refused.
        room = 100 * 1024 - len(just)
        t0 = time.monotonic()
        t.send(b"a" * (room + 10))
        t.wait_for("Note full")
        print(f"  a key on it: {(time.monotonic() - t0) * 1000 / (room + 1):.1f} ms per key typed at the 100 KB limit")
        t.send(b"\x18")  # Ctrl-X: throw the draft away
        t.wait_for("Draft thrown away")
        t.send(b"q")
        t.wait_for("Leave the app?")
        t.send(b"y")
        os.waitpid(t.pid, 0)

        sid = [f[:-5] for f in os.listdir(sessions) if f.endswith(".json") and not f.endswith(".draft.json")][0]
        journal = os.path.join(sessions, sid + ".journal")
        lines = open(journal).read().splitlines()
        last = json.loads(lines[-1])
        note = {"seq": last["seq"] + 1, "at": last["at"], "type": "note_added", "id": 1,
                "kind": "note", "step": "arrival", "text": "y" * (1 << 20)}
        with open(journal, "a") as f:
            f.write(json.dumps(note) + "\n")
        t0 = time.monotonic()
        t = Pty(["run", "--resume", sid, "--sessions", sessions], root)
        t.wait_for("Notes (1)")
        print(f"1 MiB word   : {(time.monotonic() - t0) * 1000:.0f} ms from spawn to the first frame")
        t.send(b"q")
        t.wait_for("Leave the app?")
        t.send(b"y")
        os.waitpid(t.pid, 0)

        draft = {"kind": "note", "text": "z" * (1 << 20), "place": {"step": "arrival"}}
        with open(os.path.join(sessions, sid + ".draft.json"), "w") as f:
            json.dump(draft, f)
        t0 = time.monotonic()
        t = Pty(["run", "--resume", sid, "--sessions", sessions], root)
        t.wait_for("zzzzzzzzzz")
        print(f"1 MiB draft  : {(time.monotonic() - t0) * 1000:.0f} ms from spawn to the first frame (editor open on it)")
        t0 = time.monotonic()
        t.send(b"a")
        t.wait_for("Note full")
        print(f"  a key on it: {(time.monotonic() - t0) * 1000:.0f} ms (refused: the note is over 100 KB)")
        t.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
