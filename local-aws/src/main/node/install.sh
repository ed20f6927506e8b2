#!/bin/sh
# Installs the local target's emulators from the lock file into TARGET/node_modules (npm ci).
# Usage: install.sh SOURCE_DIR TARGET_DIR. Skips the install when TARGET holds the same lock file.
set -eu
source_dir=$1
target_dir=$2

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "dslab: Node.js 20 or newer (with npm) is required to install the local AWS emulators, but 'node'/'npm' is not on the PATH: install Node.js 20+ (https://nodejs.org or your package manager) and build again." >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "dslab: Node.js 20 or newer is required to install the local AWS emulators, found $(node --version): install Node.js 20+ and build again." >&2
  exit 1
fi

if [ -d "$target_dir/node_modules" ] && cmp -s "$source_dir/package-lock.json" "$target_dir/installed-package-lock.json"; then
  exit 0
fi

mkdir -p "$target_dir"
rm -f "$target_dir/installed-package-lock.json"
cp "$source_dir/package.json" "$source_dir/package-lock.json" "$target_dir/"
cd "$target_dir"
# npm 11 skips the install script of classic-level (node-gyp-build); that script only picks the shipped
# prebuilt binary, which node-gyp-build also finds at run time, so the check below proves the install works.
npm ci --no-audit --no-fund --loglevel=error
node -e "require('dynalite'); require('classic-level'); require.resolve('kinesis-local/main.js')" || {
  echo "dslab: the local AWS emulators were installed into $target_dir but do not load with $(node --version); see the error above." >&2
  exit 1
}
cp package-lock.json installed-package-lock.json
