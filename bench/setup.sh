#!/bin/sh
# usage: sh bench/setup.sh       (as root, Debian 12)
# Installs what bench/run.sh needs: the peer engines (WeasyPrint and TeX Live
# from apt; Typst and pdfmake from npm into bench/peers/, which git ignores),
# DejaVu fonts, libharu (for the floor), poppler-utils, qpdf, GNU time and
# valgrind.  None of the peers' code is committed; the node packages are
# pinned by bench/package-lock.json.
# SKIP_APT=1 skips apt; SKIP_LATEX=1 skips TeX Live.
set -eu
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
if [ -z "${SKIP_APT:-}" ]; then
    apt-get update
    apt-get install -y weasyprint fonts-dejavu-core libhpdf-dev gcc poppler-utils qpdf time valgrind
    [ -n "${SKIP_LATEX:-}" ] ||
        apt-get install -y --no-install-recommends texlive-latex-recommended texlive-luatex lmodern
    command -v node >/dev/null || apt-get install -y nodejs npm
fi
# pdfmake 0.3 declares node >= 20; Debian 12's own nodejs is 18.
node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' ||
    echo "setup.sh: warning: node $(node --version) is older than pdfmake 0.3 asks for (>= 20)" >&2
mkdir -p peers
cp package.json package-lock.json peers/
# The lock file lists typst-ts-node-compiler's optional per-platform packages
# without entries, so npm 10's `npm ci` refuses it ("Missing: ...-android-
# arm-eabi@ from lock file"); `npm install` then resolves from the same lock
# (pdfmake and the compiler are pinned to exact versions in package.json).
(cd peers && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; })
echo "setup.sh: done"
