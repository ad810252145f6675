#!/usr/bin/env bash
# Starts the manage service: loads the wallets, connects to the chain, serves the HTTP API.
# Flags and environment variables pass through unchanged; run with --help to
# list them. Relative paths are resolved from the caller's directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec node --import "file://$root/node_modules/tsx/dist/loader.mjs" "$root/src/service/cli.ts" "$@"
