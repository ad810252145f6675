#!/usr/bin/env bash
# Starts the local Subtensor chain (chopsticks) and bootstraps subnet 2 with dev wallets.
# Flags and environment variables pass through unchanged; run with --help to
# list them. Relative paths are resolved from the caller's directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec node --import "file://$root/node_modules/tsx/dist/loader.mjs" "$root/src/devnet/cli.ts" "$@"
