#!/usr/bin/env python3
"""The emulated board's story (issue 17), run by scripts/arm-box; see that script and
docs/DEPLOYMENT.md ("The emulated board").

Two boots of QEMU's arm64 virt board (cortex-a53, 2 CPUs, 512 MiB, TCG, no network):
  boot 1  the kernel's devices; dpkg -i of the .deb (postinst: user, groups, udev, unit enabled);
          the udev results; provisioning (keygen, PIN, configuration, config check); poweroff.
  boot 2  the agent from its enabled unit; payments through the scanner (QEMU's FTDI); unplug and
          replug; SIGKILL and SIGSTOP; the console on ttyGS0 and on ttyAMA0; what the journal,
          journald, debugfs and the LED say; the voice played into snd-aloop and captured.
The host talks to the guest through a virtio-serial port (a root shell harness in the guest), to
QEMU through QMP, to the scanner through the usb-serial's chardev socket and to ttyAMA0 through
a host pty. Results: one PASS/FAIL line per check, the figures, all in run/summary.txt.
"""
import argparse, base64, gzip, json, os, re, select, shutil, socket, subprocess, sys, threading, time, tty, wave

ap = argparse.ArgumentParser()
for name in ("guest", "root", "kernel", "initrd", "deb", "sim", "binary", "build-seconds", "started"):
    ap.add_argument("--" + name, required=True)
args = ap.parse_args()
guest = args.guest
run = os.path.join(guest, "run")
shutil.rmtree(run, ignore_errors=True)
os.makedirs(run)
stop_after = os.environ.get("ARM_BOX_STEP")

results = []   # (ok, name, detail)
figures = {}


def say(text):
    print("arm-box: " + text, file=sys.stderr, flush=True)


def check(name, ok, detail=""):
    results.append((bool(ok), name, detail))
    say(("PASS " if ok else "FAIL ") + name + (": " + detail if detail else ""))
    return bool(ok)


def save(name, text):
    with open(os.path.join(run, name), "w") as f:
        f.write(text)


# --- the guest's files --------------------------------------------------------------------------

HARNESS = r"""#!/bin/bash
# arm-box harness: runs the host's commands from the virtio-serial port "ctl", one per line
# ("ID BASE64-SCRIPT"), and answers "ID RC BASE64-OUTPUT". Only for the emulated board.
port=/dev/virtio-ports/ctl
exec 3<>"$port"
while IFS=' ' read -r id script <&3; do
    [ -n "$id" ] || continue
    printf '%s' "$script" | base64 -d > /run/harness-command 2>/dev/null
    out=$(timeout 300 bash /run/harness-command 2>&1 </dev/null)
    rc=$?
    printf '%s %s %s\n' "$id" "$rc" "$(printf '%s' "$out" | base64 -w0)" >&3
done
"""

HARNESS_UNIT = """[Unit]
Description=arm-box harness (the host's shell on the virtio-serial port)
DefaultDependencies=no
After=systemd-udevd.service
[Service]
ExecStartPre=/bin/sh -c 'for i in $(seq 300); do [ -e /dev/virtio-ports/ctl ] && exit 0; sleep 0.2; done; exit 1'
ExecStart=/usr/local/sbin/arm-box-harness
Restart=always
RestartSec=1
[Install]
WantedBy=sysinit.target
"""

# A configfs ACM function on dummy_hcd's UDC: the gadget side is ttyGS0 (the technician console,
# as on a board whose USB port is in gadget mode) and the same guest's cdc_acm sees it as ttyACM0.
GADGET = r"""#!/bin/sh
set -e
modprobe dummy_hcd
modprobe libcomposite
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
g=/sys/kernel/config/usb_gadget/console
[ -d $g ] && exit 0
mkdir -p $g/strings/0x409 $g/configs/c.1/strings/0x409 $g/functions/acm.console
echo 0x1d6b > $g/idVendor
echo 0x0104 > $g/idProduct
echo scanbridge > $g/strings/0x409/manufacturer
echo console > $g/strings/0x409/product
echo emulated > $g/strings/0x409/serialnumber
echo ACM > $g/configs/c.1/strings/0x409/configuration
ln -s $g/functions/acm.console $g/configs/c.1/
ls /sys/class/udc | head -1 > $g/UDC
"""

GADGET_UNIT = """[Unit]
Description=arm-box: the technician console as a USB ACM gadget (ttyGS0) on dummy_hcd
Before=scanbridge.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/arm-box-gadget
[Install]
WantedBy=multi-user.target
"""

# The same guest's end of the gadget, ttyACM0, starts with echo on: the console's banner came
# straight back as input, and its answers to that too, in a loop. This holds ttyACM0 open with
# echo off for the whole boot (termios lasts only while someone has the tty open).
ACM_HOLD_UNIT = """[Unit]
Description=arm-box: ttyACM0 (the host end of the console gadget) held open, raw, no echo
After=arm-box-gadget.service
Requires=arm-box-gadget.service
[Service]
ExecStart=/bin/bash -c 'for i in $(seq 300); do [ -e /dev/ttyACM0 ] && break; sleep 0.2; done; exec 3<>/dev/ttyACM0; stty raw -echo <&3; exec sleep infinity'
[Install]
WantedBy=multi-user.target
"""

