#!/usr/bin/env bash
# One-command set-up on a fresh Debian machine: the Debian tools the tests drive for real
# (fail2ban-regex/-client, nft, nginx -t, xmllint, ip netns, openssl, faketime, shellcheck, sipp,
# PostgreSQL for the importer, tftpd-hpa for Cisco phones), the prebuilt FreeSWITCH from
# ../shared/freeswitch when that folder exists (live tests skip loudly without it), the npm packages
# (npm ci also compiles dist/ through "prepare"), then the main job: compile spec/ into generated/.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(fail2ban nftables nginx libxml2-utils iproute2 iputils-arping openssl netcat-openbsd faketime shellcheck sox libsox-fmt-mp3
  sip-tester postgresql-15 tftpd-hpa xz-utils ca-certificates curl)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  # No service start-ups in containers and CI: the tests run the tools directly.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# FreeSWITCH is not in Debian: the shared prebuilt build, when this checkout has it beside it.
fs_installer=../shared/freeswitch/install.sh
if [ -f "$fs_installer" ]; then
  echo "installing FreeSWITCH from $fs_installer"
  bash "$fs_installer" >/dev/null
else
  echo "NOTE: $fs_installer not found: FreeSWITCH live tests will be SKIPPED"
fi

npm ci --no-audit --no-fund
npx pbxc build
