#!/usr/bin/env bash
# Starts the miner node: serves its axon and sends every extrinsic to the
# manage service for signing, so this process has no private key.
# Flags and environment variables pass through unchanged, and --help lists
# them. Relative paths are resolved from the caller's directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec node --import "file://$root/node_modules/tsx/dist/loader.mjs" "$root/src/neuron/miner/cli.ts" "$@"