SIM_UNIT = """[Unit]
Description=arm-box: antom-sim, the acquirer simulator, on the guest's loopback
Before=scanbridge.service
[Service]
ExecStart=/usr/local/bin/antom-sim --host 127.0.0.1 --port 8480 --key /etc/antom-sim/sim.pem --box-public-key /etc/antom-sim/box-public.pem --password-inquiries 3
Restart=always
[Install]
WantedBy=multi-user.target
"""

# QEMU's usb-serial is an FTDI FT232 (0403:6001), which the package's rules leave alone on
# purpose (no symlink for generic bridges); a site names its scanner's bridge, as a technician
# would for an RS-232 scanner on an FTDI cable.
SITE_RULE = """# arm-box: the scanner is on an FTDI cable (QEMU's usb-serial).
SUBSYSTEM=="tty", ATTRS{idVendor}=="0403", ATTRS{idProduct}=="6001", ENV{SCANBRIDGE_SCANNER}="generic"
"""


def write(path, text, mode=0o644):
    full = os.path.join(image_root, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)
    os.chmod(full, mode)


def enable(unit, target):
    wants = os.path.join(image_root, "etc/systemd/system", target + ".wants")
    os.makedirs(wants, exist_ok=True)
    link = os.path.join(wants, unit)
    if not os.path.lexists(link):
        os.symlink("/etc/systemd/system/" + unit, link)


def mask(unit):
    link = os.path.join(image_root, "etc/systemd/system", unit)
    if os.path.lexists(link):
        os.remove(link)
    os.symlink("/dev/null", link)


# --- the image ----------------------------------------------------------------------------------

image_root = os.path.join(guest, "image-root")
say("assembling the image")
subprocess.run(["rm", "-rf", image_root], check=True)
subprocess.run(["cp", "-a", "--reflink=auto", args.root, image_root], check=True)
write("/etc/hostname", "scanbox\n")
write("/etc/hosts", "127.0.0.1 localhost scanbox\n")
write("/etc/fstab", "/dev/vda / ext4 defaults,noatime 0 1\n")
write("/usr/local/sbin/arm-box-harness", HARNESS, 0o755)
write("/etc/systemd/system/arm-box-harness.service", HARNESS_UNIT)
enable("arm-box-harness.service", "sysinit.target")
write("/usr/local/sbin/arm-box-gadget", GADGET, 0o755)
write("/etc/systemd/system/arm-box-gadget.service", GADGET_UNIT)
enable("arm-box-gadget.service", "multi-user.target")
write("/etc/systemd/system/antom-sim.service", SIM_UNIT)
write("/etc/systemd/system/arm-box-acm.service", ACM_HOLD_UNIT)
enable("arm-box-acm.service", "multi-user.target")
write("/etc/udev/rules.d/59-scanbridge-site.rules", SITE_RULE)
# The sound card: a kernel loopback (what plays on Loopback,0 is captured on Loopback,1).
write("/etc/modules-load.d/arm-box-snd-aloop.conf", "snd-aloop\n")
for unit in ("serial-getty@ttyAMA0.service", "serial-getty@hvc0.service", "getty@tty1.service",
             "apt-daily.timer", "apt-daily-upgrade.timer", "e2scrub_all.timer", "fstrim.timer",
             "systemd-timesyncd.service"):
    mask(unit)
shutil.copy(args.deb, os.path.join(image_root, "root/scanbridge.deb"))
shutil.copy(args.sim, os.path.join(image_root, "usr/local/bin/antom-sim"))
os.chmod(os.path.join(image_root, "usr/local/bin/antom-sim"), 0o755)
image = os.path.join(guest, "disk.img")
if os.path.exists(image):
    os.remove(image)
subprocess.run(["mkfs.ext4", "-q", "-F", "-L", "root", "-d", image_root, image, "3G"], check=True)
shutil.rmtree(image_root)
st = os.stat(image)
figures["guest image"] = "%d MiB apparent, %d MiB allocated (ext4, 3 GiB)" % (st.st_size >> 20, (st.st_blocks * 512) >> 20)


def kernel_image(path):
    """QEMU 7.2 loads a gzip'd arm64 Image, not an EFI zboot one: unpack the latter."""
    data = open(path, "rb").read()
    if data[:2] == b"MZ" and data[4:8] == b"zimg":
        offset, size = int.from_bytes(data[8:12], "little"), int.from_bytes(data[12:16], "little")
        kind = data[24:32].rstrip(b"\0").decode()
        payload = data[offset:offset + size]
        out = os.path.join(guest, "Image")
        if kind == "gzip":
            open(out, "wb").write(gzip.decompress(payload))
        else:
            subprocess.run(["zstd", "-d", "-q", "-f", "-o", out], input=payload, check=True)
        return out
    return path


kernel = kernel_image(args.kernel)
machine = ["-M", "virt", "-cpu", "cortex-a53", "-smp", "2", "-m", "512"]


