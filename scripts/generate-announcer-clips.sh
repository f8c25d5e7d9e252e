#!/usr/bin/env bash
# Regenerates the lobby display's spoken word clips and chime in renderer/public/audio/.
#
# The clips are committed: CI and the branches never run this. Run it by hand after changing the
# word list (the display's phrase builder must find a clip for every word it says), then commit.
#
# Needs Debian's espeak-ng (voice "id") and sox built with Ogg Vorbis; jq writes the manifest.
# Each clip is mono 22.05 kHz Ogg Vorbis, trimmed of leading and trailing silence (keeping a short
# tail so words scheduled back to back do not run together) and normalised to the same loudness.
# sox runs with -R (fixed dither seed and Ogg stream serial): the same inputs give the same bytes,
# so regenerating changes nothing in git unless a word or a setting changed.
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=renderer/public/audio
RATE=22050
VOICE=id
SPEED=140
QUALITY=2

for tool in espeak-ng sox jq; do
  command -v "$tool" >/dev/null || { echo "generate-announcer-clips: $tool is not installed (apt-get install $tool)" >&2; exit 1; }
done
sox -h | grep -q 'vorbis' || { echo "generate-announcer-clips: this sox cannot write Ogg Vorbis (apt-get install libsox-fmt-all)" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
rm -f "$OUT"/*.ogg "$OUT"/manifest.json

# key<TAB>what espeak-ng reads. Letters are read by their Indonesian names, as people spell them.
CLIPS=$(cat <<'EOF'
nomor	nomor
antrean	antrean
silakan	silakan
menuju	menuju
bilik	bilik
loket	loket
nol	nol
satu	satu
dua	dua
tiga	tiga
empat	empat
lima	lima
enam	enam
tujuh	tujuh
delapan	delapan
sembilan	sembilan
sepuluh	sepuluh
sebelas	sebelas
belas	belas
puluh	puluh
seratus	seratus
ratus	ratus
seribu	seribu
ribu	ribu
juta	juta
huruf-a	a
huruf-b	be
huruf-c	ce
huruf-d	de
huruf-e	e
huruf-f	ef
huruf-g	ge
huruf-h	ha
huruf-i	i
huruf-j	je
huruf-k	ka
huruf-l	el
huruf-m	em
huruf-n	en
huruf-o	o
huruf-p	pe
huruf-q	ki
huruf-r	er
huruf-s	es
huruf-t	te
huruf-u	u
huruf-v	fe
huruf-w	we
huruf-x	eks
huruf-y	ye
huruf-z	zet
EOF
)

# Trim silence at both ends (keeping a short tail), normalise, and encode.
finish() {
  sox -R "$1" -r "$RATE" -c 1 -C "$QUALITY" "$2" \
    silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse \
    norm -1 pad 0 0.05
}

manifest="{}"
add() {
  local key=$1 file=$2 spoken=$3
  local seconds bytes
  seconds=$(soxi -D "$OUT/$file")
  bytes=$(stat -c %s "$OUT/$file")
  manifest=$(jq -c --arg k "$key" --arg f "$file" --arg t "$spoken" --argjson s "$seconds" --argjson b "$bytes" \
    '.[$k] = {file: $f, text: $t, seconds: ($s * 1000 | round / 1000), bytes: $b}' <<<"$manifest")
}

while IFS=$'\t' read -r key spoken; do
  espeak-ng -v "$VOICE" -s "$SPEED" -w "$WORK/$key.wav" "$spoken"
  finish "$WORK/$key.wav" "$OUT/$key.ogg"
  add "$key" "$key.ogg" "$spoken"
done <<<"$CLIPS"

# The chime: three bell-like notes rising (C5, E5, G5), each a sine with a softer octave, decaying.
note() {
  sox -R -n -r "$RATE" -c 2 "$WORK/note-$1.wav" synth 1.1 sine "$1" sine "$(($1 * 2))" \
    remix 1v0.8,2v0.2 fade p 0.008 1.1 1.0 pad "$2"
}
note 523 0
note 659 0.32
note 784 0.64
sox -R -m "$WORK/note-523.wav" "$WORK/note-659.wav" "$WORK/note-784.wav" "$WORK/chime.wav"
sox -R "$WORK/chime.wav" -r "$RATE" -c 1 -C "$QUALITY" "$OUT/chime.ogg" norm -3 pad 0 0.15
add chime chime.ogg "(chime)"

jq --argjson r "$RATE" '{format: "audio/ogg; codecs=vorbis", sampleRate: $r, clips: .}' <<<"$manifest" >"$OUT/manifest.json"

total=$(cat "$OUT"/*.ogg | wc -c)
echo "generate-announcer-clips: $(jq '.clips | length' "$OUT/manifest.json") clips, $((total / 1024)) KiB in $OUT"
