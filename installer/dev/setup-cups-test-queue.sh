#!/usr/bin/env bash
# Prepare CUPS for the receipt printing tests and for trying `kiosk receipt print` on a
# development machine: start the scheduler if it is not running, then create a PDF queue
# (printer-driver-cups-pdf) that writes each job to ~/PDF/.
#
#   sudo installer/dev/setup-cups-test-queue.sh [QUEUE]      # default queue: kiosk-test
#   sudo installer/dev/setup-cups-test-queue.sh --remove [QUEUE]
#
# The pytest fixture (tests/integration/receipts/conftest.py) does not need this script: it
# starts cupsd itself when it can and makes throw-away queues. Use the script when the tests
# run as a user who cannot start cupsd, or to get a persistent queue to print to by hand.
set -euo pipefail

remove=0
if [[ "${1:-}" == "--remove" ]]; then
    remove=1
    shift
fi
queue="${1:-kiosk-test}"
ppd=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd

scheduler_running() {
    LC_ALL=C lpstat -r 2>/dev/null | grep -q "scheduler is running"
}

if ((remove)); then
    cancel -a "$queue" 2>/dev/null || true
    lpadmin -x "$queue"
    echo "removed queue $queue"
    exit 0
fi

for tool in cupsd lpadmin lpstat; do
    if ! command -v "$tool" >/dev/null && [[ ! -x "/usr/sbin/$tool" ]]; then
        echo "missing $tool: apt-get install cups cups-client printer-driver-cups-pdf" >&2
        exit 1
    fi
done
if [[ ! -f "$ppd" ]]; then
    echo "missing $ppd: apt-get install printer-driver-cups-pdf" >&2
    exit 1
fi

if ! scheduler_running; then
    if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
        systemctl start cups
    else
        # no systemd (containers, CI): run the daemon directly; it backgrounds itself
        "$(command -v cupsd || echo /usr/sbin/cupsd)"
    fi
    for _ in $(seq 1 50); do
        scheduler_running && break
        sleep 0.2
    done
    if ! scheduler_running; then
        echo "cupsd did not start; see /var/log/cups/error_log" >&2
        exit 1
    fi
fi

# abort-job: a failing job is reported as aborted instead of stopping the whole queue
lpadmin -p "$queue" -E -v cups-pdf:/ -P "$ppd" -o printer-error-policy=abort-job 2>/dev/null
cupsenable "$queue"
cupsaccept "$queue"
LC_ALL=C lpstat -p "$queue"
echo "queue $queue ready: try  .venv/bin/kiosk receipt print --sample --printer $queue"