def make_dtb():
    raw = os.path.join(guest, "qemu-virt.dtb")
    subprocess.run(["qemu-system-aarch64", "-M", "virt,dumpdtb=" + raw] + machine[2:] + ["-nographic", "-nic", "none"],
                   check=True, capture_output=True)
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", raw], check=True, capture_output=True, text=True).stdout
    found = re.search(r"pl061@9030000 \{.*?phandle = <(0x[0-9a-f]+)>;", dts, re.S)
    if not found:
        raise SystemExit("arm-box: no pl061@9030000 with a phandle in QEMU's device tree")
    leds = ("\tleds {\n\t\tcompatible = \"gpio-leds\";\n\t\tamber {\n\t\t\tlabel = \"scanbridge:amber\";\n"
            "\t\t\tgpios = <%s 6 0>;\n\t\t\tdefault-state = \"off\";\n\t\t};\n\t};\n" % found.group(1))
    end = dts.rstrip().rfind("};")
    dts = dts[:end] + leds + "};\n"
    save("virt-with-leds.dts", dts)
    out = os.path.join(guest, "virt.dtb")
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out], input=dts, text=True, check=True)
    return out


dtb = make_dtb()


# --- QEMU and its channels ----------------------------------------------------------------------

class Board:
    def __init__(self, name, kernel_console):
        self.name = name
        self.dir = os.path.join(run, name)
        os.makedirs(self.dir)
        sock = lambda n: os.path.join(self.dir, n + ".sock")
        serial = (["-chardev", "pty,id=ama", "-serial", "chardev:ama"] if kernel_console == "hvc0"
                  else ["-serial", "file:" + os.path.join(self.dir, "ttyAMA0.log")])
        cmd = ["qemu-system-aarch64"] + machine + [
            "-nographic", "-monitor", "none", "-nic", "none",
            "-kernel", kernel, "-initrd", args.initrd, "-dtb", dtb,
            # Boot 2 needs ttyAMA0 for the agent's console, but the kernel gave no sign of life
            # at all with console=hvc0 alone; both, with the kernel quiet after boot, works.
            "-append", "root=/dev/vda rw panic=10 systemd.show_status=0 " + (
                "console=ttyAMA0 console=hvc0 quiet loglevel=1" if kernel_console == "hvc0" else "console=ttyAMA0"),
            "-drive", "file=%s,format=raw,if=none,id=hd" % image, "-device", "virtio-blk-device,drive=hd",
            "-device", "virtio-rng-device",
            "-device", "virtio-serial-device",
            "-chardev", "file,id=hvc,path=" + os.path.join(self.dir, "hvc0.log"), "-device", "virtconsole,chardev=hvc",
            "-chardev", "socket,id=ctl,path=%s,server=on,wait=off" % sock("ctl"), "-device", "virtserialport,chardev=ctl,name=ctl",
            "-device", "qemu-xhci,id=xhci",
            "-chardev", "socket,id=scan,path=%s,server=on,wait=off" % sock("scan"),
            "-device", "usb-serial,bus=xhci.0,chardev=scan,id=scanner",
            "-qmp", "unix:%s,server=on,wait=off" % sock("qmp"),
        ] + serial
        self.log = open(os.path.join(self.dir, "qemu.log"), "w")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)
        for n in ("ctl", "scan", "qmp"):
            self._wait_for(sock(n))
        self.qmp = self._connect(sock("qmp"))
        self.qmp_buffer = b""
        self._qmp_read()
        self.qmp_call("qmp_capabilities")
        self.ctl = self._connect(sock("ctl"))
        self.ctl_buffer = b""
        self.scan = self._connect(sock("scan"))
        self.next_id = 1
        self.console = None
        if kernel_console == "hvc0":
            chardevs = self.qmp_call("query-chardev")
            path = next(c["filename"] for c in chardevs if c["label"] == "ama")[len("pty:"):]
            self.console = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
            tty.setraw(self.console)
            # Read all the time, so the boot messages never back up into the guest's UART.
            self.console_seen = b""
            self.console_lock = threading.Lock()
            threading.Thread(target=self._drain_console, daemon=True).start()

    @staticmethod
    def _wait_for(path):
        for _ in range(100):
            if os.path.exists(path):
                return
            time.sleep(0.1)
        raise SystemExit("arm-box: QEMU did not make " + path)

    @staticmethod
    def _connect(path):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        return s

    def _qmp_read(self):
        while b"\n" not in self.qmp_buffer:
            chunk = self.qmp.recv(65536)
            if not chunk:
                raise SystemExit("arm-box: QMP closed")
            self.qmp_buffer += chunk
        line, self.qmp_buffer = self.qmp_buffer.split(b"\n", 1)
        return json.loads(line)

    def qmp_call(self, command, **arguments):
        self.qmp.sendall(json.dumps({"execute": command, "arguments": arguments}).encode() + b"\n")
        while True:
            reply = self._qmp_read()
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise RuntimeError("%s: %s" % (command, reply["error"]))

    def sh(self, script, timeout=330):
        """Runs a bash script in the guest as root; returns (rc, output)."""
        ident = "c%d" % self.next_id
        self.next_id += 1
        self.ctl.sendall(("%s %s\n" % (ident, base64.b64encode(script.encode()).decode())).encode())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while b"\n" in self.ctl_buffer:
                line, self.ctl_buffer = self.ctl_buffer.split(b"\n", 1)
                parts = line.decode(errors="replace").split(" ", 2)
                if len(parts) >= 2 and parts[0] == ident:
                    out = base64.b64decode(parts[2]).decode(errors="replace") if len(parts) == 3 else ""
                    return int(parts[1]), out
            ready, _, _ = select.select([self.ctl], [], [], 1)
            if ready:
                chunk = self.ctl.recv(65536)
                if not chunk:
                    raise SystemExit("arm-box: the control channel closed (did the guest die?)")
                self.ctl_buffer += chunk
            if self.proc.poll() is not None:
                raise SystemExit("arm-box: QEMU exited (%s)" % self.proc.returncode)
        return 124, "(no answer from the guest in %d s)" % timeout

    def wait_for_harness(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rc, out = self.sh("echo ready", timeout=5)
            if rc == 0 and out.strip() == "ready":
                return time.monotonic() - self.started
        return None

    def out(self, script, timeout=330):
        return self.sh(script, timeout)[1].strip()

    def poweroff(self, timeout=240):
        try:
            self.sh("systemctl --no-block poweroff", timeout=10)
        except SystemExit:
            pass
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return False
        return True

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def _drain_console(self):
        while self.proc.poll() is None:
            ready, _, _ = select.select([self.console], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(self.console, 4096)
                except (BlockingIOError, OSError):
                    continue
                with self.console_lock:
                    self.console_seen += chunk

    # The technician console on ttyAMA0, from the host's side of the pty.
    def console_exchange(self, line, wait_for, timeout=40):
        with self.console_lock:
            start = len(self.console_seen)
        os.write(self.console, (line + "\r").encode())
        deadline = time.monotonic() + timeout
        seen = b""
        while time.monotonic() < deadline:
            time.sleep(0.2)
            with self.console_lock:
                seen = self.console_seen[start:]
            if re.search(wait_for.encode(), seen):
                break
        return seen.decode(errors="replace")


# --- helpers for the story ----------------------------------------------------------------------

def sql(board, query):
    return board.out("sqlite3 -readonly /var/lib/scanbridge/journal.db %s" % sh_quote(query))


def sh_quote(text):
    return "'" + text.replace("'", "'\\''") + "'"


def last_attempt(board):
    row = sql(board, "SELECT id || ' ' || state FROM attempts ORDER BY id DESC LIMIT 1")
    if not row or not row.split()[0].isdigit():
        return 0, ""
    ident, state = row.split(" ", 1)
    return int(ident), state


FINAL = {"succeeded", "declined", "failed", "cancelled", "expired", "needsAttention"}  # AttemptState's final cases

# Samples the PL061's lines (debugfs) and the kernel LED every 50 ms with bash builtins only: a
# fork per sample costs ~100 ms under TCG and misses a 600 ms pattern.
SAMPLER = r"""
end=$((SECONDS + %d))
: > /run/arm-box-samples
[ -p /run/arm-box-tick ] || mkfifo /run/arm-box-tick
exec 5<>/run/arm-box-tick
while [ $SECONDS -lt $end ]; do
    read -r -d '' g < /sys/kernel/debug/gpio
    read -r b < /sys/class/leds/scanbridge:amber/brightness
    g=${g//$'\n'/;}
    printf '%%s amber=%%s %%s\n' "$EPOCHREALTIME" "$b" "$g" >> /run/arm-box-samples
    read -r -t 0.05 -u 5 || true
done
"""


def start_sampler(board, seconds):
    board.sh("setsid bash -c %s >/dev/null 2>&1 < /dev/null &" % sh_quote(SAMPLER % seconds), timeout=20)


def samples(board):
    return board.out("cat /run/arm-box-samples 2>/dev/null")


def line_was_high(text, offset):
    base = 512
    pattern = re.compile(r"gpio-%d\s*\([^)]*\)\s*out hi" % (base + offset))
    return any(pattern.search(s) for s in text.splitlines())


def amber_was_on(text):
    return any(re.search(r"amber=[1-9]", s) for s in text.splitlines())


def scan(board, code):
    try:
        board.scan.sendall((code + "\r").encode())
    except OSError:
        board.scan = Board._connect(os.path.join(board.dir, "scan.sock"))
        board.scan.sendall((code + "\r").encode())


def pay(board, name, code, expected, line=None, amber=False, timeout=120):
    before, _ = last_attempt(board)
    start_sampler(board, 25)
    time.sleep(0.5)
    t0 = time.monotonic()
    scan(board, code)
    state = ""
    ident = before
    while time.monotonic() - t0 < timeout:
        ident, state = last_attempt(board)
        if ident > before and state in FINAL:
            break
        time.sleep(1)
    took = time.monotonic() - t0
    seen = samples(board)
    save("samples-%s.txt" % name.replace(" ", "-"), seen)
    ok = ident > before and state == expected
    detail = "attempt %d %s after %.1f s (expected %s)" % (ident, state or "none", took, expected)
    if line is not None:
        high = line_was_high(seen, line)
        ok = ok and high
        detail += "; PL061 line %d %s" % (line, "went high" if high else "never seen high")
    if amber:
        on = amber_was_on(seen)
        detail += "; the amber kernel LED %s" % ("lit" if on else "was not seen lit")
        ok = ok and on
    return check(name, ok, detail)


# The packs the .deb carries: arm-build packaged these very files.
PACKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build-voice", "packs")


def clip_frames(locale, name):
    with wave.open(os.path.join(PACKS, locale, name + ".wav"), "rb") as clip:
        return clip.readframes(clip.getnframes())


def capture_voice(board, seconds):
    """Starts arecord on the loopback's capture side; returns a function that waits for it and
    gives the captured bytes."""
    board.sh("rm -f /run/voice.raw; setsid arecord -q -D hw:Loopback,1,0 -f S16_LE -r 16000 -c 1 -t raw -d %d /run/voice.raw "
             ">/run/arecord.log 2>&1 < /dev/null &" % seconds, timeout=20)
    def finish():
        wait_until(lambda: board.sh("pgrep -x arecord")[0] != 0, seconds + 30)
        rc, out = board.sh("base64 -w0 /run/voice.raw", timeout=120)
        return base64.b64decode(out.strip()) if rc == 0 else b""
    return finish


def unit_value(board, prop):
    return board.out("systemctl show scanbridge -P %s" % prop)


def wait_until(predicate, timeout, every=1.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


CODES = {
    "paid": "281012345678901234567800",
    "declined": "281012345678901234567811",
    "password": "281012345678901234567901",
    "replug": "281012345678901234568000",
    "killed": "281012345678901234568101",
    "console": "281012345678901234568200",
}

CONFIG = """# /etc/scanbridge/scanbridge.conf on the emulated board (scripts/arm-box)
board.name = qemu-virt
scanner.profile = generic
acquirer.base-url = http://127.0.0.1:8480
acquirer.client-id = SANDBOX_5YBZ1A2YARMBOX
acquirer.private-key = /etc/scanbridge/antom-key.pem
acquirer.public-key = /etc/scanbridge/antom-public.pem
acquirer.merchant-id = 2188120000000001
acquirer.merchant-name = Emulated Kopi
acquirer.merchant-mcc = 5814
acquirer.store-id = ARMBOX-1
acquirer.store-name = Emulated Kopi, bench 1
acquirer.terminal-id = QEMU-VIRT-1
acquirer.settlement-currency = SGD
amount.source = fixed
amount.fixed = 4.20
amount.currency = SGD
settlement.inquiry-interval = 2s
console.pin-hash = %s
voice.enabled = true
voice.locale = en
voice.volume = 100
"""
PIN = "4711"


def step_done(name):
    return stop_after == name


boards = []


def boot(name, kernel_console):
    """Starts QEMU and waits for the guest's harness; the story stops here if it never answers."""
    board = Board(name, kernel_console)
    boards.append(board)
    ready = board.wait_for_harness(600)
    if not check("%s reaches the harness" % name.replace("boot", "boot "), ready is not None, "%.1f s" % (ready or 0)):
        raise SystemExit(1)
    return board


try:
    # ---------------------------------------------------------------- boot 1: install and provision
    say("boot 1: install and provision")
    b1 = boot("boot1", "ttyAMA0")
    save("boot1-uname.txt", b1.out("uname -a; cat /etc/debian_version"))
    b1.sh("udevadm settle -t 60")
    chips = b1.out("gpiodetect")
    check("the kernel's gpiochip is the PL061, on the v2 uapi", "9030000.pl061" in chips and "(8 lines)" in chips, chips)
    check("the device tree's gpio-leds node is a kernel LED",
          b1.sh("test -e /sys/class/leds/scanbridge:amber/brightness")[0] == 0)
    usb = b1.out("ls -l /dev/ttyUSB0; cat /sys/bus/usb-serial/devices/ttyUSB0/../../driver/module/drivers 2>/dev/null; lsmod | grep -E '^ftdi_sio|^dummy_hcd|^usb_f_acm|^cdc_acm'")
    check("QEMU's usb-serial is ttyUSB0, driven by ftdi_sio", "ttyUSB0" in usb and "ftdi_sio" in usb, usb)
    rc, out = b1.sh("dpkg -i /root/scanbridge.deb", timeout=300)
    save("dpkg-i.txt", out)
    check("dpkg -i of the arm64 .deb", rc == 0, out.strip().splitlines()[-1] if out.strip() else "")
    ids = b1.out("id scanbridge")
    check("postinst: the scanbridge user in dialout and gpio", "dialout" in ids and "gpio" in ids, ids)
    check("postinst: the unit is enabled", b1.out("systemctl is-enabled scanbridge") == "enabled")
    b1.sh("udevadm settle -t 60")
    link = b1.out("readlink -f /dev/scanbridge/scanner; stat -c '%G %a' /dev/ttyUSB0")
    check("udev: /dev/scanbridge/scanner → ttyUSB0, scanbridge 660", link.split() == ["/dev/ttyUSB0", "scanbridge", "660"], link)
    chip = b1.out("stat -c '%G %a' /dev/gpiochip0")
    check("udev: /dev/gpiochip0 is scanbridge 660", chip == "scanbridge 660", chip)
    led = b1.out("stat -L -c '%G %A' /sys/class/leds/scanbridge:amber/brightness")
    check("udev: the LED's brightness is group scanbridge, group-writable", led.startswith("scanbridge") and led.split()[1][5] == "w", led)
    latency = b1.out("cat /sys/bus/usb-serial/devices/ttyUSB0/latency_timer")
    check("udev: the FTDI's latency timer is 1 ms", latency == "1", latency)

    public = lambda text: re.search(r"Public key \(PEM\):\n(-----BEGIN PUBLIC KEY-----.*?-----END PUBLIC KEY-----)", text, re.S)
    rc, box = b1.sh("scanbridge keygen --out /etc/scanbridge/antom-key.pem && chgrp scanbridge /etc/scanbridge/antom-key.pem && chmod 0640 /etc/scanbridge/antom-key.pem")
    rc2, sim = b1.sh("mkdir -p /etc/antom-sim && scanbridge keygen --out /etc/antom-sim/sim.pem")
    ok = rc == 0 and rc2 == 0 and public(box) and public(sim)
    if ok:
        b1.sh("cat > /etc/antom-sim/box-public.pem <<'EOF'\n%s\nEOF\ncat > /etc/scanbridge/antom-public.pem <<'EOF'\n%s\nEOF\n"
              % (public(box).group(1), public(sim).group(1)))
    check("scanbridge keygen on the box (root:scanbridge 0640, as DEPLOYMENT.md provisions it)", ok, (box + sim)[-300:] if not ok else "")
    rc, hashed = b1.sh("printf '%s\\n' | scanbridge config pin-hash" % PIN)
    pin_hash = re.search(r"(pbkdf2-sha256\$\S+)", hashed)
    check("scanbridge config pin-hash", rc == 0 and pin_hash, hashed[-200:])
    b1.sh("cat > /etc/scanbridge/scanbridge.conf <<'EOF'\n%sEOF\nchown root:scanbridge /etc/scanbridge/scanbridge.conf; chmod 0640 /etc/scanbridge/scanbridge.conf"
          % (CONFIG % (pin_hash.group(1) if pin_hash else "")))
    rc, out = b1.sh("runuser -u scanbridge -- scanbridge config check /etc/scanbridge/scanbridge.conf")
    save("config-check.txt", out)
    check("scanbridge config check, as the agent's user", rc == 0, out.strip().splitlines()[-1] if out.strip() else "")
    b1.sh("systemctl enable antom-sim.service")
    check("boot 1 powers off", b1.poweroff())
    boards.remove(b1)
    if step_done("install"):
        raise SystemExit(0)

    # ---------------------------------------------------------------- boot 2: the story
    say("boot 2: the agent from its enabled unit, and the story")
    b2 = boot("boot2", "hvc0")
    active = wait_until(lambda: b2.out("systemctl is-active scanbridge") == "active", 180, 2)
    check("the agent reaches READY=1 from its unit (Type=notify)", active, b2.out("systemctl is-active scanbridge"))
    entered = unit_value(b2, "ActiveEnterTimestampMonotonic")
    exec_start = unit_value(b2, "ExecMainStartTimestampMonotonic")
    if entered.isdigit() and exec_start.isdigit() and int(entered) > 0:
        figures["boot to READY=1"] = "%.1f s guest clock (the agent's own start to READY=1: %.1f s)" % (
            int(entered) / 1e6, (int(entered) - int(exec_start)) / 1e6)
    analyze = b2.out("for i in $(seq 30); do systemd-analyze 2>/dev/null | head -1 | grep -q Startup && break; sleep 2; done; systemd-analyze | head -1")
    figures["systemd-analyze"] = analyze
    watchdog = unit_value(b2, "WatchdogUSec")
    check("the watchdog is live (WatchdogSec=30)", watchdog in ("30s", "30000000"), watchdog)
    save("systemctl-status-start.txt", b2.out("systemctl status scanbridge --no-pager -l"))
    b2.sh("udevadm settle -t 60")
    # The agent may start before udev has given gpiochip0 its group; its first retries come
    # after 1, 2, 4 s, so the lines should be its own within seconds, not the old 30 s.
    t0 = time.monotonic()
    used = []
    def lines_requested():
        global used
        info = b2.out("gpioinfo -c gpiochip0")
        save("gpioinfo.txt", info)
        used = [l for l in info.splitlines() if "consumer=scanbridge" in l and "amber" not in l]
        return len(used) == 3 and all("output" in l for l in used)
    requested = wait_until(lines_requested, 40, 1)
    check("libgpiod v2: lines 0, 1 and 2 requested as outputs by the agent", requested,
          "%.0f s after the checks began; " % (time.monotonic() - t0) + " | ".join(l.strip() for l in used))
    save("debugfs-gpio-start.txt", b2.out("cat /sys/kernel/debug/gpio"))
    time.sleep(3)
    if step_done("boot"):
        raise SystemExit(0)

    # The first payment is also heard: the agent plays into snd-aloop, arecord captures the other
    # end, and the capture must hold the phrase's clips end to end, sample for sample (volume 100).
    captured = capture_voice(b2, 20)
    time.sleep(1)
    pay(b2, "paid", CODES["paid"], "succeeded", line=0)
    amplifier = line_was_high(samples(b2), 4)
    sound = captured()
    save("voice-captured.raw.b64", base64.b64encode(sound).decode())
    # 4.20 SGD from antom-sim's SIMWALLET: "received four dollars twenty via wallet".
    phrase = ["p.received", "n.4", "u.SGD", "n.20", "w.via", "wallet.generic"]
    expected = b"".join(clip_frames("en", name) for name in phrase)
    at = sound.find(expected)
    check("voice: the paid phrase came out of the sound card (snd-aloop), sample for sample", at >= 0 and len(expected) > 32000,
          "%d bytes captured, the %d-byte phrase %s; arecord: %s" % (
              len(sound), len(expected), "found at byte %d" % at if at >= 0 else "not found", b2.out("cat /run/arecord.log")[-200:]))
    check("voice: the amplifier line (PL061 line 4) was on while it played", amplifier, "")
    prom = b2.out("cat /var/lib/scanbridge/metrics/scanbridge.prom 2>/dev/null | grep scanbridge_voice_start_seconds_")
    voice_sum = re.search(r"scanbridge_voice_start_seconds_sum ([0-9.e+-]+)", prom)
    voice_count = re.search(r"scanbridge_voice_start_seconds_count (\d+)", prom)
    if voice_sum and voice_count and int(voice_count.group(1)) > 0:
        figures["voice: event to first samples (TCG)"] = "mean %.1f ms over %s phrases" % (
            float(voice_sum.group(1)) * 1000 / int(voice_count.group(1)), voice_count.group(1))
    voice_status = b2.out("journalctl -u scanbridge -o cat --no-pager | grep -E 'voice (ready|down|working)' | tail -3")
    save("voice-journal.txt", voice_status)
    pay(b2, "declined", CODES["declined"], "declined", line=1)
    pay(b2, "password", CODES["password"], "succeeded", line=0, amber=True)
    before, _ = last_attempt(b2)
    scan(b2, "HELLO-ARM-BOX")
    time.sleep(4)
    after, _ = last_attempt(b2)
    logged = b2.out("journalctl -u scanbridge -o cat --no-pager | grep -c 'not a payment code'")
    check("a non-payment code is refused: no attempt, one log line", after == before and logged not in ("", "0"), "journald lines: %s" % logged)

    # Unplug and replug the scanner.
    b2.qmp_call("device_del", id="scanner")
    gone = wait_until(lambda: b2.sh("test -e /dev/ttyUSB0")[0] != 0, 60)
    time.sleep(3)
    status = b2.out("systemctl is-active scanbridge")
    check("scanner unplugged (device_del): ttyUSB0 goes, the agent stays up", gone and status == "active", status)
    b2.qmp_call("device_add", driver="usb-serial", bus="xhci.0", chardev="scan", id="scanner")
    back = wait_until(lambda: b2.sh("test -e /dev/scanbridge/scanner")[0] == 0, 60)
    check("scanner replugged (device_add): the udev link is back", back)
    time.sleep(5)
    pay(b2, "paid after the replug", CODES["replug"], "succeeded", line=0)

    # SIGKILL mid-payment: systemd restarts the agent, which resumes the payment from the journal.
    restarts = unit_value(b2, "NRestarts")
    pid = unit_value(b2, "MainPID")
    before, _ = last_attempt(b2)
    scan(b2, CODES["killed"])
    waiting = wait_until(lambda: last_attempt(b2)[0] > before and last_attempt(b2)[1] in ("unknown", "inquiring"), 60, 0.5)
    b2.sh("kill -KILL %s" % pid)
    resumed = wait_until(lambda: unit_value(b2, "MainPID") not in ("0", pid, "") and b2.out("systemctl is-active scanbridge") == "active", 90, 2)
    final = wait_until(lambda: last_attempt(b2)[1] in FINAL, 120, 2)
    ident, state = last_attempt(b2)
    paid_once = sql(b2, "SELECT count(*) FROM attempts WHERE id > %d" % before)
    check("SIGKILL mid-payment: systemd restarts the agent (Restart=always) and it settles the payment",
          waiting and resumed and final and state == "succeeded" and paid_once == "1" and unit_value(b2, "NRestarts") != restarts,
          "killed while %s; attempt %d %s; NRestarts %s → %s" % ("waiting" if waiting else "not yet waiting", ident, state, restarts, unit_value(b2, "NRestarts")))

    # SIGSTOP: the watchdog (WatchdogSec=30) kills the stopped agent and systemd restarts it.
    pid = unit_value(b2, "MainPID")
    t0 = time.monotonic()
    b2.sh("kill -STOP %s" % pid)
    replaced = wait_until(lambda: unit_value(b2, "MainPID") not in ("0", pid, "") and b2.out("systemctl is-active scanbridge") == "active", 120, 2)
    took = time.monotonic() - t0
    told = b2.out("journalctl -u scanbridge --no-pager | grep -ci watchdog")
    check("SIGSTOP: the watchdog kills the agent and systemd restarts it", replaced and told not in ("", "0"), "%.0f s; journald watchdog lines: %s" % (took, told))

    # The console on ttyGS0 (the USB gadget), from the same guest's ttyACM0.
    wait_until(lambda: b2.sh("test -e /dev/ttyACM0")[0] == 0, 30)
    rc, out = b2.sh("exec 4<>/dev/ttyACM0; timeout 2 cat <&4 >/dev/null; printf '\\r' >&4; sleep 1; printf 'status\\r' >&4; timeout 10 cat <&4", timeout=40)
    save("console-ttyGS0.txt", out)
    check("console on ttyGS0 (configfs ACM on dummy_hcd): status",
          re.search(r"version\s+\S+", out) and re.search(r"scanner\s+connected", out) and "console   read-only" in out, out[-400:])

    # The console on ttyAMA0, from the host's pty: status, login, test led.
    b2.sh("sed -i '$a console.port = /dev/ttyAMA0' /etc/scanbridge/scanbridge.conf && systemctl restart scanbridge")
    wait_until(lambda: b2.out("systemctl is-active scanbridge") == "active", 120, 2)
    time.sleep(3)
    seen = b2.console_exchange("", r"scanbridge[>#] ", 20)
    seen += b2.console_exchange("status", r"console\s+read-only", 30)
    check("console on ttyAMA0 (a host pty): status", re.search(r"scanner\s+connected", seen) and "amount    fixed: 4.20 SGD" in seen, seen[-400:])
    seen2 = b2.console_exchange("login", r"PIN: ", 20)
    seen2 += b2.console_exchange(PIN, r"logged in", 60)
    check("console on ttyAMA0: login with the PIN", "logged in" in seen2, seen2[-300:])
    start_sampler(b2, 15)
    time.sleep(0.5)
    seen3 = b2.console_exchange("test led amber", r"scanbridge#", 30)
    time.sleep(3)
    seen3 += b2.console_exchange("test led green", r"scanbridge#", 30)
    time.sleep(3)
    taken = samples(b2)
    save("samples-test-led.txt", taken)
    save("console-ttyAMA0.txt", seen + seen2 + seen3)
    check("console test led amber lights the kernel LED under the unit (ReadWritePaths=/sys/devices)", amber_was_on(taken), seen3[-200:])
    check("console test led green drives PL061 line 0", line_was_high(taken, 0), "")
    pay(b2, "paid with the console on ttyAMA0", CODES["console"], "succeeded", line=0)

    # What the box says about itself.
    journald = b2.out("journalctl -u scanbridge -o short-monotonic --no-pager")
    save("journald-scanbridge.txt", journald)
    leaked = [c for c in CODES.values() if c in journald]
    check("journald: no payment code in full", not leaked and "payment code" in journald, ", ".join(leaked))
    save("journal-attempts.txt", sql(b2, "SELECT id, code_masked, amount_minor, currency, state, acquirer FROM attempts ORDER BY id"))
    codes_kept = sql(b2, "SELECT count(*) FROM attempts WHERE code IS NOT NULL AND state IN ('succeeded','declined','failed','cancelled')")
    check("the journal keeps no code of a final attempt", codes_kept == "0", codes_kept)
    save("systemctl-status-end.txt", b2.out("systemctl status scanbridge --no-pager -l"))
    save("debugfs-gpio-end.txt", b2.out("cat /sys/kernel/debug/gpio"))
    save("ledger.json", b2.out("curl -s http://127.0.0.1:8480/sim/ledger"))
    rss = b2.out("ps -o rss= -p $(systemctl show scanbridge -P MainPID)")
    if rss.isdigit():
        figures["agent RSS after the story"] = "%.1f MiB" % (int(rss) / 1024)
    failed_units = b2.out("systemctl --failed --no-legend --plain")
    save("failed-units.txt", failed_units)
    check("boot 2 powers off", b2.poweroff())
    boards.remove(b2)
except SystemExit as stop:
    if stop.code not in (0, None):
        check("the story ran to its end", False, str(stop.code))
except Exception as error:  # a broken step still gets its summary and its guest stopped
    check("the story ran to its end", False, "%s: %s" % (type(error).__name__, error))
finally:
    for board in boards:
        board.kill()

binary_size = os.stat(args.binary).st_size if os.path.exists(args.binary) else 0
figures["build (scripts/arm-build)"] = args.build_seconds + (" s" if args.build_seconds.isdigit() else "")
figures[".deb"] = "%d bytes" % os.stat(args.deb).st_size
figures["arm64 binary, stripped"] = "%d bytes (%.2f MB)" % (binary_size, binary_size / 1e6)
figures["arm-box total"] = "%d s" % (time.time() - int(args.started))
passed = sum(1 for r in results if r[0])
lines = ["%s %s%s" % ("PASS" if ok else "FAIL", name, (": " + detail.replace("\n", " | ")) if detail else "") for ok, name, detail in results]
lines.append("")
lines += ["%s: %s" % item for item in figures.items()]
lines.append("%d passed, %d failed" % (passed, len(results) - passed))
save("summary.txt", "\n".join(lines) + "\n")
print("\n".join(lines))
sys.exit(0 if passed == len(results) else 1)
