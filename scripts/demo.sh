#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Set everything up and run the main job.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then
	scripts/setup.sh
fi
scripts/build.sh host
exec build/host/examples/host-probe "$@"
