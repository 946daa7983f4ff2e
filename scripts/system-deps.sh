#!/bin/sh
# Installs the Debian packages Partnerstvo needs beyond Python:
#   runtime (`make demo`): Pango and DejaVu fonts for WeasyPrint's PDFs (Cyrillic included);
#   tests (`make test`): also Chromium (browser tests through Playwright), gettext, and a Java
#   runtime for the Nu HTML Checker (vnu.jar) that checks every public page type.
# Does nothing when they are already there; needs root (or sudo) only when something is missing.
#   sh scripts/system-deps.sh [runtime|test]
set -eu
need="${1:-test}"
missing=""
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core"
if [ "$need" = test ]; then
  [ -x /usr/bin/chromium ] || missing="$missing chromium"
  command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"
  command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
fi
[ -z "$missing" ] && exit 0
echo "Installing system packages:$missing"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
