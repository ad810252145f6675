#!/usr/bin/env bash
# Starts the local Subtensor chain (chopsticks) and bootstraps subnet 2 with
# dev wallets. Flags and environment variables are passed through; run with
# --help to list them.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx src/devnet/cli.ts "$@"
