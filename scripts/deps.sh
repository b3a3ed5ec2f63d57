# Sourced by the scripts in this folder: installs the Debian packages scanbridge builds and tests
# against, once, and only those that are missing. Runs apt as root, or through sudo.
APT_PACKAGES=(
    pkg-config
    libserialport-dev   # scanner ports
    libgpiod-dev gpiod  # LEDs and buzzer
    udev                # udevadm: the udev-rules test runs `udevadm test` on our rules (Debian 12 has no `udevadm verify`)
    libsqlite3-dev      # payment journal
    libcurl4-openssl-dev libssl-dev openssl  # acquirer transport, RSA signatures
    libasound2-dev      # voice: ALSA playback
    espeak-ng sox       # voice: scripts/voice-packs makes the clip packs (build and package time only)
    libmosquitto-dev mosquitto  # fleet uplink (MQTT 5); the tests start their own broker on loopback
    socat               # TLS terminator and pseudo-terminals in tests
    dpkg-dev binutils   # scripts/package: dpkg-shlibdeps (Depends: of the .deb), strip, readelf, nm
)

install_deps() {
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "scanbridge: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

require_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        [ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
    fi
    command -v swift >/dev/null 2>&1 || { echo "scanbridge: the Swift 6 toolchain is required (swift not on PATH)" >&2; exit 1; }
}
