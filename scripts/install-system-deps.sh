#!/usr/bin/env bash
# Install the Debian packages recordkit needs (tesseract with English, Simplified Chinese and
# orientation data; python3-venv; a CJK font for the packet; chromium, which the review app's
# browser tests drive). Does nothing when they are already there.
set -euo pipefail

need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
for pair in eng:tesseract-ocr-eng chi_sim:tesseract-ocr-chi-sim osd:tesseract-ocr-osd; do
  lang=${pair%%:*}; pkg=${pair#*:}
  if ! (command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx "$lang"); then
    need+=("$pkg")
  fi
done
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || need+=(python3-venv)
# a CJK font the review packet embeds, so that Chinese renders in any PDF viewer
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
command -v chromium >/dev/null 2>&1 || need+=(chromium)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "installing Debian packages: ${need[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "error: run as root or install sudo, or install by hand: apt-get install ${need[*]}" >&2
    exit 3
  fi
else
  SUDO=
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no apt-get here; install tesseract (with eng, chi_sim, osd data) yourself," >&2
  echo "       e.g. 'brew install tesseract tesseract-lang' on macOS" >&2
  exit 3
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
