#!/usr/bin/env bash
# Services the test suite talks to. pcscd loads reader drivers (the vpcd virtual reader)
# only when it starts: on a systemd host where pcscd was already running before
# vsmartcard-vpcd was installed, restart it once so the virtual readers appear.
# Without systemd (containers, CI sandboxes) the pcsc test fixture starts pcscd itself.
set -euo pipefail

if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    stamp=/var/tmp/hanoi-kiosk-pcscd-vpcd
    driver=$(dpkg-query -W -f='${Version}' vsmartcard-vpcd 2>/dev/null || true)
    if [ -n "$driver" ] && [ "$(cat "$stamp" 2>/dev/null || true)" != "$driver" ]; then
        "${sudo[@]}" systemctl try-restart pcscd.service || true
        "${sudo[@]}" systemctl start pcscd.socket || true
        echo "$driver" | "${sudo[@]}" tee "$stamp" >/dev/null
    fi
fi
