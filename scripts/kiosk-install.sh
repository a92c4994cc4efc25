#!/bin/sh
# Install the lobby kiosk to start at boot (Debian 12, run as root from the repo):
# a dedicated account without a password, the program in /opt/kiosk-mot-cua, X allowed for
# that account, the systemd unit enabled. README: "Running as an unattended kiosk".
set -eu
[ "$(id -u)" -eq 0 ] || { echo "Chạy bằng quyền root: sudo sh scripts/kiosk-install.sh" >&2; exit 1; }
REPO=$(cd "$(dirname "$0")/.." && pwd)
apt-get install -y --no-install-recommends xserver-xorg xinit x11-xserver-utils xinput
id kiosk >/dev/null 2>&1 || useradd --system --create-home --home-dir /home/kiosk --shell /usr/sbin/nologin \
    --groups video,input,audio,lp kiosk
mkdir -p /opt/kiosk-mot-cua /var/lib/kiosk-mot-cua
cp -a "$REPO/." /opt/kiosk-mot-cua/
rm -rf /opt/kiosk-mot-cua/.venv
(cd /opt/kiosk-mot-cua && make .venv/.installed PYTHON=python3)
chown -R kiosk:kiosk /var/lib/kiosk-mot-cua
chmod 0700 /var/lib/kiosk-mot-cua
# let the kiosk account start X from its systemd service (not only from a console login)
printf 'allowed_users=anybody\nneeds_root_rights=yes\n' > /etc/X11/Xwrapper.config
[ -f /etc/default/kiosk-mot-cua ] || cat > /etc/default/kiosk-mot-cua <<'CONF'
# KIOSK_ROTATE=left
# KIOSK_TOUCH_DEVICE="ILITEK ILITEK-TP"
# KIOSK_TOUCH_MATRIX="0 -1 1 1 0 0 0 0 1"
# KIOSK_SCREEN_DPI=69
CONF
install -m 0644 "$REPO/scripts/kiosk-lobby.service" /etc/systemd/system/kiosk-lobby.service
systemctl daemon-reload
systemctl disable getty@tty1.service || true
systemctl enable kiosk-lobby.service
systemctl set-default graphical.target
echo "Xong. Khởi động lại máy: kiosk sẽ tự mở ở màn hình sảnh."
