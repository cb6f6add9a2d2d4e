#!/usr/bin/env bash
# Set up a Debian 12 machine as a Hanoi citizen service kiosk: packages, the kiosk user,
# pcscd, the app in /opt/hanoi-kiosk, the per-kiosk settings file, the cage systemd unit
# with autologin on tty1, and the udev/polkit rules for the card reader.
# Step by step, with every option explained: installer/README.md.
#
#   sudo installer/linux/install-kiosk.sh --kiosk-id HK-PHB-01 --agency-code H26.22.01 \
#       --portal-url https://portal.example.gov.vn --wheel dist/hanoi_kiosk-0.1.0-py3-none-any.whl
#
# --dry-run prints every action instead of doing it; --root DIR installs the files under DIR
# (a chroot or a test directory) and skips what only makes sense on a live system.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)

KIOSK_USER=kiosk
APP_DIR=/opt/hanoi-kiosk
CONF_DIR=/etc/hanoi-kiosk
DATA_DIR=/var/lib/hanoi-kiosk
UNIT=hanoi-kiosk.service
# Beyond installer/debian/run-packages.txt (the app's Qt, PC/SC and printing libraries).
KIOSK_PACKAGES=(cage wlr-randr polkitd libpam-systemd dbus speech-dispatcher espeak-ng
    python3 python3-venv pcscd cups-client fonts-noto-core)

ROOT=""
DRY_RUN=0
INSTALL_PACKAGES=1
START=0
WHEEL=""
WHEELHOUSE=""
BUNDLE=""
KIOSK_ID=""
KIOSK_NAME=""
AGENCY_CODE=""
AGENCY_NAME=""
PORTAL_URL=""
PORTAL_CA=""
PRINTER=""
UI_LANGUAGE="vi"
IDLE_TIMEOUT=120
IDLE_WARNING=30
MOBILE=false
ASSISTED=true
ROTATION=0
LOG_LEVEL=INFO

usage() {
    cat <<'EOF'
Usage: install-kiosk.sh --kiosk-id ID --agency-code CODE --portal-url URL
                        (--wheel FILE [--wheelhouse DIR] | --bundle DIR) [options]

Settings written to /etc/hanoi-kiosk/kiosk.toml:
  --kiosk-id ID          this kiosk's identifier (letters, digits, . _ -), required
  --agency-code CODE     receiving agency code, e.g. H26.22.01, required
  --portal-url URL       portal base URL (https://, or http:// on loopback), required
  --agency-name TEXT     receiving unit printed on receipts
  --kiosk-name TEXT      name shown in the kiosk header
  --portal-ca FILE       CA bundle for the portal's certificate (copied to /etc/hanoi-kiosk)
  --printer NAME         CUPS queue for receipts (default: the system default printer)
  --language vi|en       start-up language (default vi)
  --idle-timeout S       seconds without a touch before a session ends (default 120)
  --idle-warning S       warning this many seconds before (>= 20, default 30)
  --mobile               tablet/van mode: no printer, receipts as QR and PDF
  --no-assisted          volunteers may not sign in
  --log-level LEVEL      DEBUG, INFO, WARNING or ERROR (default INFO)
Screen:
  --rotation DEG         0, 90, 180 or 270 (default 0)
App (one of):
  --wheel FILE           install this wheel into /opt/hanoi-kiosk/venv
  --wheelhouse DIR       with --wheel: install offline from the wheels in DIR
  --bundle DIR           copy this built bundle (with an executable "kiosk") to /opt/hanoi-kiosk/app
Installer:
  --dry-run              print each action instead of doing it
  --root DIR             install under DIR (no packages, users or running services)
  --no-packages          do not apt-get install anything
  --start                start the kiosk now instead of at the next boot
  -h, --help             this help
EOF
}

die() {
    echo "install-kiosk: $*" >&2
    exit 2
}

need_value() {
    if [ "$#" -lt 2 ] || [ -z "$2" ]; then die "$1 needs a value (see --help)"; fi
}

parse_args() {
    while [ "$#" -gt 0 ]; do
        case "$1" in
            --kiosk-id) need_value "$@"; KIOSK_ID=$2; shift 2 ;;
            --kiosk-name) need_value "$@"; KIOSK_NAME=$2; shift 2 ;;
            --agency-code) need_value "$@"; AGENCY_CODE=$2; shift 2 ;;
            --agency-name) need_value "$@"; AGENCY_NAME=$2; shift 2 ;;
            --portal-url) need_value "$@"; PORTAL_URL=$2; shift 2 ;;
            --portal-ca) need_value "$@"; PORTAL_CA=$2; shift 2 ;;
            --printer) need_value "$@"; PRINTER=$2; shift 2 ;;
            --language) need_value "$@"; UI_LANGUAGE=$2; shift 2 ;;
            --idle-timeout) need_value "$@"; IDLE_TIMEOUT=$2; shift 2 ;;
            --idle-warning) need_value "$@"; IDLE_WARNING=$2; shift 2 ;;
            --mobile) MOBILE=true; shift ;;
            --no-assisted) ASSISTED=false; shift ;;
            --log-level) need_value "$@"; LOG_LEVEL=$2; shift 2 ;;
            --rotation) need_value "$@"; ROTATION=$2; shift 2 ;;
            --wheel) need_value "$@"; WHEEL=$2; shift 2 ;;
            --wheelhouse) need_value "$@"; WHEELHOUSE=$2; shift 2 ;;
            --bundle) need_value "$@"; BUNDLE=$2; shift 2 ;;
            --dry-run) DRY_RUN=1; shift ;;
            --root) need_value "$@"; ROOT=$2; shift 2 ;;
            --no-packages) INSTALL_PACKAGES=0; shift ;;
            --start) START=1; shift ;;
            -h | --help) usage; exit 0 ;;
            *) die "unknown option: $1 (see --help)" ;;
        esac
    done
}

