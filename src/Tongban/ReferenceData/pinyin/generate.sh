#!/usr/bin/env bash
# Regenerates han-pinyin.txt: one line per toneless pinyin syllable followed by every CJK Unified
# Ideograph (U+4E00–U+9FA5) ICU's Han-Latin transliterator reads that way (ICU data is Unicode-licensed).
# Polyphones get ICU's most common reading; Pinyin.cs corrects the catalog words that need another one.
set -euo pipefail
cd "$(dirname "$0")"
python3 -c "print(''.join(chr(c) + '\n' for c in range(0x4E00, 0x9FA6)), end='')" > /tmp/han.$$.txt
uconv -x 'Han-Latin; Latin-ASCII' /tmp/han.$$.txt | paste -d' ' /tmp/han.$$.txt - \
  | awk '$2 ~ /^[a-z]+$/ { s[$2] = s[$2] $1 } END { for (k in s) print k, s[k] }' | LC_ALL=C sort > han-pinyin.txt
rm /tmp/han.$$.txt
