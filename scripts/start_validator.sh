#!/usr/bin/env bash
# Starts the validator node: queries miners' axons and sets weights through
# the manage service, so this process has no private key.
# Flags and environment variables pass through unchanged, and --help lists
# them. Relative paths are resolved from the caller's directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec node --import "file://$root/node_modules/tsx/dist/loader.mjs" "$root/src/neuron/validator/cli.ts" "$@"