validate() {
    [ -n "$KIOSK_ID" ] || die "--kiosk-id is required"
    [ -n "$AGENCY_CODE" ] || die "--agency-code is required"
    [ -n "$PORTAL_URL" ] || die "--portal-url is required"
    [[ "$KIOSK_ID" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || die "--kiosk-id: letters, digits, . _ - only"
    [[ "$AGENCY_CODE" =~ ^[A-Za-z0-9.]{1,32}$ ]] || die "--agency-code: e.g. H26.22.01"
    case "$PORTAL_URL" in
        https://*) ;;
        http://127.0.0.1* | http://localhost* | http://\[::1\]*) ;;
        *) die "--portal-url must use https:// (http:// only on loopback)" ;;
    esac
    case "$UI_LANGUAGE" in vi | en) ;; *) die "--language must be vi or en" ;; esac
    case "$ROTATION" in 0 | 90 | 180 | 270) ;; *) die "--rotation must be 0, 90, 180 or 270" ;; esac
    case "$LOG_LEVEL" in
        DEBUG | INFO | WARNING | ERROR) ;;
        *) die "--log-level must be DEBUG, INFO, WARNING or ERROR" ;;
    esac
    [[ "$IDLE_TIMEOUT" =~ ^[0-9]+$ ]] || die "--idle-timeout must be a whole number of seconds"
    [[ "$IDLE_WARNING" =~ ^[0-9]+$ ]] || die "--idle-warning must be a whole number of seconds"
    if [ "$IDLE_WARNING" -lt 20 ] || [ "$IDLE_WARNING" -ge "$IDLE_TIMEOUT" ]; then
        die "--idle-warning must be at least 20 and below --idle-timeout (WCAG 2.2.1)"
    fi
    if [ -n "$WHEEL" ] && [ -n "$BUNDLE" ]; then die "give --wheel or --bundle, not both"; fi
    if [ -z "$WHEEL" ] && [ -z "$BUNDLE" ]; then die "give --wheel FILE or --bundle DIR"; fi
    if [ -n "$WHEEL" ] && [ ! -f "$WHEEL" ]; then die "--wheel: no such file: $WHEEL"; fi
    if [ -n "$WHEELHOUSE" ] && [ ! -d "$WHEELHOUSE" ]; then die "--wheelhouse: no such directory"; fi
    if [ -n "$BUNDLE" ] && [ ! -x "$BUNDLE/kiosk" ]; then
        die "--bundle: $BUNDLE/kiosk is not an executable"
    fi
    if [ -n "$PORTAL_CA" ] && [ ! -f "$PORTAL_CA" ]; then die "--portal-ca: no such file"; fi
    local text
    for text in "$KIOSK_NAME" "$AGENCY_NAME" "$PRINTER"; do
        [[ "$text" != *[[:cntrl:]]* ]] || die "settings text must not hold control characters"
    done
    if [ -n "$ROOT" ]; then
        [ -d "$ROOT" ] || die "--root: no such directory: $ROOT"
        ROOT=$(cd "$ROOT" && pwd)
    elif [ "$DRY_RUN" -eq 0 ] && [ "$(id -u)" -ne 0 ]; then
        die "run as root (sudo), or use --dry-run / --root DIR"
    fi
}

