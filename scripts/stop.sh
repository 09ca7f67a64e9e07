#!/usr/bin/env bash
# Stops everything scripts/start.sh started (same profile).
source "$(dirname "$0")/env.sh"
bash "$ROOT/scripts/app.sh" stop
bash "$ROOT/scripts/stack.sh" stop
