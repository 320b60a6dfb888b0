#!/usr/bin/env bash
# One-command set-up on a fresh Debian machine: the Debian tools the tests drive for real
# (fail2ban-regex/-client, nft, nginx -t, xmllint, ip netns, openssl), the npm packages
# (npm ci also compiles dist/ through "prepare"), then the main job: compile spec/ into generated/.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(fail2ban nftables nginx libxml2-utils iproute2 openssl netcat-openbsd)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  # No service start-ups in containers and CI: the tests run the tools directly.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
npx pbxc build