# --- actions: each one prints itself in --dry-run ---------------------------------------

step() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }

run() {
    if [ "$DRY_RUN" -eq 1 ]; then
        printf '+'
        printf ' %q' "$@"
        printf '\n'
    else
        "$@"
    fi
}

# write_file PATH MODE: the content comes on stdin; written atomically under $ROOT.
write_file() {
    local dest="$ROOT$1" mode=$2 content tmp
    content=$(cat)
    if [ "$DRY_RUN" -eq 1 ]; then
        printf '+ write %s (mode %s)\n' "$dest" "$mode"
        printf '%s\n' "$content" | sed 's/^/|   /'
        return
    fi
    mkdir -p "$(dirname "$dest")"
    tmp=$(mktemp "$dest.XXXXXX")
    printf '%s\n' "$content" >"$tmp"
    chmod "$mode" "$tmp"
    mv -f "$tmp" "$dest"
}

have_user() { id "$KIOSK_USER" >/dev/null 2>&1; }

# toml_string TEXT: a TOML basic string.
toml_string() {
    local s=$1
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    printf '"%s"' "$s"
}

package_list() {
    local list="$REPO_DIR/installer/debian/run-packages.txt" line pkgs=()
    if [ -f "$list" ]; then
        while IFS= read -r line; do
            line=${line%%#*}
            line=${line//[[:space:]]/}
            [ -n "$line" ] && pkgs+=("$line")
        done <"$list"
    fi
    printf '%s\n' "${pkgs[@]}" "${KIOSK_PACKAGES[@]}" | sort -u
}

install_packages() {
    step "Debian packages (cage, pcscd, polkit, Qt runtime libraries, speech, fonts)"
    local pkgs=()
    mapfile -t pkgs < <(package_list)
    if [ -n "$ROOT" ]; then
        note "skipped (--root): ${pkgs[*]}"
        return
    fi
    if [ "$INSTALL_PACKAGES" -eq 0 ]; then
        note "skipped (--no-packages): ${pkgs[*]}"
        return
    fi
    run apt-get update
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${pkgs[@]}"
}

create_user() {
    step "User '$KIOSK_USER' (no password, no shell; home $DATA_DIR)"
    if [ -n "$ROOT" ]; then
        note "skipped (--root): useradd --system --home-dir $DATA_DIR $KIOSK_USER"
        return
    fi
    if have_user; then
        note "exists"
    else
        run useradd --system --user-group --create-home --home-dir "$DATA_DIR" \
            --shell /usr/sbin/nologin --comment "Hanoi citizen service kiosk" "$KIOSK_USER"
    fi
    # Screen, input, GPU and sound devices (logind also grants them to the active session).
    local group
    for group in video input render audio; do
        if getent group "$group" >/dev/null; then run usermod -a -G "$group" "$KIOSK_USER"; fi
    done
}

make_dirs() {
    step "Directories: $APP_DIR (app), $CONF_DIR (settings), $DATA_DIR/data (kiosk data)"
    run install -d -m 0755 "$ROOT$APP_DIR" "$ROOT$APP_DIR/bin" "$ROOT$CONF_DIR"
    run install -d -m 0700 "$ROOT$DATA_DIR" "$ROOT$DATA_DIR/data"
    if [ -z "$ROOT" ] && { have_user || [ "$DRY_RUN" -eq 1 ]; }; then
        run chown "$KIOSK_USER:$KIOSK_USER" "$DATA_DIR" "$DATA_DIR/data"
    fi
}

install_app() {
    local exe
    if [ -n "$BUNDLE" ]; then
        step "App: bundle $BUNDLE -> $APP_DIR/app"
        run rm -rf "$ROOT$APP_DIR/app.new" "$ROOT$APP_DIR/app.old"
        run cp -a "$BUNDLE" "$ROOT$APP_DIR/app.new"
        if [ -e "$ROOT$APP_DIR/app" ]; then run mv -T "$ROOT$APP_DIR/app" "$ROOT$APP_DIR/app.old"; fi
        run mv -T "$ROOT$APP_DIR/app.new" "$ROOT$APP_DIR/app"
        exe="$APP_DIR/app/kiosk"
    else
        step "App: wheel $(basename "$WHEEL") -> virtual environment $APP_DIR/venv"
        if [ -n "$ROOT" ]; then
            note "a venv records its own path: under --root its scripts name $ROOT$APP_DIR;"
            note "for a system image use --bundle, or run this installer inside the chroot"
        fi
        local pip_args=(install --no-cache-dir)
        if [ -n "$WHEELHOUSE" ]; then pip_args+=(--no-index --find-links "$WHEELHOUSE"); fi
        # A venv cannot be moved (its scripts name its path): build it in place, with the
        # previous one set aside and put back if the build fails.
        run rm -rf "$ROOT$APP_DIR/venv.old"
        if [ -e "$ROOT$APP_DIR/venv" ]; then run mv -T "$ROOT$APP_DIR/venv" "$ROOT$APP_DIR/venv.old"; fi
        if ! run python3 -m venv "$ROOT$APP_DIR/venv" ||
            ! run "$ROOT$APP_DIR/venv/bin/pip" "${pip_args[@]}" "$WHEEL"; then
            run rm -rf "$ROOT$APP_DIR/venv"
            if [ -e "$ROOT$APP_DIR/venv.old" ]; then
                run mv -T "$ROOT$APP_DIR/venv.old" "$ROOT$APP_DIR/venv"
            fi
            die "installing the wheel failed; the previous app is back in place"
        fi
        exe="$APP_DIR/venv/bin/kiosk"
    fi
    run install -m 0755 "$SCRIPT_DIR/kiosk-session" "$ROOT$APP_DIR/bin/kiosk-session"
    run install -m 0755 "$SCRIPT_DIR/kiosk-app" "$ROOT$APP_DIR/bin/kiosk-app"
    KIOSK_EXE=$exe
}

write_settings() {
    step "Settings $CONF_DIR/kiosk.toml (read by the app through KIOSK_CONFIG)"
    local ca_line=""
    if [ -n "$PORTAL_CA" ]; then
        run install -m 0644 "$PORTAL_CA" "$ROOT$CONF_DIR/portal-ca.pem"
        ca_line="portal_ca_bundle = $(toml_string "$CONF_DIR/portal-ca.pem")"
    fi
    if [ -f "$ROOT$CONF_DIR/kiosk.toml" ]; then
        run cp -p "$ROOT$CONF_DIR/kiosk.toml" "$ROOT$CONF_DIR/kiosk.toml.previous"
    fi
    {
        echo "# Written by install-kiosk.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Every key:"
        echo "# installer/README.md, \"Fleet settings\". Re-run the installer or edit, then"
        echo "# systemctl restart $UNIT"
        echo "kiosk_id = $(toml_string "$KIOSK_ID")"
        if [ -n "$KIOSK_NAME" ]; then echo "kiosk_name = $(toml_string "$KIOSK_NAME")"; fi
        echo "agency_code = $(toml_string "$AGENCY_CODE")"
        if [ -n "$AGENCY_NAME" ]; then echo "agency_name = $(toml_string "$AGENCY_NAME")"; fi
        echo "portal_url = $(toml_string "$PORTAL_URL")"
        if [ -n "$ca_line" ]; then echo "$ca_line"; fi
        echo "printer_name = $(toml_string "$PRINTER")"
        echo "language = $(toml_string "$UI_LANGUAGE")"
        echo "idle_timeout_s = $IDLE_TIMEOUT"
        echo "idle_warning_s = $IDLE_WARNING"
        echo "mobile_mode = $MOBILE"
        echo "assisted_mode_allowed = $ASSISTED"
        echo "fullscreen = true"
        echo "data_dir = $(toml_string "$DATA_DIR/data")"
        echo "log_level = $(toml_string "$LOG_LEVEL")"
    } | write_file "$CONF_DIR/kiosk.toml" 0644

    step "Environment $CONF_DIR/kiosk.env (rotation, Qt on Wayland, where the app is)"
    write_file "$CONF_DIR/kiosk.env" 0644 <<EOF
# Read by $UNIT (EnvironmentFile). Written by install-kiosk.sh.
KIOSK_CONFIG=$CONF_DIR/kiosk.toml
HANOI_KIOSK_EXE=$KIOSK_EXE
HANOI_KIOSK_ROTATION=$ROTATION
QT_QPA_PLATFORM=wayland
QT_IM_MODULE=qtvirtualkeyboard
QT_WAYLAND_DISABLE_WINDOWDECORATION=1
XDG_SESSION_TYPE=wayland
EOF
}

install_system_files() {
    step "systemd unit /etc/systemd/system/$UNIT (cage on tty1, autologin, restart always)"
    run install -D -m 0644 "$SCRIPT_DIR/$UNIT" "$ROOT/etc/systemd/system/$UNIT"
    step "polkit rule: the kiosk user may use PC/SC readers and cards through pcscd"
    run install -D -m 0644 "$SCRIPT_DIR/60-hanoi-kiosk-pcsc.rules" \
        "$ROOT/etc/polkit-1/rules.d/60-hanoi-kiosk-pcsc.rules"
    step "udev rule: card readers stay powered; the kiosk group may open them"
    run install -D -m 0644 "$SCRIPT_DIR/95-hanoi-kiosk-reader.rules" \
        "$ROOT/etc/udev/rules.d/95-hanoi-kiosk-reader.rules"
    if [ -z "$ROOT" ]; then
        run udevadm control --reload-rules
    fi
}

unit_present() {
    local dir
    for dir in etc/systemd/system usr/lib/systemd/system lib/systemd/system; do
        if [ -e "$ROOT/$dir/$1" ]; then return 0; fi
    done
    return 1
}

# systemd_do VERB UNIT: systemctl on the live system, or offline (--root) under $ROOT.
systemd_do() {
    if [ -z "$ROOT" ]; then
        run systemctl "$@"
    elif ! command -v systemctl >/dev/null 2>&1; then
        note "skipped (--root, no systemctl here): systemctl $*"
    elif [ "$1" = mask ] || unit_present "$2"; then
        run systemctl --root="$ROOT" --quiet "$@"
    else
        note "skipped (--root, $2 not under $ROOT): systemctl $*"
    fi
}

enable_services() {
    step "Enable pcscd and the kiosk at boot; graphical boot; no Ctrl+Alt+Del reboot"
    if [ -z "$ROOT" ]; then run systemctl daemon-reload; fi
    systemd_do enable pcscd.socket
    systemd_do enable "$UNIT"
    systemd_do set-default graphical.target
    systemd_do mask ctrl-alt-del.target
    if [ "$START" -eq 1 ] && [ -z "$ROOT" ]; then
        step "Start the kiosk now"
        run systemctl restart pcscd.socket
        run systemctl restart "$UNIT"
    fi
}

main() {
    parse_args "$@"
    validate
    KIOSK_EXE=""
    if [ "$DRY_RUN" -eq 1 ]; then note "dry run: nothing is changed"; fi
    if [ -n "$ROOT" ]; then note "installing under $ROOT"; fi
    install_packages
    create_user
    make_dirs
    install_app
    write_settings
    install_system_files
    enable_services
    step "Done. Set the admin PIN: sudo -u $KIOSK_USER env KIOSK_CONFIG=$CONF_DIR/kiosk.toml $KIOSK_EXE admin set-pin"
    if [ "$START" -eq 0 ]; then note "The kiosk starts at the next boot (or: systemctl start $UNIT)."; fi
}

main "$@"
