#!/usr/bin/env bash
# Renders the picture at the top of docs/architecture.md from its text source, docs/images/architecture.dot.
# Needs Graphviz: `apt-get install graphviz` on Debian. Usage: scripts/render-architecture.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dot >/dev/null; then
  echo "Graphviz's dot is missing: apt-get install graphviz" >&2
  exit 2
fi
dot -Tpng -Gdpi=110 docs/images/architecture.dot -o docs/images/architecture.png
echo "wrote docs/images/architecture.png"
