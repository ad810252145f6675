#!/usr/bin/env bash
# Creates, lists and revokes the scoped tokens of the manage service.
# Arguments pass through unchanged; run with --help to list them. Relative
# paths are resolved from the caller's directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec node --import "file://$root/node_modules/tsx/dist/loader.mjs" "$root/src/cli/tokens.ts" "$@"
