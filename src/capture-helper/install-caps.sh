#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# meson install hook: gives wirelens-capture cap_net_raw,cap_net_admin when installing as
# root into the live system. Packagers (DESTDIR set) do it in their post-install step instead,
# as Debian's wireshark package does for dumpcap.
helper="${MESON_INSTALL_DESTDIR_PREFIX}/$1"
setcap="$2"
case "$1" in /*) helper="${DESTDIR}$1" ;; esac
if [ -n "${DESTDIR}" ]; then
  echo "wirelens-capture: DESTDIR is set; run 'setcap cap_net_raw,cap_net_admin=eip ${1}' after installing the package (see doc/capture.md)."
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "wirelens-capture: not installing as root, so it has no capture privileges. Run:"
  echo "    sudo setcap cap_net_raw,cap_net_admin=eip ${helper}"
  echo "  or see doc/capture.md for the wirelens group."
  exit 0
fi
if [ -z "${setcap}" ]; then
  echo "wirelens-capture: setcap was not found (package libcap2-bin); run it by hand:"
  echo "    setcap cap_net_raw,cap_net_admin=eip ${helper}"
  exit 0
fi
if "${setcap}" cap_net_raw,cap_net_admin=eip "${helper}"; then
  echo "wirelens-capture: gave ${helper} cap_net_raw,cap_net_admin=eip"
else
  echo "wirelens-capture: setcap failed (a file system without extended attributes?); see doc/capture.md." >&2
fi
exit 0
